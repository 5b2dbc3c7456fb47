"""The follow-up item's steps (assigned → completion reported → verified, or closed with a
reason) and those of a department's request for more time (pending → granted or refused)."""

from django.utils.translation import gettext_lazy as _

from core.workflow import Machine, Page, register
from deadlines.models import Deadline
from deadlines.services import StageDeadline
from followup.models import ExtensionLog, ExtensionRequest, FollowUpItem, ItemTransitionLog
from followup.reminders import item_departments
from notifications.models import Kind
from notifications.recipients import department_staff
from notifications.services import Notice
from people.roles import Role

item = register(
    Machine(
        FollowUpItem,
        log=ItemTransitionLog,
        log_field="item",
        noun=_("follow-up item"),
        page_args=lambda item: [item.topic_id, item.pk],
        deadline_field="due_on",
        impossible_message=_("This item is “%(state)s”; the action is not possible."),
    )
)
# An item is born assigned, due on the date office staff gave it.
item.deadline_in(
    FollowUpItem.State.ASSIGNED,
    StageDeadline(Deadline.FOLLOW_UP_ITEM, remind=item_departments),
)

REVIEW_PAGE = Page("followup:item_review", label=_("Review"))

item.step(
    "report_completion",
    actor=Role.DEPARTMENT,
    page=Page("followup:item_report"),
    form_guards=(),
    notice=None,  # the office sees reported items on its to-do list
    deadline=None,
    todo=_("Report progress with evidence."),
    refusal=_("This item is no longer open for reports."),
)
# Office staff review a reported item on one page: verify it, send it back, or close it.
for decision in ("verify", "send_back", "close"):
    item.step(
        decision,
        actor=Role.OFFICE_STAFF,
        page=REVIEW_PAGE,
        form_guards=(),
        notice=None,
        deadline=None,
        todo=_("Verify or send back."),
    )


def requesting_department(request):
    return department_staff(request.item.department_id)


extension = register(
    Machine(
        ExtensionRequest,
        log=ExtensionLog,
        log_field="request",
        noun=_("extension request"),
        page_args=lambda request: [request.item.topic_id, request.item_id, request.pk],
        topic_of=lambda request: request.item.topic,
        committee_of=lambda request: request.item.topic.committee_id,
        committee_lookup="item__topic__committee_id",
        topic_lookup="item__topic_id",
        impossible_message=_("This request has already been decided."),
    )
)
for decision in ("grant", "refuse"):
    extension.step(
        decision,
        actor=Role.OFFICE_STAFF,
        page=Page("followup:extension_decide", label=_("Grant or refuse")),
        form_guards=(),
        notice=Notice(
            Kind.EXTENSION_DECIDED,
            to=requesting_department,
            about=lambda request: request.item,
            due=lambda request: request.requested_due_on,
        ),
        deadline=None,
        todo=_("Grant or refuse, with a reason."),
    )
