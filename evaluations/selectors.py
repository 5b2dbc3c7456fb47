"""What evaluation contributes to the topic page and the topic list."""

from django import forms
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from core.forms import LeanSelect
from topics.selectors import ListFilter

from .models import EvaluationAssignment, EvaluationLog, Grade, Score


def topic_page_prefetch(user):
    return [
        # One query for the assignments with their evaluator and method, one for the scores.
        Prefetch(
            "evaluation_assignments",
            queryset=EvaluationAssignment.objects.select_related("evaluator", "method"),
        ),
        Prefetch(
            "evaluation_assignments__scores", queryset=Score.objects.select_related("indicator")
        ),
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
            widget=LeanSelect,
        )
    }


GRADE_FILTER = ListFilter(
    order=30,
    fields=_grade_field,
    apply=lambda topics, grade: topics.filter(evaluation_result__grade=grade),
)
