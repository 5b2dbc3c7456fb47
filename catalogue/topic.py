"""The topic's eleven steps through the six stages (议题确定 → … → 质量评价).

The transitions themselves, with their guards and permissions, are on `topics.models.Topic`;
here each is declared with everything else that belongs to it. Read a row as: who takes the
step, on which page, which of its guards that page's form fulfils, who is told, the deadline
of the state it leads to (from when, and who is reminded), and the to-do text while it waits.
"""

from django.utils.translation import gettext_lazy as _

from consultations.reminders import leaders_awaited
from consultations.selectors import leaders_asked, session_held_on
from core.workflow import Machine, Page, register
from deadlines.models import Deadline
from deadlines.services import StageDeadline
from documents.services import signed_version_render, submitted_version_freeze
from duties.services import session_attendance_settle
from evaluations.reminders import evaluators_awaited
from notifications.models import Kind
from notifications.recipients import with_role
from notifications.services import Notice
from people.roles import Role
from research.reminders import research_team as research_team_reminded
from research.selectors import report_written_on, research_team
from topics.models import Topic, TransitionLog
from topics.selectors import proposers


def chair_meeting(topic):
    return with_role(topic.committee_id, Role.CHAIR_MEETING)


def office_staff(topic):
    return with_role(topic.committee_id, Role.OFFICE_STAFF)


def proposers_and_office(topic):
    return proposers(topic) | office_staff(topic)


machine = register(
    Machine(
        Topic,
        log=TransitionLog,
        log_field="topic",
        noun=_("topic"),
        topic_of=lambda topic: topic,
        committee_of=lambda topic: topic.committee_id,
        committee_lookup="committee_id",
        topic_lookup="pk",
        deadline_field="deadline_on",
        deadline_per_state=True,
        moved_message=_(
            "This topic has meanwhile moved to “%(state)s”, probably by someone else; "
            "the page has been refreshed."
        ),
        impossible_message=_("“%(action)s” is not possible while the topic is “%(state)s”."),
        concurrent_message=_(
            "Someone else changed this topic at the same moment; reload the page and try again."
        ),
    )
)

# Stage 1: topic selection

machine.step(
    "submit",
    actor=Role.MEMBER,
    page=Page("topics:transition", "submit"),
    form_guards=(),
    notice=Notice(Kind.TOPIC_SUBMITTED, to=chair_meeting),
    deadline=None,
    todo=_("Submit them for approval when ready."),
)
machine.step(
    "approve",
    actor=Role.CHAIR_MEETING,
    page=Page("topics:transition", "approve"),
    form_guards=(),
    notice=Notice(Kind.TOPIC_APPROVED, to=proposers_and_office),
    deadline=StageDeadline(Deadline.RESEARCH_REPORT),
    todo=_("Approve into the plan or reject with a reason."),
)
machine.step(
    "reject",
    actor=Role.CHAIR_MEETING,
    page=Page("topics:reject"),
    form_guards=(),
    notice=Notice(Kind.TOPIC_REJECTED, to=proposers),
    deadline=None,
    todo=_("Approve into the plan or reject with a reason."),
)

# Stage 2: research

machine.step(
    "start_research",
    actor=Role.OFFICE_STAFF,
    page=Page("research:start"),
    form_guards=("has_research_plan",),
    notice=Notice(Kind.RESEARCH_STARTED, to=research_team),
    deadline=StageDeadline(Deadline.RESEARCH_REPORT, remind=research_team_reminded),
    todo=_("Draw up the research plan"),
)

# Stage 3: deliberation

machine.step(
    "schedule_session",
    actor=Role.OFFICE_STAFF,
    page=Page("consultations:schedule"),
    form_guards=("session_planned",),
    notice=Notice(Kind.SESSION_SCHEDULED, to=research_team),
    deadline=StageDeadline(Deadline.SESSION, starts=report_written_on),
    todo=_("Complete research and schedule the session"),
)
machine.step(
    "record_session",
    actor=Role.OFFICE_STAFF,
    page=Page("consultations:record"),
    form_guards=("session_has_attendees", "session_has_consensus"),
    notice=None,
    deadline=StageDeadline(Deadline.MINUTES, starts=session_held_on),
    todo=_("Record the session once held"),
    effects=[session_attendance_settle],  # duties: the attendance records follow the lists
)

# Stage 4: results submitted

SIGN_PAGE = Page("consultations:sign", label=_("Sign off or return the minutes"))

machine.step(
    "submit_minutes",
    actor=Role.OFFICE_STAFF,
    page=Page("consultations:minutes"),
    form_guards=("minutes_written",),
    notice=Notice(Kind.MINUTES_SUBMITTED, to=leaders_asked),
    deadline=StageDeadline(Deadline.SIGN_OFF, remind=leaders_awaited),
    todo=_("Write and submit the minutes"),
    effects=[submitted_version_freeze],
)
machine.step(
    "sign_off",
    actor=Role.LEADER,
    page=SIGN_PAGE,
    form_guards=("all_signoffs_in",),
    notice=Notice(Kind.MINUTES_SIGNED, to=office_staff),
    deadline=None,
    todo=_("Sign off with an opinion, or return."),
    completed_by="all_signoffs_in",
    effects=[signed_version_render],
)
machine.step(
    "return_minutes",
    actor=Role.LEADER,
    page=SIGN_PAGE,
    form_guards=(),
    notice=Notice(Kind.MINUTES_RETURNED, to=office_staff),
    deadline=StageDeadline(Deadline.MINUTES),
    todo=_("Sign off with an opinion, or return."),
)

# Stage 5 → 6: follow-up, then quality evaluation

machine.step(
    "start_evaluation",
    actor=Role.OFFICE_STAFF,
    page=Page("evaluations:commission"),
    form_guards=("evaluation_commissioned",),
    notice=None,  # each evaluator commissioned is told of its own assignment
    deadline=StageDeadline(Deadline.EVALUATION, remind=evaluators_awaited),
    todo=_("Assign follow-up and commission evaluation"),
)
machine.step(
    "close",
    actor=Role.OFFICE_STAFF,
    page=Page("topics:transition", "close"),
    form_guards=(),
    notice=Notice(Kind.TOPIC_CLOSED, to=proposers),
    deadline=None,
    todo=_("Close the topic once evaluated"),
)
