"""Every guard of every transition: the right person is refused with the guard's message
(TransitionRefused) and nothing is saved; with the condition met, the step goes through."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from core.workflow import TransitionRefused
from evaluations.models import EvaluationAssignment
from followup.models import FollowUpItem
from followup.services import follow_up_item_add, follow_up_item_close, progress_report
from tests.helpers import messages_of, refused
from tests.people.factories import CommitteeBodyFactory, EvaluatorOrganisationFactory, UserFactory
from tests.workflow import advance, prepare_step, run_step, submit_evaluation
from topics import guards
from topics.models import State, Topic
from topics.services import topic_transition


def message(guard):
    return str(guard.message)


def at(cast, state, **topic_fields):
    cast.everyone()
    return advance(cast.topic(**topic_fields), state, cast=cast)


def fresh(topic):
    return Topic.objects.get(pk=topic.pk)


def assert_refused_by(guard_list, action, *args, **kwargs):
    error = refused(TransitionRefused, action, *args, **kwargs)
    assert error.reasons == [message(g) for g in guard_list]
    return error


# Stage 1 — submission


def test_submit_needs_a_proposer(cast):
    cast.everyone()
    topic = cast.topic(created_by=cast.office)  # registered by the office, no proposer named
    assert not topic.proposers.exists()

    assert_refused_by([guards.has_proposer], run_step, topic, "submit", cast.office, cast)


def test_submit_with_a_proposing_body_needs_no_member(cast):
    cast.everyone()
    body = CommitteeBodyFactory(committee=cast.committee, name="孔浦街道联委会")
    topic = cast.topic(created_by=cast.office, proposer_body=body)

    run_step(topic, "submit", cast.office, cast)

    assert fresh(topic).state == State.PROPOSED


def test_public_topic_needs_the_residents_contact_and_venue(cast):
    cast.everyone()
    topic = cast.topic(channel=Topic.Channel.PUBLIC, public_contact="", public_venue="")

    assert_refused_by(
        [guards.public_source_recorded], run_step, topic, "submit", cast.proposer, cast
    )

    Topic.objects.filter(pk=topic.pk).update(
        public_contact="张女士 13800000000", public_venue=Topic.PublicVenue.MEMBER_LOUNGE
    )
    run_step(fresh(topic), "submit", cast.proposer, cast)
    assert fresh(topic).state == State.PROPOSED


def test_joint_proposal_waits_for_every_cosigner(cast):
    cast.everyone()
    topic = cast.topic(cosigners=[cast.member])

    assert_refused_by([guards.cosigners_confirmed], run_step, topic, "submit", cast.proposer, cast)

    from topics.services import cosignature_confirm

    cosignature_confirm(topic=topic, member=cast.member)
    run_step(fresh(topic), "submit", cast.proposer, cast)
    assert fresh(topic).state == State.PROPOSED


def test_all_failed_guards_are_named_together(cast):
    cast.everyone()
    topic = cast.topic(created_by=cast.office, channel=Topic.Channel.PUBLIC)

    assert_refused_by(
        [guards.has_proposer, guards.public_source_recorded],
        run_step,
        topic,
        "submit",
        cast.office,
        cast,
    )


# Stage 1 — decision


@pytest.mark.parametrize("reason", ["", "   \n"])
def test_rejection_needs_a_reason(cast, reason):
    topic = at(cast, State.PROPOSED)

    error = refused(TransitionRefused, run_step, topic, "reject", cast.chair, cast, reason=reason)

    assert error.reasons == [_("A rejection needs a reason.")]


def test_approval_goes_into_the_plan_of_the_topics_year(cast):
    next_year = timezone.localdate().year + 1
    topic = at(cast, State.PROPOSED, year=next_year)

    run_step(topic, "approve", cast.chair, cast)

    topic = fresh(topic)
    assert (topic.plan.committee, topic.plan.year, topic.plan.target_sessions) == (
        cast.committee,
        next_year,
        35,
    )


# Stage 2


def test_research_needs_a_team(cast):
    topic = at(cast, State.PLANNED)

    assert_refused_by(
        [guards.has_research_plan], run_step, topic, "start_research", cast.office, cast, team=[]
    )


def test_research_cannot_end_before_it_starts(cast):
    topic = at(cast, State.PLANNED)
    today = timezone.localdate()

    error = refused(
        ValidationError,
        run_step,
        topic,
        "start_research",
        cast.office,
        cast,
        starts_on=today,
        ends_on=today - dt.timedelta(days=1),
    )
    assert "ends_on" in error.message_dict


# Stage 3 — 不调研不协商


@pytest.mark.parametrize(
    ("skip", "failed"),
    [
        (("activity",), [guards.has_research_findings]),
        (("report",), [guards.has_research_report]),
        (("activity", "report"), [guards.has_research_findings, guards.has_research_report]),
    ],
    ids=["no-visit", "no-report", "no-research-at-all"],
)
def test_no_session_without_research(cast, skip, failed):
    topic = at(cast, State.RESEARCHING)
    prepare_step(topic, "schedule_session", cast, skip=skip)

    assert_refused_by(failed, run_step, topic, "schedule_session", cast.office, cast)
    assert not hasattr(fresh(topic), "session")


def test_report_without_a_preliminary_solution_does_not_count(cast):
    topic = at(cast, State.RESEARCHING)
    prepare_step(topic, "schedule_session", cast)
    topic.research_report.preliminary_solution = "   "
    topic.research_report.save()

    assert_refused_by(
        [guards.has_research_report], run_step, topic, "schedule_session", cast.office, cast
    )


def test_session_needs_a_venue(cast):
    topic = at(cast, State.RESEARCHING)
    prepare_step(topic, "schedule_session", cast)

    assert_refused_by(
        [guards.session_planned], run_step, topic, "schedule_session", cast.office, cast, venue=""
    )


# Stage 3 — recording the session


@pytest.fixture
def scheduled(cast):
    return at(cast, State.SESSION_SCHEDULED)


def test_session_is_not_recorded_before_it_starts(cast):
    topic = at(cast, State.RESEARCHING)
    prepare_step(topic, "schedule_session", cast)
    run_step(
        topic,
        "schedule_session",
        cast.office,
        cast,
        starts_at=timezone.now() + dt.timedelta(days=2),
    )

    assert_refused_by(
        [guards.session_started], run_step, fresh(topic), "record_session", cast.office, cast
    )


def test_session_record_needs_members_present(cast, scheduled):
    assert_refused_by(
        [guards.session_has_attendees],
        run_step,
        scheduled,
        "record_session",
        cast.office,
        cast,
        members=[],
    )


def test_session_record_needs_consensus(cast, scheduled):
    assert_refused_by(
        [guards.session_has_consensus],
        run_step,
        scheduled,
        "record_session",
        cast.office,
        cast,
        consensus=["", "   "],
    )


# Stage 4


def test_minutes_need_text(cast):
    topic = at(cast, State.DELIBERATED)

    assert_refused_by(
        [guards.minutes_written], run_step, topic, "submit_minutes", cast.office, cast, text="  \n "
    )


def test_minutes_need_a_recorded_session(cast):
    """Data edited behind the service's back (e.g. in the admin) is still checked."""
    topic = at(cast, State.DELIBERATED)
    topic.session.members.clear()
    topic.session.consensus_points.all().delete()

    assert_refused_by(
        [guards.session_has_attendees, guards.session_has_consensus],
        run_step,
        fresh(topic),
        "submit_minutes",
        cast.office,
        cast,
    )


