import datetime as dt

import pytest
from django.utils import timezone

from duties.events import event_of
from tests.workflow import advance, prepare_step, run_step

ALL_ACTORS = [
    "office",
    "proposer",
    "member",
    "chair",
    "leader_a",
    "department_user",
    "evaluator_user",
]


@pytest.fixture
def scheduled(cast):
    """A topic whose session is today, an hour from now; its research team is the proposer
    and the member."""
    topic = advance(cast.topic(), "researching", cast=cast)
    prepare_step(topic, "schedule_session", cast)
    run_step(
        topic,
        "schedule_session",
        cast.office,
        cast,
        starts_at=timezone.now() + dt.timedelta(hours=1),
    )
    topic.refresh_from_db()
    return topic


@pytest.fixture
def session_event(scheduled):
    return event_of(scheduled.session)


@pytest.fixture
def later_session(cast):
    """Another topic's session, a week from now."""
    topic = advance(cast.topic(title="老旧小区加装电梯"), "researching", cast=cast)
    prepare_step(topic, "schedule_session", cast)
    run_step(
        topic,
        "schedule_session",
        cast.office,
        cast,
        starts_at=timezone.now() + dt.timedelta(days=7),
    )
    topic.refresh_from_db()
    return event_of(topic.session)


WEIGHTS = {
    "proposed": 5,
    "cosigned": 3,
    "research": 2,
    "session_attended": 2,
    "session_missed": -2,
    "leave": 0,
    "reception_day": 3,
    "reception_missed": -1,
    "problem_recorded": 2,
    "rating": 1,
}


def session_soon(cast, title, hours=1):
    """A topic of this year whose session starts `hours` from now."""
    topic = advance(cast.topic(title=title), "researching", cast=cast)
    prepare_step(topic, "schedule_session", cast)
    run_step(
        topic,
        "schedule_session",
        cast.office,
        cast,
        starts_at=timezone.now() + dt.timedelta(hours=hours),
    )
    topic.refresh_from_db()
    return event_of(topic.session)


@pytest.fixture
def busy(cast):
    """A year of work: the proposer's gas topic, co-signed by the member, researched by both,
    deliberated with both present, its item verified and rated by the proposer; the member
    then takes leave from one session and misses another. Scored with WEIGHTS."""
    from duties.models import Attendance
    from duties.services import (
        attendance_mark,
        leave_decide,
        leave_request_create,
        scoring_rule_first,
    )
    from portal.driver import Driver
    from topics.services import cosignature_confirm

    scoring_rule_first(
        committee=cast.committee,
        actor=cast.office,
        from_year=timezone.localdate().year,
        weights=WEIGHTS,
    )
    gas = cast.topic(title="费市家苑小区12年未通管道燃气", cosigners=[cast.member])
    cosignature_confirm(topic=gas, member=cast.member)
    gas = advance(gas, "evaluating", cast=cast)
    Driver(cast).rate(gas.follow_up_items.get(), cast.proposer, level="satisfied", comment="满意")
    excused = session_soon(cast, "老旧小区加装电梯")
    leave = leave_request_create(event=excused, member=cast.member, reason="出差")
    leave_decide(request=leave, actor=cast.office, approve=True)
    missed = session_soon(cast, "杜姚线二期沿线无路灯")
    attendance_mark(
        event=missed, actor=cast.office, statuses={cast.member: Attendance.Status.ABSENT}
    )
    return gas
