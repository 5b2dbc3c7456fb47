"""The duties pages for the accessibility check (tests/browser/test_accessibility.py): each
builds its data and returns (the user who opens it, its path)."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from duties.events import event_of
from duties.models import Attendance, LineKind
from duties.selectors import duty_record
from duties.services import (
    attendance_mark,
    check_in_code,
    dispute_raise,
    leave_request_create,
    scoring_rule_first,
)
from people.models import Membership
from tests.workflow import advance, prepare_step, run_step

WEIGHTS = {kind.value: 2 for kind in LineKind} | {"session_missed": -2, "reception_missed": -1}


def _year_of_work(cast):
    """A rule, a session held (the member absent), another to come with a leave request."""
    scoring_rule_first(
        committee=cast.committee,
        actor=cast.office,
        from_year=timezone.localdate().year,
        weights=WEIGHTS,
    )
    held = advance(cast.topic(title="费市家苑小区12年未通管道燃气"), "deliberated", cast=cast)
    attendance_mark(
        event=event_of(held.session),
        actor=cast.office,
        statuses={cast.member: Attendance.Status.ABSENT},
    )
    to_come = advance(cast.topic(title="老旧小区加装电梯"), "researching", cast=cast)
    prepare_step(to_come, "schedule_session", cast)
    run_step(
        to_come,
        "schedule_session",
        cast.office,
        cast,
        starts_at=timezone.now() + dt.timedelta(days=3),
    )
    to_come.refresh_from_db()
    event = event_of(to_come.session)
    leave_request_create(event=event, member=cast.member, reason="出差在外")
    return event_of(held.session), event


def _home(role):
    def build(cast):
        _year_of_work(cast)
        return getattr(cast, role), reverse("duties:home")

    return build


def _record(cast):
    _year_of_work(cast)
    return cast.member, reverse(
        "duties:record", args=[cast.committee.pk, cast.member.pk, timezone.localdate().year]
    )


def _records(cast):
    _year_of_work(cast)
    return cast.office, reverse("duties:records", args=[cast.committee.pk])


def _scoring(cast):
    _year_of_work(cast)
    return cast.office, reverse("duties:scoring", args=[cast.committee.pk])


def _attendance(cast):
    held, _to_come = _year_of_work(cast)
    return cast.office, reverse("duties:attendance", args=[held.kind, held.pk])


def _code(cast):
    held, _to_come = _year_of_work(cast)
    return cast.office, reverse("duties:check_in_code", args=[held.kind, held.pk])


def _check_in(cast):
    held, _to_come = _year_of_work(cast)
    url = reverse("duties:check_in", args=[held.kind, held.pk])
    return cast.proposer, f"{url}?code={check_in_code(held)}"


def _leave(cast):
    _held, to_come = _year_of_work(cast)
    return cast.proposer, reverse("duties:leave_request", args=[to_come.kind, to_come.pk])


def _dispute(cast):
    _year_of_work(cast)
    year = timezone.localdate().year
    record = duty_record(cast.member, year, committee=cast.committee)
    line = next(line for line in record.lines if line.kind == LineKind.SESSION_MISSED)
    owner = Membership.objects.get(user=cast.member, committee=cast.committee, role="member")
    dispute = dispute_raise(
        owner=owner, year=year, line_key=line.key, reason="当天在场", actor=cast.member
    )
    return cast.office, reverse("duties:dispute_decide", args=[dispute.pk])


DUTIES_PAGES = {
    "duties-member": _home("member"),
    "duties-office": _home("office"),
    "duty-record": _record,
    "duty-records": _records,
    "scoring-rule": _scoring,
    "attendance": _attendance,
    "check-in-code": _code,
    "check-in": _check_in,
    "leave-request": _leave,
    "dispute-decide": _dispute,
}
