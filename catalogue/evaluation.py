"""The third-party evaluation's steps: an evaluator submits its scores; office staff may give
a submitted evaluation back with a reason. Either way the topic's stored result follows."""

from django.utils.translation import gettext_lazy as _

from core.workflow import Machine, Page, register
from evaluations.models import EvaluationAssignment, EvaluationLog
from evaluations.services import result_refresh_after
from notifications.models import Kind
from notifications.recipients import evaluator_staff
from notifications.services import Notice
from people.roles import Role


def assigned_evaluator(assignment):
    return evaluator_staff(assignment.evaluator_id)


machine = register(
    Machine(
        EvaluationAssignment,
        log=EvaluationLog,
        log_field="assignment",
        noun=_("evaluation"),
        page_args=lambda assignment: [assignment.topic_id, assignment.pk],
    )
)
machine.step(
    "submit",
    actor=Role.EVALUATOR,
    page=Page("evaluations:score", args=lambda assignment: [assignment.topic_id]),
    form_guards=(),
    notice=None,  # the office sees the result on the topic and closes it
    deadline=None,
    todo=_("Score against the evaluation method."),
    refusal=_("This evaluation has already been submitted."),
    effects=[result_refresh_after],
)
machine.step(
    "reopen",
    actor=Role.OFFICE_STAFF,
    page=Page("evaluations:reopen"),
    form_guards=(),
    notice=Notice(
        Kind.EVALUATION_REOPENED, to=assigned_evaluator, about=lambda assignment: assignment
    ),
    deadline=None,
    todo=_("Give it back to the evaluator with a reason."),
    refusal=_("Only a submitted evaluation can be reopened."),
    effects=[result_refresh_after],
)