def test_minutes_need_at_least_one_leader(cast):
    topic = at(cast, State.DELIBERATED)

    error = refused(
        ValidationError, run_step, topic, "submit_minutes", cast.office, cast, leaders=[]
    )
    assert "leaders" in error.message_dict


def test_sign_off_waits_for_every_leader_asked(cast):
    """Taken directly, the final sign-off is refused while another leader has not signed."""
    topic = at(cast, State.MINUTES_SUBMITTED)

    assert_refused_by(
        [guards.all_signoffs_in],
        topic_transition,
        topic=topic,
        name="sign_off",
        actor=cast.leader_a,
    )


# Stage 5 → 6


def test_evaluation_needs_follow_up_items(cast):
    topic = at(cast, State.FOLLOWING_UP)
    prepare_step(topic, "start_evaluation", cast, skip=("item",))

    assert_refused_by(
        [guards.has_follow_up_items], run_step, topic, "start_evaluation", cast.office, cast
    )
    assert not EvaluationAssignment.objects.exists()


def test_evaluation_waits_for_open_items(cast):
    topic = at(cast, State.FOLLOWING_UP)
    prepare_step(topic, "start_evaluation", cast)
    follow_up_item_add(
        topic=topic,
        actor=cast.office,
        task="完成二期管网铺设",
        department=cast.department,
        due_on=timezone.localdate() + dt.timedelta(days=60),
    )

    assert_refused_by(
        [guards.follow_up_settled], run_step, topic, "start_evaluation", cast.office, cast
    )


