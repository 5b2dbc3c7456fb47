"""Single sign-on by OpenID Connect, end to end against a real provider (django-oauth-toolkit,
tests/accounts/oidc_provider.py) started on loopback: the browser's part is played by an HTTP
session at the provider and the test client at this site; the site itself talks to the
provider over HTTP (code for tokens, the signing keys, the user's claims)."""

import os
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
from django.urls import reverse

import config.urls  # noqa: F401 — imported now, with single sign-on off (it decides on import)
from audit.models import Action, AuditEvent
from people.models import User
from tests.people.factories import UserFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
CLIENT_ID, CLIENT_SECRET = "weiyuan", "s3cret-of-the-test-client"
REDIRECT = "http://testserver/oidc/callback/"
BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "accounts.oidc.ExistingAccountBackend",
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def provider():
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.accounts.oidc_provider", "--port", str(port),
         "--client-id", CLIENT_ID, "--client-secret", CLIENT_SECRET, "--redirect-uri", REDIRECT,
         "--user", "zhaozhenhua:Gov-Pass-2026", "--user", "stranger:Gov-Pass-2026",
         "--user", "retired:Gov-Pass-2026"],
        cwd=ROOT, stdout=subprocess.PIPE, text=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": ""},
    )  # fmt: skip
    try:
        assert process.stdout.readline().strip() == "ready", "the OIDC provider did not start"
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def sso(settings, provider):
    issuer = f"{provider}/o"
    settings.OIDC_ENABLED = True
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_RP_SIGN_ALGO = "RS256"
    settings.OIDC_RP_SCOPES = "openid profile email"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{issuer}/authorize/"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{issuer}/token/"
    settings.OIDC_OP_USER_ENDPOINT = f"{issuer}/userinfo/"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{issuer}/.well-known/jwks.json"
    settings.OIDC_USE_PKCE = True
    settings.OIDC_CREATE_USER = False
    settings.AUTHENTICATION_BACKENDS = BACKENDS
    settings.ROOT_URLCONF = "tests.accounts.oidc_urls"
    return provider


def single_sign_on(client, provider, username, password="Gov-Pass-2026"):
    """Start at our log-in page's link, sign in at the provider, come back with the code."""
    start = client.get(reverse("oidc_authentication_init"))
    assert start.status_code == 302 and start.url.startswith(provider)
    browser = requests.Session()
    login_url = f"{provider}/accounts/login/"
    browser.get(login_url, timeout=10)
    response = browser.post(
        login_url,
        data={
            "username": username,
            "password": password,
            "csrfmiddlewaretoken": browser.cookies["csrftoken"],
            "next": start.url.removeprefix(provider),
        },
        headers={"Referer": login_url},
        allow_redirects=False,
        timeout=10,
    )
    # Follow the provider's redirects, up to the one that sends the browser back to us.
    back = response.headers["Location"]
    while back.startswith(("/", provider)):
        back = browser.get(
            provider + back if back.startswith("/") else back, allow_redirects=False, timeout=10
        ).headers["Location"]
    assert back.startswith(REDIRECT), back
    parts = urlsplit(back)
    return client.get(f"{parts.path}?{parts.query}", REMOTE_ADDR="10.8.0.1")


def test_an_existing_account_signs_in_through_the_provider(client, sso):
    leader = UserFactory(username="zhaozhenhua")
    assert "统一身份认证" in client.get(reverse("login")).content.decode()
    response = single_sign_on(client, sso, "zhaozhenhua")
    assert response.status_code == 302
    assert response.url == reverse("portal:home")
    assert int(client.session["_auth_user_id"]) == leader.pk
    assert client.get(reverse("portal:home")).status_code == 200
    event = AuditEvent.objects.get(action=Action.SIGN_IN)
    assert (event.user_id, event.detail, event.source_address) == (
        leader.pk,
        "single sign-on",
        "10.8.0.1",
    )


def test_no_account_is_created_for_an_unknown_person(client, sso):
    before = User.objects.count()
    response = single_sign_on(client, sso, "stranger")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert User.objects.count() == before
    assert client.get(reverse("portal:home")).status_code == 302


def test_an_inactive_account_stays_out(client, sso):
    UserFactory(username="retired", is_active=False)
    single_sign_on(client, sso, "retired")
    assert "_auth_user_id" not in client.session


def test_the_second_factor_is_still_asked(client, sso):
    from .otp import enrolled

    enrolled(UserFactory(username="zhaozhenhua"))
    single_sign_on(client, sso, "zhaozhenhua")
    assert client.get(reverse("portal:home")).url.startswith(reverse("accounts:verify"))


def test_off_unless_configured(client):
    assert "统一身份认证" not in client.get(reverse("login")).content.decode()
    assert client.get("/oidc/authenticate/").status_code == 404


def test_configured_from_the_environment():
    """OIDC_* in the environment switch it on: the backend and the URLs are there."""
    script = (
        "import django; django.setup(); from django.conf import settings; from django.urls import "
        "reverse; print(settings.AUTHENTICATION_BACKENDS[-1], reverse('oidc_authentication_init'))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "OIDC_OP_ISSUER": "https://sso.example.gov.cn/o",
        "OIDC_RP_CLIENT_ID": "weiyuan",
        "OIDC_RP_CLIENT_SECRET": "x",
    }
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=60, check=True,
    )  # fmt: skip
    assert result.stdout.split() == ["accounts.oidc.ExistingAccountBackend", "/oidc/authenticate/"]
