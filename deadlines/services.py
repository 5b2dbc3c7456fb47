"""Deadlines: computed when a record enters a state, from its committee's policy.

Which deadline a state carries is declared with the steps that lead into it
(`StageDeadline` in the catalogue); this module only knows how to count the days.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import workflow

from .calendar import add_days
from .models import Deadline, DeadlinePolicy

# Reminders and badges say "due soon" this many days ahead.
DUE_SOON_DAYS = 3


@dataclass(frozen=True)
class StageDeadline:
    """The deadline of the state a step leads to.

    `starts(obj)` is the day the period runs from (default: the day of the step);
    `remind` tells the reminder sweep who must act (default: the committee's office staff,
    see notifications.sweep). A step into a state whose source carries the same deadline
    keeps the date it had: the research deadline runs on through the research.
    """

    deadline: Deadline
    starts: Callable[[object], dt.date | None] | None = None
    remind: Callable | None = None

    def due_on(self, obj) -> dt.date:
        start = (self.starts(obj) if self.starts else None) or timezone.localdate()
        return due_after(workflow.machine_of(obj).committee_of(obj), self.deadline, start=start)


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


def deadline_of(obj) -> Deadline | None:
    """The deadline the record's current state carries, if any."""
    machine = workflow.machine_of(obj)
    declared = machine.deadline_of_state().get(getattr(obj, machine.state_attr))
    return None if declared is None else declared.deadline


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
