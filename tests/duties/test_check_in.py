"""Members check in by scanning the code shown at the venue: a signed code for this event and
day, valid for a limited time; any other code is refused, saying why."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from duties.models import Attendance
from duties.services import check_in, check_in_code
from tests.helpers import assert_unchanged, db_state, refused

from .conftest import ALL_ACTORS


def check_in_url(event, code):
    return reverse("duties:check_in", args=[event.kind, event.pk]) + f"?code={code}"


def test_a_member_checks_in_with_todays_code(cast, session_event):
    record, new = check_in(
        event=session_event, member=cast.member, code=check_in_code(session_event)
    )
    assert new
    assert (record.status, record.source) == (Attendance.Status.PRESENT, Attendance.Source.CHECK_IN)
    assert list(session_event.obj.members.all()) == [cast.member]
    # Scanning again changes nothing.
    again, new = check_in(
        event=session_event, member=cast.member, code=check_in_code(session_event)
    )
    assert (again.pk, new) == (record.pk, False)


def test_yesterdays_code_is_refused(cast, session_event):
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    with time_machine.travel(timezone.now() - dt.timedelta(days=1)):
        code = check_in_code(session_event, day=yesterday)
    error = refused(ValidationError, check_in, event=session_event, member=cast.member, code=code)
    assert error.code == "expired"


def test_a_code_made_for_another_day_is_refused_even_while_fresh(cast, session_event):
    code = check_in_code(session_event, day=timezone.localdate() - dt.timedelta(days=1))
    error = refused(ValidationError, check_in, event=session_event, member=cast.member, code=code)
    assert error.code == "other_day"


def test_another_events_code_is_refused(cast, session_event, later_session):
    code = check_in_code(later_session)
    error = refused(ValidationError, check_in, event=session_event, member=cast.member, code=code)
    assert error.code == "other_event"


def test_a_code_for_an_event_of_another_day_is_refused(cast, later_session):
    error = refused(
        ValidationError,
        check_in,
        event=later_session,
        member=cast.member,
        code=check_in_code(later_session),
    )
    assert error.code == "not_today"


def test_a_code_expires(cast, session_event, settings):
    code = check_in_code(session_event)
    with time_machine.travel(
        timezone.now() + dt.timedelta(seconds=settings.DUTIES_CHECK_IN_CODE_MAX_AGE + 60)
    ):
        error = refused(
            ValidationError, check_in, event=session_event, member=cast.member, code=code
        )
    assert error.code == "expired"


@pytest.mark.parametrize("code", ["", "session:1@2026-01-01:abc:def", "forged"])
def test_a_forged_code_is_refused(cast, session_event, code):
    error = refused(ValidationError, check_in, event=session_event, member=cast.member, code=code)
    assert error.code == "invalid"


@pytest.mark.parametrize("key", [k for k in ALL_ACTORS if k not in ("proposer", "member")])
def test_only_members_check_in(cast, session_event, key):
    refused(
        PermissionDenied,
        check_in,
        event=session_event,
        member=cast.actor(key),
        code=check_in_code(session_event),
    )


def test_the_check_in_page_confirms_then_checks_in(client, cast, session_event):
    client.force_login(cast.member)
    url = check_in_url(session_event, check_in_code(session_event))
    page = client.get(url)
    assert page.status_code == 200
    assert not Attendance.objects.exists()
    response = client.post(url, {"code": page.context["code"]})
    assert response.status_code == 302
    assert Attendance.objects.get().member == cast.member


def test_the_check_in_page_says_why_a_code_is_refused(client, cast, session_event, later_session):
    client.force_login(cast.member)
    before = db_state()
    response = client.get(check_in_url(session_event, check_in_code(later_session)))
    assert response.status_code == 400
    assert "另一" in response.content.decode() or "another event" in response.content.decode()
    response = client.post(
        reverse("duties:check_in", args=["session", session_event.pk]),
        {"code": check_in_code(later_session)},
    )
    assert response.status_code == 400
    assert_unchanged(before)


def test_the_code_page_shows_a_qr_code_to_office_staff_only(client, cast, session_event):
    url = reverse("duties:check_in_code", args=["session", session_event.pk])
    client.force_login(cast.office)
    page = client.get(url)
    assert page.status_code == 200
    assert "<svg" in page.content.decode()
    assert int(page["Refresh"]) > 0
    for key in ALL_ACTORS:
        if key != "office":
            client.force_login(cast.actor(key))
            assert client.get(url).status_code == 403, key


def test_the_qr_code_carries_a_working_check_in_link(client, cast, session_event):
    client.force_login(cast.office)
    link = client.get(reverse("duties:check_in_code", args=["session", session_event.pk])).context[
        "url"
    ]
    client.force_login(cast.member)
    path = link.removeprefix("http://testserver")
    assert client.post(path, {}).status_code == 302
    assert Attendance.objects.get().member == cast.member
