"""Who the reminder sweep reminds of the evaluation deadline: each commissioned evaluator
that has not submitted, about its own assignment."""

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType

from notifications.recipients import evaluator_staff_by_evaluator
from notifications.sweep import Remind

from .models import EvaluationAssignment


def evaluators_awaited(due) -> dict[int, list[Remind]]:
    assignments = defaultdict(list)
    for pk, topic_id, evaluator_id in (
        EvaluationAssignment.objects.pending()
        .filter(topic_id__in=[record.pk for record in due])
        .values_list("pk", "topic_id", "evaluator_id")
    ):
        assignments[topic_id].append((pk, evaluator_id))
    staff = evaluator_staff_by_evaluator(
        {evaluator for pairs in assignments.values() for _pk, evaluator in pairs}
    )
    assignment_type = ContentType.objects.get_for_model(EvaluationAssignment)
    return {
        record.pk: [
            Remind(assignment_type, pk, staff.get(evaluator_id, ()), escalate=True)
            for pk, evaluator_id in assignments.get(record.pk, ())
        ]
        for record in due
    }
