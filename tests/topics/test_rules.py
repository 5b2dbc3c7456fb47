"""Who sees a topic, and which actions the page offers them (the same rules the services check)."""

import pytest

from core import workflow
from tests.people.factories import UserFactory
from tests.workflow import advance
from topics.models import State, Topic


@pytest.fixture
def following(cast):
    cast.everyone()
    return advance(cast.topic(), State.FOLLOWING_UP, cast=cast)


# Who sees a topic in follow-up; tests/api/test_access.py asks the same through the API.
WHO_SEES_A_FOLLOWING_TOPIC = [
    ("office", True),
    ("member", True),
    ("chair", True),
    ("leader", True),
    ("department_user", False),  # no item of theirs yet
    ("evaluator_user", False),  # not commissioned yet
    ("other:office", False),
    ("other:chair", False),
    ("inactive:office", False),
    ("anonymous", False),
]


@pytest.mark.parametrize(("who", "sees"), WHO_SEES_A_FOLLOWING_TOPIC)
def test_who_sees_a_topic(cast, following, who, sees):
    assert cast.actor(who).has_perm("topics.view_topic", following) is sees


def test_department_sees_topics_with_its_items_only(cast):
    cast.everyone()
    topic = advance(cast.topic(), State.EVALUATING, cast=cast)
    other_department_user = UserFactory(role="department", committee=cast.committee)

    assert cast.department_user.has_perm("topics.view_topic", topic)
    assert not other_department_user.has_perm("topics.view_topic", topic)
    assert cast.evaluator_user.has_perm("topics.view_topic", topic)
    assert not UserFactory(role="evaluator", committee=cast.committee).has_perm(
        "topics.view_topic", topic
    )


@pytest.mark.parametrize(
    ("state", "who", "names"),
    [
        (State.DRAFT, "proposer", ["submit"]),
        (State.DRAFT, "office", ["submit"]),
        (State.DRAFT, "member", []),
        (State.DRAFT, "chair", []),
        (State.PROPOSED, "chair", ["approve", "reject"]),
        (State.PROPOSED, "other:chair", []),
        (State.PROPOSED, "office", []),
        (State.MINUTES_SUBMITTED, "leader_a", ["sign_off", "return_minutes"]),
        (State.MINUTES_SUBMITTED, "leader", []),
        (State.MINUTES_SUBMITTED, "office", []),
        (State.FOLLOWING_UP, "office", ["start_evaluation"]),
        (State.FOLLOWING_UP, "other:office", []),
        (State.FOLLOWING_UP, "department_user", []),
    ],
)
def test_available_transitions(cast, state, who, names):
    cast.everyone()
    topic = advance(cast.topic(), state, cast=cast)

    assert sorted(
        t.name for t in workflow.machine_of(Topic).available(topic, cast.actor(who))
    ) == sorted(names)
