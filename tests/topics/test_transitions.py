"""The full transition table of the topic.

For every transition: the right role succeeds and leaves exactly one transition record and one
history row; every other role — including the right role of another committee, a deactivated
account and an anonymous visitor — is refused with PermissionDenied and the database exactly
as before. Guards are covered in test_guards.py.
"""

import pytest
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from consultations.models import MinutesVersion, SignOff
from core.workflow import TransitionRefused, step_of
from evaluations.models import EvaluationAssignment
from research.models import ResearchPlan
from tests.helpers import refused
from tests.workflow import advance, prepare_step, run_step
from topics.models import AnnualPlan, State, Topic, TransitionLog
from topics.services import topic_transition

SOURCE = {
    "submit": State.DRAFT,
    "approve": State.PROPOSED,
    "reject": State.PROPOSED,
    "start_research": State.PLANNED,
    "schedule_session": State.RESEARCHING,
    "record_session": State.SESSION_SCHEDULED,
    "submit_minutes": State.DELIBERATED,
    "sign_off": State.MINUTES_SUBMITTED,
    "return_minutes": State.MINUTES_SUBMITTED,
    "start_evaluation": State.FOLLOWING_UP,
    "close": State.EVALUATING,
}

# Where each step leads, and who takes it: what the catalogue must declare.
TARGET = {
    "submit": State.PROPOSED,
    "approve": State.PLANNED,
    "reject": State.REJECTED,
    "start_research": State.RESEARCHING,
    "schedule_session": State.SESSION_SCHEDULED,
    "record_session": State.DELIBERATED,
    "submit_minutes": State.MINUTES_SUBMITTED,
    "sign_off": State.FOLLOWING_UP,
    "return_minutes": State.DELIBERATED,
    "start_evaluation": State.EVALUATING,
    "close": State.CLOSED,
}
RIGHT_ACTOR = {
    "submit": "proposer",
    "approve": "chair",
    "reject": "chair",
    "start_research": "office",
    "schedule_session": "office",
    "record_session": "office",
    "submit_minutes": "office",
    "sign_off": "leader_a",
    "return_minutes": "leader_a",
    "start_evaluation": "office",
    "close": "office",
}

# Every user a topic's committee has, by actor key (see tests.cast.Cast).
EVERYONE = ["office", "proposer", "member", "chair", "leader", "department_user", "evaluator_user"]

RIGHT = {name: [RIGHT_ACTOR[name]] for name in SOURCE}
RIGHT["submit"] = ["proposer", "office"]
# Both leaders are asked; when neither has signed yet, either may return the minutes.
RIGHT["return_minutes"] = ["leader_a", "leader_b"]

EXTRA_WRONG = {
    "submit": ["other:office", "inactive:office"],
    # leader_b has already approved this version; the remaining decision is not theirs.
    "sign_off": ["leader_b"],
}


def wrong_actors(name):
    """Everyone of the committee but the right people, plus the right role of another
    committee, a deactivated account of the right role, and an anonymous visitor."""
    right = RIGHT[name]
    own = [key for key in EVERYONE if key not in right]
    role = right[0]
    return own + EXTRA_WRONG.get(name, []) + [f"other:{role}", f"inactive:{role}", "anonymous"]


SUCCESS_CASES = [(name, key) for name in SOURCE for key in RIGHT[name]]
REFUSAL_CASES = [(name, key) for name in SOURCE for key in wrong_actors(name)]


def at_source(cast, name):
    """A topic of `cast`'s committee in the source state of `name`, with its prerequisites."""
    cast.everyone()
    topic = advance(cast.topic(), SOURCE[name], cast=cast)
    prepare_step(topic, name, cast)
    return Topic.objects.get(pk=topic.pk)


