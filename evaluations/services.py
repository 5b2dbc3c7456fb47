from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from topics.models import Topic
from topics.services import TransitionRefused, topic_transition

from .models import EvaluationAssignment, EvaluationMethod, Score


def method_in_force(committee) -> EvaluationMethod | None:
    return EvaluationMethod.objects.filter(committee=committee, in_force=True).order_by("-version").first()


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
            EvaluationAssignment.objects.get_or_create(
                topic=locked, evaluator=evaluator, defaults={"method": method, "commissioned_by": actor}
            )

    return topic_transition(
        topic=topic, name="start_evaluation", actor=actor, expected_state=expected_state, prepare=assign
    )


def weighted_total(scores: dict) -> Decimal:
    """`scores` maps each indicator to its score (0–100); the total is their weighted mean."""
    weight_sum = sum(indicator.weight for indicator in scores)
    total = sum(indicator.weight * Decimal(score) for indicator, score in scores.items()) / weight_sum
    return total.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def evaluation_submit(
    *, assignment: EvaluationAssignment, actor, scores: dict, no_conflict: bool, summary=""
) -> EvaluationAssignment:
    """`scores` maps each indicator of the method to (score, justification)."""
    if not actor.has_perm("evaluations.score_topic", assignment):
        raise PermissionDenied
    if not no_conflict:
        raise ValidationError({"no_conflict": _("Declare that you have no conflict of interest first.")})
    with transaction.atomic():
        locked = EvaluationAssignment.objects.select_for_update().select_related("method").get(pk=assignment.pk)
        if locked.state != EvaluationAssignment.State.ASSIGNED:
            raise TransitionRefused([_("This evaluation has already been submitted.")])
        indicators = list(locked.method.indicators.all())
        missing = [indicator.name for indicator in indicators if indicator not in scores]
        if missing:
            raise ValidationError(_("Score every indicator: %(names)s.") % {"names": "、".join(missing)})
        unknown = [indicator.name for indicator in scores if indicator not in indicators]
        if unknown:
            raise ValidationError(
                _("Not an indicator of this evaluation method: %(names)s.") % {"names": "、".join(unknown)}
            )
        rows = [
            Score(assignment=locked, indicator=indicator, score=score, justification=justification)
            for indicator, (score, justification) in scores.items()
        ]
        for row in rows:
            # Each score within 0–100 and justified, as the model declares.
            try:
                row.clean_fields(exclude=["assignment", "indicator"])
            except ValidationError as error:
                raise ValidationError(
                    "%(indicator)s: %(problems)s"
                    % {"indicator": row.indicator.name, "problems": " ".join(error.messages)}
                ) from error
        bulk_create_with_history(rows, Score, default_user=actor)
        total = weighted_total({indicator: score for indicator, (score, _j) in scores.items()})
        locked.no_conflict_declared = True
        locked.submitted_at = timezone.now()
        locked.submit(actor, total, locked.method.grade_for(total), summary)
        locked.save()
    return locked


def topic_close(*, topic: Topic, actor, comment="", expected_state=None) -> Topic:
    return topic_transition(topic=topic, name="close", actor=actor, comment=comment, expected_state=expected_state)
