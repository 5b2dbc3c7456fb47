"""Sessions: idle timeout, absolute lifetime, my sessions listed and ended."""

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import UserSession
from audit.models import Action, AuditEvent
from tests.people.factories import UserFactory

pytestmark = pytest.mark.django_db

HOME = reverse("portal:home")
SESSIONS = reverse("accounts:sessions")


def at(minutes):
    return time_machine.travel(timezone.now() + dt.timedelta(minutes=minutes), tick=False)


def test_an_idle_session_is_signed_out(client, sign_in, person, settings):
    sign_in(person.username)
    with at(settings.SESSION_IDLE_MINUTES + 1):
        response = client.get(HOME)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
        assert client.get(HOME).status_code == 302
    ended = AuditEvent.objects.get(action=Action.SESSION_ENDED)
    assert (ended.user_id, ended.detail) == (person.pk, "idle")
    assert not UserSession.objects.filter(user=person).exists()


def test_a_session_in_use_stays_open(client, sign_in, person, settings):
    sign_in(person.username)
    step = settings.SESSION_IDLE_MINUTES - 5
    for n in range(1, 4):
        with at(step * n):
            assert client.get(HOME).status_code == 200
    assert not AuditEvent.objects.filter(action=Action.SESSION_ENDED).exists()
    row = UserSession.objects.get(user=person)
    assert row.last_seen > row.signed_in_at


def test_even_a_session_in_use_ends_after_its_lifetime(client, sign_in, person, settings):
    sign_in(person.username)
    step = settings.SESSION_IDLE_MINUTES - 5
    minutes, status = 0, 200
    while minutes <= settings.SESSION_LIFETIME_HOURS * 60:
        minutes += step
        with at(minutes):
            status = client.get(HOME).status_code
        if status != 200:
            break
    assert status == 302
    assert minutes > settings.SESSION_LIFETIME_HOURS * 60
    assert AuditEvent.objects.get(action=Action.SESSION_ENDED).detail == "lifetime"


def test_the_cookie_lives_no_longer_than_the_session(settings):
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_LIFETIME_HOURS * 3600


class TestMySessions:
    def test_lists_mine_only_and_ends_another_of_mine(self, client, sign_in, person):
        other_device = Client()
        sign_in(person.username, address="10.1.1.1")
        sign_in(person.username, address="10.2.2.2", using=other_device)
        stranger = UserFactory()
        sign_in(stranger.username, address="10.3.3.3", using=Client())
        page = client.get(SESSIONS)
        assert page.status_code == 200
        listed = list(page.context["sessions"])
        assert {s.source_address for s in listed} == {"10.1.1.1", "10.2.2.2"}
        theirs = next(s for s in listed if s.source_address == "10.2.2.2")
        response = client.post(reverse("accounts:session_end", args=[theirs.pk]))
        assert response.status_code == 302
        assert other_device.get(HOME).status_code == 302  # signed out there
        assert client.get(HOME).status_code == 200  # not here
        event = AuditEvent.objects.get(action=Action.SESSION_ENDED)
        assert event.user_id == person.pk and "10.2.2.2" in event.detail

    def test_another_persons_session_is_not_found(self, client, sign_in, person):
        stranger = UserFactory()
        stranger_client = Client()
        sign_in(stranger.username, using=stranger_client)
        sign_in(person.username)
        theirs = UserSession.objects.get(user=stranger)
        response = client.post(reverse("accounts:session_end", args=[theirs.pk]))
        assert response.status_code == 404
        assert stranger_client.get(HOME).status_code == 200
        assert not AuditEvent.objects.filter(action=Action.SESSION_ENDED).exists()
        refused = AuditEvent.objects.get(action=Action.ACCESS_REFUSED)
        assert (refused.object_type, refused.object_id) == ("accounts.usersession", str(theirs.pk))

    def test_this_session_is_ended_by_logging_out(self, client, sign_in, person):
        sign_in(person.username)
        mine = UserSession.objects.get(user=person)
        client.post(reverse("accounts:session_end", args=[mine.pk]))
        assert client.get(HOME).status_code == 200

    def test_ending_is_post_only(self, client, sign_in, person):
        sign_in(person.username)
        mine = UserSession.objects.get(user=person)
        assert client.get(reverse("accounts:session_end", args=[mine.pk])).status_code == 405

    def test_anonymous_is_sent_to_log_in(self, client):
        assert client.get(SESSIONS).url.startswith(reverse("login"))

    def test_queries_do_not_grow_with_sessions(
        self, client, sign_in, person, django_assert_max_num_queries
    ):
        for n in range(6):
            sign_in(person.username, address=f"10.4.4.{n}", using=Client())
        sign_in(person.username)
        with django_assert_max_num_queries(8):
            response = client.get(SESSIONS)
        assert len(response.context["sessions"]) == 7


def test_the_security_page_shows_each_part(client, person):
    client.force_login(person)
    page = client.get(reverse("accounts:security")).content.decode()
    for url in ("accounts:password_change", "accounts:second_factor", "accounts:sessions"):
        assert reverse(url) in page
    assert reverse("accounts:lockouts") not in page