def check_step_records(name, topic, cast, actor):
    """The records each step leaves behind besides the state change."""
    if name == "approve":
        assert topic.plan == AnnualPlan.objects.get(committee=cast.committee, year=topic.year)
    elif name == "reject":
        assert topic.rejection_reason == "与年度重点工作重复，建议合并办理。"
        assert topic.plan is None
    elif name == "start_research":
        plan = ResearchPlan.objects.get(topic=topic)
        assert set(plan.team.all()) == {cast.proposer, cast.member}
        assert plan.ends_on > plan.starts_on
    elif name == "schedule_session":
        assert topic.session.venue == "前洋e商小镇委员会客厅"
    elif name == "record_session":
        assert set(topic.session.members.all()) == {cast.proposer, cast.member}
        assert list(topic.session.departments.all()) == [cast.department]
        assert topic.session.residents_count == 12
        assert [p.text for p in topic.session.consensus_points.all()] == [
            "燃气公司年内完成主管网接入",
            "区住建局协调管线迁改",
        ]
    elif name == "submit_minutes":
        version = topic.minutes.current_version
        assert version.number == 1
        assert version.submitted_by == actor
        assert set(version.leaders.all()) == {cast.leader_a, cast.leader_b}
        assert version.text == topic.minutes.text
    elif name == "sign_off":
        decisions = set(
            SignOff.objects.filter(version__minutes__topic=topic).values_list("leader", "decision")
        )
        assert decisions == {
            (cast.leader_a.pk, SignOff.Decision.APPROVE),
            (cast.leader_b.pk, SignOff.Decision.APPROVE),
        }
    elif name == "return_minutes":
        sign_off = SignOff.objects.get(version__minutes__topic=topic)
        assert (sign_off.leader, sign_off.decision) == (actor, SignOff.Decision.RETURN)
        assert sign_off.opinion == "请补充资金测算后再报。"
    elif name == "start_evaluation":
        assignment = EvaluationAssignment.objects.get(topic=topic)
        assert (assignment.evaluator, assignment.method) == (cast.evaluator_org, cast.method)
        assert assignment.state == EvaluationAssignment.State.ASSIGNED
        assert assignment.commissioned_by == actor


EXPECTED_COMMENT = {
    "approve": "列入年度协商计划",
    "reject": "与年度重点工作重复，建议合并办理。",
    "sign_off": "同意纪要意见，请抓紧落实。",
    "return_minutes": "请补充资金测算后再报。",
    "close": "评估完成，议题办结。",
}


@pytest.mark.parametrize(
    ("name", "actor_key"), SUCCESS_CASES, ids=[f"{n}-by-{k}" for n, k in SUCCESS_CASES]
)
def test_right_role_succeeds(cast, history_request, name, actor_key):
    topic = at_source(cast, name)
    actor = cast.actor(actor_key)
    logs_before = TransitionLog.objects.count()
    history_before = topic.history.count()
    history_request(actor)

    run_step(topic, name, actor, cast)

    topic = Topic.objects.get(pk=topic.pk)
    assert topic.state == TARGET[name]
    assert TransitionLog.objects.count() == logs_before + 1
    log = topic.transitions.latest("pk")
    assert (log.actor, log.transition, log.source, log.target) == (
        actor,
        name,
        SOURCE[name],
        TARGET[name],
    )
    assert log.comment == EXPECTED_COMMENT.get(name, "")
    assert topic.history.count() == history_before + 1
    latest = topic.history.latest("history_id")
    assert latest.state == TARGET[name]
    assert latest.history_user == actor
    check_step_records(name, topic, cast, actor)


@pytest.mark.parametrize(
    ("name", "actor_key"), REFUSAL_CASES, ids=[f"{n}-by-{k}" for n, k in REFUSAL_CASES]
)
def test_every_other_role_is_refused(cast, name, actor_key):
    topic = at_source(cast, name)
    actor = cast.actor(actor_key)

    refused(PermissionDenied, run_step, topic, name, actor, cast)

    assert Topic.objects.get(pk=topic.pk).state == SOURCE[name]


def test_table_covers_every_transition_of_the_topic():
    declared = {t.name for t in Topic._meta.get_field("state").get_all_transitions(Topic)}
    assert declared == set(SOURCE)
    for name in SOURCE:
        assert {SOURCE[name], TARGET[name]} <= set(State.values)
        method = getattr(Topic, name)._django_fsm.get_transition(SOURCE[name])
        assert method is not None and method.target == TARGET[name]
        assert method.permission, f"{name} has no permission"


