"""Third-party evaluation: weighted totals, grades, and who may score."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from evaluations.models import EvaluationAssignment, Grade, Score
from evaluations.services import evaluation_submit, weighted_total
from tests.evaluations.factories import EvaluationMethodFactory
from tests.helpers import refused
from tests.people.factories import UserFactory
from tests.workflow import advance, submit_evaluation
from topics.models import State

D = Decimal


@pytest.fixture
def method(db):
    return EvaluationMethodFactory()


def indicators(method):
    return list(method.indicators.all())


@pytest.mark.parametrize(
    ("scores", "total", "grade"),
    [
        # (95·40 + 90·40 + 85·20) / 100 = 91.00
        ((D("95"), D("90"), D("85")), D("91.00"), Grade.EXCELLENT),
        # (90·40 + 80·40 + 70·20) / 100 = 82.00
        ((D("90"), D("80"), D("70")), D("82.00"), Grade.GOOD),
        # (75·40 + 75·40 + 75·20) / 100 = 75.00, the lower edge of “good”
        ((D("75"), D("75"), D("75")), D("75.00"), Grade.GOOD),
        # (60·40 + 60·40 + 59.5·20) / 100 = 59.90
        ((D("60"), D("60"), D("59.5")), D("59.90"), Grade.POOR),
        # (70·40 + 55·40 + 60·20) / 100 = 62.00
        ((D("70"), D("55"), D("60")), D("62.00"), Grade.FAIR),
        # (89.99·40 + 90·40 + 90·20) / 100 = 89.996 → 90.00 (half up), shown and graded alike
        ((D("89.99"), D("90"), D("90")), D("90.00"), Grade.EXCELLENT),
        ((D("0"), D("0"), D("0")), D("0.00"), Grade.POOR),
        ((D("100"), D("100"), D("100")), D("100.00"), Grade.EXCELLENT),
    ],
)
def test_weighted_total_and_grade(method, scores, total, grade):
    by_indicator = dict(zip(indicators(method), scores, strict=True))

    assert weighted_total(by_indicator) == total
    assert method.grade_for(weighted_total(by_indicator)) == grade


def test_unequal_weights_hand_checked(db):
    method = EvaluationMethodFactory(indicators=[("成果采纳", 3), ("办理实效", 2), ("满意度", 1)])
    # (80·3 + 90·2 + 100·1) / 6 = 520 / 6 = 86.666… → 86.67
    assert weighted_total(dict(zip(indicators(method), (80, 90, 100), strict=True))) == D("86.67")


@pytest.fixture
def evaluating(cast):
    cast.everyone()
    return advance(cast.topic(), State.EVALUATING, cast=cast)


@pytest.fixture
def assignment(evaluating, cast):
    return EvaluationAssignment.objects.get(topic=evaluating, evaluator=cast.evaluator_org)


def scores_for(assignment, values=("88", "92", "79")):
    return {
        indicator: (D(value), f"{indicator.name}：核查了办理台账和现场。")
        for indicator, value in zip(assignment.method.indicators.all(), values, strict=True)
    }


def submit(assignment, actor, **fields):
    return evaluation_submit(
        assignment=assignment,
        actor=actor,
        **({"scores": scores_for(assignment), "no_conflict": True, "summary": "总体良好"} | fields),
    )


def test_submission_stores_scores_total_and_grade(cast, assignment):
    submitted = submit(assignment, cast.evaluator_user)

    # (88·40 + 92·40 + 79·20) / 100 = 87.80
    assert (submitted.state, submitted.total, submitted.grade) == (
        EvaluationAssignment.State.SUBMITTED,
        D("87.80"),
        Grade.GOOD,
    )
    assert (submitted.submitted_by, submitted.no_conflict_declared, submitted.summary) == (
        cast.evaluator_user,
        True,
        "总体良好",
    )
    assert submitted.submitted_at is not None
    assert Score.objects.filter(assignment=assignment).count() == 3


def test_missing_indicator_is_refused(cast, assignment):
    scores = scores_for(assignment)
    missing = list(scores)[-1]
    del scores[missing]

    error = refused(ValidationError, submit, assignment, cast.evaluator_user, scores=scores)

    assert missing.name in error.messages[0]


def test_no_conflict_declaration_is_required(cast, assignment):
    error = refused(ValidationError, submit, assignment, cast.evaluator_user, no_conflict=False)

    assert "no_conflict" in error.message_dict


@pytest.mark.parametrize("bad", ["100.5", "-1"])
def test_score_outside_0_to_100_is_refused(cast, assignment, bad):
    refused(
        ValidationError,
        submit,
        assignment,
        cast.evaluator_user,
        scores=scores_for(assignment, ("88", bad, "79")),
    )


def test_score_needs_a_justification(cast, assignment):
    scores = {indicator: (score, "") for indicator, (score, _j) in scores_for(assignment).items()}

    refused(ValidationError, submit, assignment, cast.evaluator_user, scores=scores)


def test_indicator_of_another_method_is_refused(cast, assignment):
    scores = scores_for(assignment)
    foreign = EvaluationMethodFactory(committee=cast.committee, in_force=False).indicators.first()
    scores[foreign] = (D("90"), "不相干的指标")

    refused(ValidationError, submit, assignment, cast.evaluator_user, scores=scores)


def test_submitted_evaluation_cannot_be_resubmitted(cast, assignment):
    submit(assignment, cast.evaluator_user)

    refused(
        Exception,
        submit,
        assignment,
        cast.evaluator_user,
        scores=scores_for(assignment, ("10", "10", "10")),
    )

    assert EvaluationAssignment.objects.get(pk=assignment.pk).total == D("87.80")


@pytest.mark.parametrize(
    "who",
    ["other_org", "office", "chair", "leader_a", "member", "other:evaluator_user", "anonymous"],
)
def test_only_the_assigned_evaluator_can_score(cast, assignment, who):
    if who == "other_org":
        actor = UserFactory(role="evaluator", committee=cast.committee)  # another organisation
    else:
        actor = cast.actor(who)

    refused(PermissionDenied, submit, assignment, actor)


def test_any_staff_of_the_assigned_organisation_can_score(cast, assignment):
    colleague = UserFactory(
        role="evaluator", committee=cast.committee, evaluator=cast.evaluator_org
    )

    submit_evaluation(assignment, colleague)

    assert EvaluationAssignment.objects.get(pk=assignment.pk).submitted_by == colleague
