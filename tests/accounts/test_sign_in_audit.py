"""Sign-in, sign-out and the login page: audited; sign-out by POST only."""

import pytest
from django.urls import reverse

from audit.models import Action, AuditEvent

pytestmark = pytest.mark.django_db


def test_a_sign_in_is_audited_with_address_and_browser(sign_in, person):
    response = sign_in(person.username, address="192.0.2.7")
    assert response.status_code == 302
    event = AuditEvent.objects.get(action=Action.SIGN_IN)
    assert (event.user_id, event.source_address, event.user_agent) == (
        person.pk,
        "192.0.2.7",
        "Mozilla/5.0 test",
    )
    assert event.detail == "password"


def test_an_inactive_account_cannot_sign_in(sign_in, person):
    person.is_active = False
    person.save()
    assert sign_in(person.username).status_code == 200
    assert not AuditEvent.objects.filter(action=Action.SIGN_IN).exists()
    assert AuditEvent.objects.filter(action=Action.SIGN_IN_FAILED).exists()


def test_sign_out_is_post_only_and_audited(client, sign_in, person):
    sign_in(person.username)
    assert client.get(reverse("logout")).status_code == 405
    assert client.get(reverse("portal:home")).status_code == 200  # still signed in
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action=Action.SIGN_OUT, user_id=person.pk).count() == 1
    assert client.get(reverse("portal:home")).status_code == 302


def test_the_login_page_offers_the_forgotten_password_link(client):
    page = client.get(reverse("login")).content.decode()
    assert reverse("accounts:password_reset") in page
    assert "oidc" not in page  # single sign-on is off unless configured
