"""Every page is served with the Content-Security-Policy (no inline script or style, nothing
from elsewhere, no framing), the Referrer-Policy and the Permissions-Policy."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("signed_in", [False, True])
def test_pages_carry_the_security_headers(client, cast, signed_in):
    if signed_in:
        client.force_login(cast.office)
    response = client.get(reverse("portal:home") if signed_in else reverse("login"))
    assert response.status_code == 200
    directives = dict(
        (part.strip().split(" ", 1) + [""])[:2]
        for part in response["Content-Security-Policy"].split(";")
        if part.strip()
    )
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert directives["default-src"] == "'self'" and directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert "unsafe" not in response["Content-Security-Policy"]
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Frame-Options"] == "DENY"
