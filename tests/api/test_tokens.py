"""Personal access tokens: made on a page and shown once, stored as a hash, expiring, revocable,
and a read-only token cannot write."""

import datetime as dt
import hashlib

import time_machine
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from api.models import AccessToken
from api.services import access_token_create
from followup.models import ProgressReport
from tests.helpers import assert_unchanged, db_state

from .files import png


def bearer(token):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


def test_a_token_is_made_on_the_page_shown_once_and_stored_hashed(client, cast):
    client.force_login(cast.member)
    response = client.post(reverse("api:tokens"), {"name": "政务App", "scope": "read", "days": 90})
    assert response.status_code == 200
    token = response.context["created"][1]
    row = AccessToken.objects.get(user=cast.member)
    assert row.digest == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(list(AccessToken.objects.values()))
    assert token in response.content.decode()
    assert row.scope == "read"
    assert abs(row.expires_at - (timezone.now() + dt.timedelta(days=90))) < dt.timedelta(minutes=1)
    # Shown once: the page afterwards lists the token by its first characters only.
    page = client.get(reverse("api:tokens")).content.decode()
    assert token not in page and row.prefix in page
    assert bearer(token).get(reverse("api:topic-list")).status_code == 200


def test_the_page_refuses_a_lifetime_it_does_not_offer(client, cast):
    client.force_login(cast.member)
    response = client.post(reverse("api:tokens"), {"name": "x", "scope": "read", "days": 9999})
    assert response.status_code == 400
    assert not AccessToken.objects.exists()


def test_an_expired_token_is_refused(cast):
    _row, token = access_token_create(user=cast.office, name="t", scope="read", days=1)
    with time_machine.travel(timezone.now() + dt.timedelta(days=1, minutes=1)):
        response = bearer(token).get(reverse("api:topic-list"))
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "token_expired"
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_revoked_token_is_refused_at_once(client, cast):
    row, token = access_token_create(user=cast.office, name="t", scope="write", days=30)
    assert bearer(token).get(reverse("api:topic-list")).status_code == 200
    client.force_login(cast.office)
    assert client.post(reverse("api:token_revoke", args=[row.pk])).status_code == 302
    response = bearer(token).get(reverse("api:topic-list"))
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "token_revoked"


def test_nobody_revokes_another_users_token(client, cast):
    row, token = access_token_create(user=cast.office, name="t", scope="read", days=30)
    client.force_login(cast.member)
    assert client.post(reverse("api:token_revoke", args=[row.pk])).status_code == 404
    row.refresh_from_db()
    assert row.revoked_at is None
    assert bearer(token).get(reverse("api:topic-list")).status_code == 200


def test_an_unknown_or_malformed_token_is_refused(db):
    unknown = bearer("wy_nothing").get(reverse("api:topic-list"))
    assert unknown.status_code == 401 and unknown.json()["error"]["code"] == "token_invalid"
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Bearer two parts")
    malformed = client.get(reverse("api:topic-list"))
    assert malformed.json()["error"]["code"] == "token_malformed"
    anonymous = APIClient().get(reverse("api:topic-list"))
    assert anonymous.status_code == 401
    assert anonymous.json()["error"]["code"] == "not_authenticated"


def test_a_read_token_cannot_write(cast, following):
    _topic, item = following
    _row, token = access_token_create(user=cast.department_user, name="t", scope="read", days=30)
    before = db_state()
    response = bearer(token).post(
        reverse("api:item-report", args=[item.pk]),
        {"percent_done": 10, "text": "进展", "files": [png()]},
        format="multipart",
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "read_only_token"
    assert "只读" in response.json()["error"]["message"]
    assert_unchanged(before)
    assert not ProgressReport.objects.exists()
    # The same person with a read-write token can.
    _row, writer = access_token_create(user=cast.department_user, name="w", scope="write", days=30)
    response = bearer(writer).post(
        reverse("api:item-report", args=[item.pk]),
        {"percent_done": 10, "text": "进展", "files": [png()]},
        format="multipart",
    )
    assert response.status_code == 201


def test_the_tokens_page_needs_a_signed_in_user(client, db):
    response = client.get(reverse("api:tokens"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
