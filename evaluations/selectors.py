"""What evaluation contributes to the topic page and the topic list."""

from django import forms
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from topics.selectors import ListFilter

from .models import EvaluationLog, Grade


def topic_page_prefetch(user):
    return [
        "evaluation_assignments__evaluator",
        "evaluation_assignments__method",
        "evaluation_assignments__scores__indicator",
        Prefetch(
            "evaluation_assignments__transitions",
            queryset=EvaluationLog.objects.select_related("actor"),
        ),
    ]


def _grade_field(user):
    return {
        "grade": forms.ChoiceField(
            label=_("Evaluation grade"),
            required=False,
            choices=[("", _("All grades")), *Grade.choices],
        )
    }


GRADE_FILTER = ListFilter(
    order=30,
    fields=_grade_field,
    apply=lambda topics, grade: topics.filter(evaluation_result__grade=grade),
)