# A state from which each transition is not possible.
WRONG_STATE = dict.fromkeys(SOURCE, State.DRAFT) | {"submit": State.PROPOSED}


@pytest.mark.parametrize("name", list(SOURCE))
def test_transition_from_a_wrong_state_is_refused(cast, name):
    cast.everyone().method  # noqa: B018 — commissioning then fails on the state, not the method
    topic = advance(cast.topic(), WRONG_STATE[name], cast=cast)
    actor = cast.actor(RIGHT[name][0])

    error = refused(TransitionRefused, run_step, topic, name, actor, cast)

    assert error.reasons == [
        _("“%(action)s” is not possible while the topic is “%(state)s”.")
        % {"action": step_of(Topic, name).label, "state": State(WRONG_STATE[name]).label}
    ]


def test_stale_page_is_refused_with_a_clear_message(cast):
    """A chair decides on a page showing “proposed” after another chair already approved."""
    topic = advance(cast.topic(), State.PROPOSED, cast=cast)
    seen = Topic.objects.get(pk=topic.pk)
    other_chair = cast.chair
    topic_transition(topic=topic, name="approve", actor=other_chair, expected_state=State.PROPOSED)
    late_chair = cast._user("chair_meeting", "冯副主席")

    error = refused(
        TransitionRefused, run_step, seen, "reject", late_chair, cast, expected_state=State.PROPOSED
    )

    assert error.reasons == [
        _(
            "This topic has meanwhile moved to “%(state)s”, probably by someone else; "
            "the page has been refreshed."
        )
        % {"state": State.PLANNED.label}
    ]
    assert TransitionLog.objects.filter(topic=topic).count() == 2


def test_expected_state_mismatch_is_refused_even_when_the_transition_is_possible(cast):
    topic = advance(cast.topic(), State.PROPOSED, cast=cast)

    error = refused(
        TransitionRefused, run_step, topic, "approve", cast.chair, cast, expected_state=State.DRAFT
    )

    assert str(State.PROPOSED.label) in error.reasons[0]


def test_each_transition_writes_exactly_one_log_row_on_the_way_to_closed(cast):
    topic = advance(cast.topic(), State.CLOSED, cast=cast)

    logs = list(topic.transitions.order_by("pk"))
    assert [log.transition for log in logs] == [
        "submit",
        "approve",
        "start_research",
        "schedule_session",
        "record_session",
        "submit_minutes",
        "sign_off",
        "start_evaluation",
        "close",
    ]
    assert [(log.source, log.target) for log in logs] == [
        (SOURCE[log.transition], TARGET[log.transition]) for log in logs
    ]
    assert [log.actor for log in logs] == [
        cast.proposer,
        cast.chair,
        cast.office,
        cast.office,
        cast.office,
        cast.office,
        cast.leader_a,
        cast.office,
        cast.office,
    ]
    assert MinutesVersion.objects.filter(minutes__topic=topic).count() == 1


def test_rejected_topic_goes_nowhere(cast):
    topic = advance(cast.topic(), State.REJECTED, cast=cast)

    assert topic.rejection_reason
    field = Topic._meta.get_field("state")
    assert not [t for t in field.get_all_transitions(Topic) if t.source == State.REJECTED]
    error = refused(TransitionRefused, run_step, topic, "approve", cast.chair, cast)
    assert str(State.REJECTED.label) in error.reasons[0]


def test_history_records_the_actor_without_a_request(cast):
    """Transitions made outside a request (Celery, seed_demo) still name who made them."""
    topic = advance(cast.topic(), State.PROPOSED, cast=cast)

    run_step(topic, "approve", cast.chair, cast)

    latest = Topic.objects.get(pk=topic.pk).history.latest("history_id")
    assert (latest.state, latest.history_user) == (State.PLANNED, cast.chair)
