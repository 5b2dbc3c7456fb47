"""Reception days (接待日) record attendance, take leave and check-ins, and earn their lines
in the duty record like sessions do."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from duties.events import event_of
from duties.models import Attendance, LineKind
from duties.selectors import attendance_sheet, duty_record
from duties.services import (
    attendance_mark,
    check_in,
    check_in_code,
    leave_decide,
    leave_request_create,
    scoring_rule_first,
)
from tests.helpers import refused
from tests.public.factories import ReceptionDayFactory

from .conftest import ALL_ACTORS, WEIGHTS


@pytest.fixture
def today_day(cast):
    """A reception day at the members' lounge today, an hour from now."""
    return event_of(
        ReceptionDayFactory(
            committee=cast.committee,
            starts_at=timezone.now() + dt.timedelta(hours=1),
            ends_at=timezone.now() + dt.timedelta(hours=4),
            members=[cast.proposer, cast.member],
        )
    )


def test_the_planned_members_are_expected(cast, today_day):
    assert {member for member, _record in attendance_sheet(today_day)} == {
        cast.proposer,
        cast.member,
    }


def test_check_in_leave_and_absence_make_lines_of_the_record(cast, today_day):
    year = timezone.localdate().year
    scoring_rule_first(
        committee=cast.committee,
        actor=cast.office,
        from_year=year,
        weights=WEIGHTS | {"reception_day": 4, "reception_missed": -1},
    )
    check_in(event=today_day, member=cast.proposer, code=check_in_code(today_day))
    leave = leave_request_create(event=today_day, member=cast.member, reason="出差")
    leave_decide(request=leave, actor=cast.office, approve=True)
    assert Attendance.objects.get(member=cast.member).status == Attendance.Status.LEAVE
    held = duty_record(cast.proposer, year, committee=cast.committee)
    (line,) = held.lines
    assert (line.kind, line.points, line.title) == (
        LineKind.RECEPTION_DAY,
        4,
        today_day.obj.venue_name,
    )
    assert line.url == reverse("duties:event", args=["reception_day", today_day.pk])
    excused = duty_record(cast.member, year, committee=cast.committee)
    assert [line.kind for line in excused.lines] == [LineKind.LEAVE]
    attendance_mark(
        event=today_day, actor=cast.office, statuses={cast.member: Attendance.Status.ABSENT}
    )
    missed = duty_record(cast.member, year, committee=cast.committee)
    assert [(line.kind, line.points) for line in missed.lines] == [(LineKind.RECEPTION_MISSED, -1)]


@pytest.mark.parametrize("key", [k for k in ALL_ACTORS if k != "office"])
def test_only_office_staff_mark_a_reception_day(cast, today_day, key):
    refused(
        PermissionDenied,
        attendance_mark,
        event=today_day,
        actor=cast.actor(key),
        statuses={cast.member: Attendance.Status.PRESENT},
    )


def test_the_event_page_shows_a_member_their_own_attendance_only(client, cast, today_day):
    attendance_mark(
        event=today_day,
        actor=cast.office,
        statuses={cast.proposer: Attendance.Status.PRESENT, cast.member: Attendance.Status.ABSENT},
    )
    url = reverse("duties:event", args=["reception_day", today_day.pk])
    client.force_login(cast.member)
    page = client.get(url)
    assert [member for member, _record in page.context["sheet"]] == [cast.member]
    client.force_login(cast.office)
    assert len(client.get(url).context["sheet"]) == 2
    client.force_login(cast.chair)
    assert client.get(url).status_code == 403
    client.force_login(cast.other("member"))
    assert client.get(url).status_code == 404


def test_a_research_visit_takes_no_leave(client, cast):
    from tests.workflow import advance

    topic = advance(cast.topic(), "session_scheduled", cast=cast)
    activity = topic.research_activities.get()
    client.force_login(cast.member)
    url = reverse("duties:leave_request", args=["activity", activity.pk])
    assert client.get(url).status_code == 404


def test_a_problem_recorded_at_a_reception_day_is_a_line(cast, today_day):
    from public.models import Submission
    from tests.public.factories import SubmissionFactory

    scoring_rule_first(
        committee=cast.committee,
        actor=cast.office,
        from_year=timezone.localdate().year,
        weights=WEIGHTS,
    )
    problem = SubmissionFactory(
        committee=cast.committee,
        channel=Submission.Channel.RECEPTION,
        reception_day=today_day.obj,
        received_by=cast.member,
        title="前洋村道路积水",
    )
    SubmissionFactory(committee=cast.committee)  # online: nobody's line
    record = duty_record(cast.member, timezone.localdate().year, committee=cast.committee)
    (line,) = record.lines
    assert (line.kind, line.key, line.title, line.points) == (
        LineKind.PROBLEM_RECORDED,
        f"problem_recorded:{problem.pk}",
        "前洋村道路积水",
        WEIGHTS["problem_recorded"],
    )
    assert line.url == reverse("duties:event", args=["reception_day", today_day.pk])
