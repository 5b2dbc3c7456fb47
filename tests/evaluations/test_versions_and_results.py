"""Rubric versions, several evaluators' result, reopening, and the evaluation report PDF."""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from pypdf import PdfReader

from core.workflow import TransitionRefused
from evaluations.models import (
    EvaluationAssignment,
    EvaluationLog,
    EvaluationMethod,
    EvaluationResult,
    Grade,
)
from evaluations.reports import evaluation_report_pdf
from evaluations.services import (
    aggregate_score,
    evaluation_method_version_create,
    evaluation_reopen,
    evaluation_result_refresh,
)
from tests.helpers import refused
from tests.people.factories import EvaluatorOrganisationFactory, UserFactory
from tests.workflow import advance, prepare_step, run_step, submit_evaluation
from topics.models import State, Topic

D = Decimal
RUBRIC = [
    {"name": "议题选择", "weight": 20, "guidance": "是否切中群众急难愁盼"},
    {"name": "调研深度", "weight": 20, "guidance": ""},
    {"name": "协商质量", "weight": 25, "guidance": ""},
    {"name": "成果转化", "weight": 25, "guidance": ""},
    {"name": "群众满意度", "weight": 10, "guidance": ""},
]


def new_version(cast, indicators=RUBRIC, **fields):
    return evaluation_method_version_create(
        committee=cast.committee,
        actor=cast.office,
        indicators=indicators,
        **(
            {
                "name": "协商议事质量评价办法（2025年修订）",
                "excellent_from": D(90),
                "good_from": D(80),
                "fair_from": D(60),
            }
            | fields
        ),
    )


def evaluating(cast, **fields):
    return advance(cast.topic(**fields), State.EVALUATING, cast=cast)


def test_a_topic_keeps_the_version_it_was_commissioned_with(cast):
    cast.everyone()
    first = evaluating(cast, title="费市家苑管道燃气")
    old_method = cast.method
    method = new_version(cast)

    assert (method.version, method.in_force) == (old_method.version + 1, True)
    assert not EvaluationMethod.objects.get(pk=old_method.pk).in_force
    assert [i.name for i in method.indicators.all()] == [row["name"] for row in RUBRIC]
    assert first.evaluation_assignments.get().method == old_method
    # Scoring goes on against the old indicators, and the result uses the old scale.
    submit_evaluation(first.evaluation_assignments.get(), cast.evaluator_user)
    assert EvaluationResult.objects.get(topic=first).method == old_method

    second = evaluating(cast, title="杜姚线路灯")
    assert second.evaluation_assignments.get().method == method


@pytest.mark.parametrize(
    ("weights", "total"), [((20, 20, 25, 25, 5), 95), ((30, 20, 25, 25, 10), 110)]
)
def test_weights_must_add_up_to_100(cast, weights, total):
    cast.everyone()
    indicators = [row | {"weight": weight} for row, weight in zip(RUBRIC, weights, strict=True)]
    error = refused(ValidationError, new_version, cast, indicators=indicators)
    assert (
        str(total) in error.message_dict["indicators"][0]
        and "100" in error.message_dict["indicators"][0]
    )


def test_a_new_version_needs_indicators_distinct_names_and_ordered_thresholds(cast):
    cast.everyone()
    assert "indicators" in refused(ValidationError, new_version, cast, indicators=[]).message_dict
    twice = [RUBRIC[0] | {"weight": 50}, RUBRIC[0] | {"weight": 50}]
    assert (
        "议题选择"
        in refused(ValidationError, new_version, cast, indicators=twice).message_dict["indicators"][
            0
        ]
    )
    error = refused(ValidationError, new_version, cast, good_from=D(95))
    assert "excellent_from" in error.message_dict


def test_only_office_staff_of_the_committee_make_a_version(cast):
    cast.everyone()
    cast.other("office_staff")
    for actor in (
        cast.chair,
        cast.leader,
        cast.member,
        cast.evaluator_user,
        cast.other("office_staff"),
    ):
        refused(
            PermissionDenied,
            evaluation_method_version_create,
            committee=cast.committee,
            actor=actor,
            indicators=RUBRIC,
            name="评价办法",
            excellent_from=D(90),
            good_from=D(80),
            fair_from=D(60),
        )


def two_evaluators(cast):
    cast.everyone()
    second_org = EvaluatorOrganisationFactory(committee=cast.committee, name="浙江大学评估中心")
    second_user = UserFactory(role="evaluator", committee=cast.committee, evaluator=second_org)
    topic = advance(cast.topic(title="两家评估"), State.FOLLOWING_UP, cast=cast)
    prepare_step(topic, "start_evaluation", cast)
    run_step(
        topic, "start_evaluation", cast.office, cast, evaluators=[cast.evaluator_org, second_org]
    )
    first = EvaluationAssignment.objects.get(topic=topic, evaluator=cast.evaluator_org)
    second = EvaluationAssignment.objects.get(topic=topic, evaluator=second_org)
    return Topic.objects.get(pk=topic.pk), (first, cast.evaluator_user), (second, second_user)