def test_evaluation_waits_for_completion_to_be_verified(cast):
    topic = at(cast, State.FOLLOWING_UP)
    prepare_step(topic, "start_evaluation", cast, skip=("verify",))
    assert topic.follow_up_items.get().state == FollowUpItem.State.REPORTED_DONE

    assert_refused_by(
        [guards.follow_up_settled], run_step, topic, "start_evaluation", cast.office, cast
    )


def test_an_item_closed_with_a_reason_counts_as_settled(cast):
    topic = at(cast, State.FOLLOWING_UP)
    prepare_step(topic, "start_evaluation", cast)
    item = follow_up_item_add(
        topic=topic,
        actor=cast.office,
        task="协调燃气公司减免开户费",
        department=cast.department,
        due_on=timezone.localdate() + dt.timedelta(days=60),
    )
    progress_report(
        item=item, actor=cast.department_user, percent_done=30, text="已与燃气公司沟通。"
    )
    follow_up_item_close(
        item=item, actor=cast.office, reason="燃气公司已统一调整收费政策，本项不再单独办理。"
    )

    run_step(topic, "start_evaluation", cast.office, cast)

    assert fresh(topic).state == State.EVALUATING


def test_evaluation_needs_an_evaluator(cast):
    topic = at(cast, State.FOLLOWING_UP)
    prepare_step(topic, "start_evaluation", cast)

    error = refused(
        ValidationError, run_step, topic, "start_evaluation", cast.office, cast, evaluators=[]
    )
    assert "evaluators" in error.message_dict
    # Taken directly, without commissioning anyone, the guard refuses it.
    assert_refused_by(
        [guards.evaluation_commissioned],
        topic_transition,
        topic=topic,
        name="start_evaluation",
        actor=cast.office,
    )


def test_evaluation_needs_a_method_in_force(cast):
    topic = at(cast, State.FOLLOWING_UP)
    prepare_step(topic, "start_evaluation", cast, skip=("method",))

    error = refused(TransitionRefused, run_step, topic, "start_evaluation", cast.office, cast)
    assert error.reasons == [_("No evaluation method is in force for this committee.")]


def test_evaluator_of_another_committee_cannot_be_commissioned(cast):
    topic = at(cast, State.FOLLOWING_UP)
    prepare_step(topic, "start_evaluation", cast)
    outsider = EvaluatorOrganisationFactory(committee=cast.other_committee)

    error = refused(
        ValidationError,
        run_step,
        topic,
        "start_evaluation",
        cast.office,
        cast,
        evaluators=[outsider],
    )
    assert "evaluators" in error.message_dict


def test_topic_closes_only_with_a_submitted_evaluation(cast):
    topic = at(cast, State.EVALUATING)

    assert_refused_by([guards.evaluations_submitted], run_step, topic, "close", cast.office, cast)


def test_every_commissioned_evaluation_must_be_submitted(cast):
    cast.everyone()
    second_org = EvaluatorOrganisationFactory(committee=cast.committee)
    second_evaluator = UserFactory(role="evaluator", committee=cast.committee, evaluator=second_org)
    topic = at(cast, State.FOLLOWING_UP)
    prepare_step(topic, "start_evaluation", cast)
    run_step(
        topic, "start_evaluation", cast.office, cast, evaluators=[cast.evaluator_org, second_org]
    )
    prepare_step(topic, "close", cast)  # only the first submits

    assert_refused_by(
        [guards.evaluations_submitted], run_step, fresh(topic), "close", cast.office, cast
    )

    submit_evaluation(
        EvaluationAssignment.objects.get(topic=topic, evaluator=second_org), second_evaluator
    )
    run_step(fresh(topic), "close", cast.office, cast)
    assert fresh(topic).state == State.CLOSED


def test_refusal_messages_are_in_chinese_by_default(cast):
    """zh-hans is the default language: a refusal names the failed condition in Chinese."""
    cast.everyone()
    topic = cast.topic(created_by=cast.office)

    error = refused(TransitionRefused, run_step, topic, "submit", cast.office, cast)

    assert messages_of(error) == [str(guards.has_proposer.message)]
    assert any("\u4e00" <= char <= "\u9fff" for char in error.reasons[0]), error.reasons[0]
