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