@pytest.mark.parametrize(
    ("first_scores", "second_scores", "score", "grade"),
    [
        # method weights 40/40/20. A: (95·40 + 90·40 + 85·20)/100 = 91;
        # B: (80·40 + 70·40 + 65·20)/100 = 73;
        # mean (91 + 73) / 2 = 82.00 → good.
        (("95", "90", "85"), ("80", "70", "65"), D("82.00"), Grade.GOOD),
        # A: 8999.6/100 = 89.996; B: 90; the mean 89.998 rounds to 90.00 → excellent.
        (("89.99", "90", "90"), ("90", "90", "90"), D("90.00"), Grade.EXCELLENT),
        # A: (60·40 + 59·40 + 59·20)/100 = 59.40; B: (60·40 + 60·40 + 59.5·20)/100 = 59.90;
        # mean 59.65 → poor (fair starts at 60).
        (("60", "59", "59"), ("60", "60", "59.5"), D("59.65"), Grade.POOR),
        # Rounded once: A: 8000.6/100 = 80.006, B: 8000.2/100 = 80.002, mean 80.004 → 80.00.
        # Rounding each total first (80.01 and 80.00) would wrongly give 80.005 → 80.01.
        (("80.01", "80", "80.01"), ("80", "80", "80.01"), D("80.00"), Grade.GOOD),
    ],
)
def test_several_evaluators_give_the_mean_of_their_weighted_totals(
    cast, first_scores, second_scores, score, grade
):
    topic, (first, first_user), (second, second_user) = two_evaluators(cast)
    submit_evaluation(first, first_user, scores=[D(value) for value in first_scores])
    assert not EvaluationResult.objects.filter(topic=topic).exists()
    submit_evaluation(second, second_user, scores=[D(value) for value in second_scores])

    result = EvaluationResult.objects.get(topic=topic)
    assert (result.score, result.grade, result.evaluator_count) == (score, grade, 2)
    assert aggregate_score([first, second]) == score


def test_reopening_needs_a_reason_is_audited_and_blocks_closing(cast):
    topic, (first, first_user), (second, second_user) = two_evaluators(cast)
    submit_evaluation(first, first_user)
    submit_evaluation(second, second_user)
    assert EvaluationResult.objects.filter(topic=topic).exists()

    error = refused(
        ValidationError, evaluation_reopen, assignment=second, actor=cast.office, reason=" "
    )
    assert "reason" in error.message_dict
    for actor in (second_user, cast.leader, cast.chair, cast.other("office_staff")):
        refused(PermissionDenied, evaluation_reopen, assignment=second, actor=actor, reason="复核")

    reopened = evaluation_reopen(
        assignment=second, actor=cast.office, reason="第三项评分依据不足，请复核"
    )
    assert (reopened.state, reopened.total, reopened.grade) == (
        EvaluationAssignment.State.ASSIGNED,
        None,
        "",
    )
    log = EvaluationLog.objects.filter(assignment=second).latest("at")
    assert (log.transition, log.actor, log.comment) == (
        "reopen",
        cast.office,
        "第三项评分依据不足，请复核",
    )
    assert not EvaluationResult.objects.filter(topic=topic).exists()
    assert reopened.scores.count() == 3  # kept for the evaluator to start from
    refused(TransitionRefused, run_step, topic, "close", cast.office, cast)

    # Submitted again with other scores: the earlier ones are replaced, the result comes back.
    submit_evaluation(
        EvaluationAssignment.objects.get(pk=second.pk), second_user, scores=(D(70), D(70), D(70))
    )
    rescored = EvaluationAssignment.objects.get(pk=second.pk).scores.values_list("score", flat=True)
    assert sorted(rescored) == [70] * 3
    # (95·40 + 90·40 + 85·20)/100 = 91 and 70 → 80.50
    assert EvaluationResult.objects.get(topic=topic).score == D("80.50")
    run_step(topic, "close", cast.office, cast)


def test_only_a_submitted_evaluation_of_a_topic_still_evaluating_is_reopened(cast):
    cast.everyone()
    topic = evaluating(cast)
    assignment = topic.evaluation_assignments.get()
    refused(
        PermissionDenied, evaluation_reopen, assignment=assignment, actor=cast.office, reason="复核"
    )
    submit_evaluation(assignment, cast.evaluator_user)
    run_step(topic, "close", cast.office, cast)
    refused(
        PermissionDenied, evaluation_reopen, assignment=assignment, actor=cast.office, reason="复核"
    )


def test_the_result_follows_the_assignments(cast):
    cast.everyone()
    topic = evaluating(cast)
    assert evaluation_result_refresh(topic=topic) is None
    submit_evaluation(topic.evaluation_assignments.get(), cast.evaluator_user)
    # (95·40 + 90·40 + 85·20)/100 = 91.00
    assert (topic.evaluation_result.score, topic.evaluation_result.grade) == (
        D("91.00"),
        Grade.EXCELLENT,
    )


def test_the_evaluation_report_pdf_has_the_result_and_every_score(cast):
    cast.everyone()
    topic = advance(cast.topic(title="费市家苑小区12年未通管道燃气"), State.CLOSED, cast=cast)
    response = evaluation_report_pdf(topic)
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "费市家苑小区12年未通管道燃气" in text.replace("\n", "")
    assert "91.00" in text
    for indicator in topic.evaluation_result.method.indicators.all():
        assert indicator.name in text
