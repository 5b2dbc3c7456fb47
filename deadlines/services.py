"""Deadlines: computed when a topic enters a stage, from its committee's policy."""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consultations.models import Session
from research.models import ResearchReport
from topics.models import State, Topic

from .calendar import add_days
from .models import Deadline, DeadlinePolicy

# The deadline a topic works towards in each state. The research deadline, set on approval,
# runs on through the research; the others start when the topic enters the state.
DEADLINE_OF_STATE = {
    State.PLANNED: Deadline.RESEARCH_REPORT,
    State.RESEARCHING: Deadline.RESEARCH_REPORT,
    State.SESSION_SCHEDULED: Deadline.SESSION,
    State.DELIBERATED: Deadline.MINUTES,
    State.MINUTES_SUBMITTED: Deadline.SIGN_OFF,
    State.EVALUATING: Deadline.EVALUATION,
}

# Reminders and badges say "due soon" this many days ahead.
DUE_SOON_DAYS = 3


class Status(models.TextChoices):
    DUE_SOON = "due_soon", _("Due soon")
    DUE_TODAY = "due_today", _("Due today")
    OVERDUE = "overdue", _("Overdue")


def status_of(due_on: dt.date | None, today: dt.date | None = None) -> Status | None:
    if due_on is None:
        return None
    today = today or timezone.localdate()
    if due_on < today:
        return Status.OVERDUE
    if due_on == today:
        return Status.DUE_TODAY
    if due_on <= today + dt.timedelta(days=DUE_SOON_DAYS):
        return Status.DUE_SOON
    return None


def due_after(committee_id, deadline: Deadline, *, start: dt.date) -> dt.date:
    days, working_days = DeadlinePolicy.of(committee_id).period(deadline)
    return add_days(start, days, working_days=working_days)


def topic_deadline(topic: Topic, *, source: str) -> dt.date | None:
    """The deadline of `topic`, which has just moved from `source` to its current state."""
    deadline = DEADLINE_OF_STATE.get(topic.state)
    if deadline is None:
        return None
    if DEADLINE_OF_STATE.get(source) == deadline:
        return topic.deadline_on
    return due_after(topic.committee_id, deadline, start=_start_of(topic, deadline, source))


def _start_of(topic: Topic, deadline: Deadline, source: str) -> dt.date:
    """The day the period runs from: the report for the session, the session for the first
    minutes; otherwise the day the topic entered the stage (the return, for revised minutes)."""
    if deadline == Deadline.SESSION:
        written = (
            ResearchReport.objects.filter(topic=topic).values_list("updated_at", flat=True).first()
        )
        if written:
            return timezone.localdate(written)
    if deadline == Deadline.MINUTES and source == State.SESSION_SCHEDULED:
        held = Session.objects.filter(topic=topic).values_list("starts_at", flat=True).first()
        if held:
            return timezone.localdate(held)
    return timezone.localdate()


def deadline_policy_save(*, committee, actor, **periods) -> DeadlinePolicy:
    """Save the committee's policy; topics keep the deadlines they already have."""
    policy = DeadlinePolicy.of(committee.pk)
    if not actor.has_perm("deadlines.change_policy", policy):
        raise PermissionDenied
    for name, value in periods.items():
        setattr(policy, name, value)
    policy.full_clean()
    policy._history_user = actor
    policy.save()
    return policy
