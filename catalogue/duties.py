"""Members' duties: a leave request (pending → approved or refused) and a dispute of a line
of the duty record (open → accepted or rejected), each decided by office staff."""

from django.utils.translation import gettext_lazy as _

from core.workflow import Machine, Page, register
from duties.models import Dispute, DisputeLog, LeaveLog, LeaveRequest
from duties.services import leave_attendance_record
from people.roles import Role

leave = register(
    Machine(
        LeaveRequest,
        log=LeaveLog,
        log_field="request",
        noun=_("leave request"),
        page_args=lambda request: [request.pk],
        topic_of=lambda request: request.session.topic,
        committee_of=lambda request: request.committee_id,
        committee_lookup="committee_id",
        topic_lookup="session__topic_id",
        impossible_message=_("This leave request has already been decided."),
    )
)
LEAVE_PAGE = Page("duties:leave_decide", label=_("Approve or refuse"))
leave.step(
    "approve",
    actor=Role.OFFICE_STAFF,
    page=LEAVE_PAGE,
    form_guards=(),
    notice=None,  # the member sees the decision on their duty page
    deadline=None,
    todo=_("Approve or refuse the leave, with a reason for a refusal."),
    effects=[leave_attendance_record],
)
leave.step(
    "refuse",
    actor=Role.OFFICE_STAFF,
    page=LEAVE_PAGE,
    form_guards=(),
    notice=None,
    deadline=None,
    todo=_("Approve or refuse the leave, with a reason for a refusal."),
)

dispute = register(
    Machine(
        Dispute,
        log=DisputeLog,
        log_field="dispute",
        noun=_("dispute"),
        page_args=lambda dispute: [dispute.pk],
        topic_of=lambda dispute: None,
        committee_of=lambda dispute: dispute.committee_id,
        committee_lookup="committee_id",
        impossible_message=_("This dispute has already been decided."),
    )
)
for decision in ("accept", "reject"):
    dispute.step(
        decision,
        actor=Role.OFFICE_STAFF,
        page=Page("duties:dispute_decide", label=_("Accept or reject")),
        form_guards=(),
        notice=None,
        deadline=None,
        todo=_("Accept or reject the dispute, with a reason."),
    )
