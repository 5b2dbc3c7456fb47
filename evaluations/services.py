from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from core.workflow import TransitionRefused, transition_perform
from deadlines.models import Deadline
from deadlines.services import due_after
from notifications.models import Kind
from notifications.recipients import evaluator_staff
from notifications.services import notice_to
from topics.models import Topic
from topics.services import topic_transition

from .models import (
    EvaluationAssignment,
    EvaluationMethod,
    EvaluationResult,
    Indicator,
    Score,
)


def method_in_force(committee) -> EvaluationMethod | None:
    return (
        EvaluationMethod.objects.filter(committee=committee, in_force=True)
        .order_by("-version")
        .first()
    )


def evaluation_commission(*, topic: Topic, actor, evaluators, expected_state=None) -> Topic:
    """Commission third-party evaluation against the method in force, and enter stage 6."""
    if not evaluators:
        raise ValidationError({"evaluators": _("Choose at least one evaluator organisation.")})
    method = method_in_force(topic.committee)
    if method is None:
        raise TransitionRefused([_("No evaluation method is in force for this committee.")])

    def assign(locked):
        for evaluator in evaluators:
            if evaluator.committee_id != locked.committee_id:
                raise ValidationError({"evaluators": _("Choose evaluators of this committee.")})
            assignment, created = EvaluationAssignment.objects.get_or_create(
                topic=locked,
                evaluator=evaluator,
                defaults={"method": method, "commissioned_by": actor},
            )
            if created:
                notice_to(
                    kind=Kind.EVALUATION_ASSIGNED,
                    topic=locked,
                    subject=assignment,
                    users=evaluator_staff(assignment.evaluator_id),
                    actor=actor,
                    due_on=due_after(
                        locked.committee_id, Deadline.EVALUATION, start=timezone.localdate()
                    ),
                    deadline=Deadline.EVALUATION,
                )

    return topic_transition(
        topic=topic,
        name="start_evaluation",
        actor=actor,
        expected_state=expected_state,
        prepare=assign,
    )


def weighted_total(scores: dict) -> Decimal:
    """`scores` maps each indicator to its score (0–100); the total is their weighted mean."""
    weight_sum = sum(indicator.weight for indicator in scores)
    total = (
        sum(indicator.weight * Decimal(score) for indicator, score in scores.items()) / weight_sum
    )
    return total.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def evaluation_submit(
    *, assignment: EvaluationAssignment, actor, scores: dict, no_conflict: bool, summary=""
) -> EvaluationAssignment:
    """`scores` maps each indicator of the method to (score, justification)."""
    if not actor.has_perm("evaluations.score_topic", assignment):
        raise PermissionDenied
    if not no_conflict:
        raise ValidationError(
            {"no_conflict": _("Declare that you have no conflict of interest first.")}
        )
    indicators = list(assignment.method.indicators.all())
    missing = [indicator.name for indicator in indicators if indicator not in scores]
    if missing:
        raise ValidationError(
            _("Score every indicator: %(names)s.") % {"names": "、".join(missing)}
        )
    unknown = [indicator.name for indicator in scores if indicator not in indicators]
    if unknown:
        raise ValidationError(
            _("Not an indicator of this evaluation method: %(names)s.")
            % {"names": "、".join(unknown)}
        )
    rows = [
        Score(assignment=assignment, indicator=indicator, score=score, justification=justification)
        for indicator, (score, justification) in scores.items()
    ]
    for row in rows:
        # Each score within 0–100 and justified, as the model declares.
        try:
            row.clean_fields(exclude=["assignment", "indicator"])
        except ValidationError as error:
            raise ValidationError(f"{row.indicator.name}: {' '.join(error.messages)}") from error
    total = weighted_total({indicator: score for indicator, (score, _j) in scores.items()})

    def save_scores(locked):
        # A reopened evaluation replaces its earlier scores; their history keeps them.
        locked.scores.all().delete()
        for row in rows:
            row.assignment = locked
        bulk_create_with_history(rows, Score, default_user=actor)
        locked.no_conflict_declared = True
        locked.submitted_at = timezone.now()

    return transition_perform(
        obj=assignment,
        name="submit",
        actor=actor,
        prepare=save_scores,
        args=(actor, total, assignment.method.grade_for(total), summary),
    )


def topic_close(*, topic: Topic, actor, comment="", expected_state=None) -> Topic:
    return topic_transition(
        topic=topic, name="close", actor=actor, comment=comment, expected_state=expected_state
    )


def exact_total(assignment: EvaluationAssignment) -> Decimal:
    """The assignment's weighted mean of its scores, not yet rounded."""
    scores = list(assignment.scores.all())
    weight_sum = sum(score.indicator.weight for score in scores)
    return sum(score.indicator.weight * score.score for score in scores) / weight_sum


def aggregate_score(assignments) -> Decimal:
    """With several evaluators the topic's score is the mean of their weighted totals.

    Each total is taken exact, so that the score is rounded once (half up, two places).
    """
    totals = [exact_total(assignment) for assignment in assignments]
    return (sum(totals) / len(totals)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def evaluation_result_refresh(*, topic: Topic) -> EvaluationResult | None:
    """Store the topic's result when every commissioned evaluation is in; remove it otherwise."""
    assignments = list(
        topic.evaluation_assignments.select_related("method").prefetch_related("scores__indicator")
    )
    complete = assignments and all(
        assignment.state == EvaluationAssignment.State.SUBMITTED for assignment in assignments
    )
    if not complete:
        EvaluationResult.objects.filter(topic=topic).delete()
        return None
    method = assignments[0].method
    score = aggregate_score(assignments)
    result, _created = EvaluationResult.objects.update_or_create(
        topic=topic,
        defaults={
            "method": method,
            "score": score,
            "grade": method.grade_for(score),
            "evaluator_count": len(assignments),
        },
    )
    return result


def evaluation_reopen(*, assignment: EvaluationAssignment, actor, reason) -> EvaluationAssignment:
    """Office staff give a submitted evaluation back to its evaluator, saying why."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Reopening a submitted evaluation needs a reason.")})
    # The rule names the states it may be reopened in: judged on the row as it is now.
    current = EvaluationAssignment.objects.select_related("topic").get(pk=assignment.pk)
    if not actor.has_perm("evaluations.reopen_evaluation", current):
        raise PermissionDenied
    return transition_perform(obj=assignment, name="reopen", actor=actor, comment=reason)


def result_refresh_after(assignment, _log) -> None:
    """A step's effect: the topic's stored result follows its assignments."""
    evaluation_result_refresh(topic=assignment.topic)


def evaluation_method_version_create(
    *, committee, actor, name, excellent_from, good_from, fair_from, indicators
) -> EvaluationMethod:
    """Put a new version of the committee's evaluation method in force.

    `indicators` is a list of dicts with name, weight and guidance. Earlier versions stay
    untouched: a topic keeps the version it was commissioned with.
    """
    if not actor.has_perm("evaluations.manage_methods", committee):
        raise PermissionDenied
    errors, problems = {}, []
    if not indicators:
        problems.append(_("Add at least one indicator."))
    else:
        weight_sum = sum(indicator["weight"] for indicator in indicators)
        if weight_sum != 100:
            problems.append(
                _("The weights add up to %(sum)s; they must add up to exactly 100.")
                % {"sum": weight_sum}
            )
        names = [indicator["name"].strip() for indicator in indicators]
        repeated = sorted({name for name in names if names.count(name) > 1})
        if repeated:
            problems.append(
                _("Each indicator needs its own name: %(names)s.") % {"names": "、".join(repeated)}
            )
    if problems:
        errors["indicators"] = problems
    if not (Decimal(100) >= Decimal(excellent_from) > Decimal(good_from) > Decimal(fair_from) >= 0):
        errors["excellent_from"] = _(
            "The grade thresholds must go down from “excellent” to “fair”, between 0 and 100."
        )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        current = (
            EvaluationMethod.objects.select_for_update()
            .filter(committee=committee)
            .order_by("-version")
            .first()
        )
        for earlier in EvaluationMethod.objects.filter(committee=committee, in_force=True):
            earlier.in_force = False
            earlier._history_user = actor
            earlier.save(update_fields=["in_force"])
        method = EvaluationMethod(
            committee=committee,
            name=name,
            version=(current.version + 1) if current else 1,
            excellent_from=excellent_from,
            good_from=good_from,
            fair_from=fair_from,
            in_force=True,
        )
        method._history_user = actor
        method.full_clean()
        method.save()
        bulk_create_with_history(
            [
                Indicator(
                    method=method,
                    position=position,
                    name=indicator["name"].strip(),
                    weight=indicator["weight"],
                    guidance=indicator.get("guidance", ""),
                )
                for position, indicator in enumerate(indicators)
            ],
            Indicator,
            default_user=actor,
        )
    return method
