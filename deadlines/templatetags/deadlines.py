import datetime as dt
from dataclasses import dataclass

from django import template

from ..models import Deadline
from ..services import Status, deadline_of, status_of

register = template.Library()


@dataclass
class DueDate:
    deadline: Deadline
    due_on: dt.date
    status: Status | None


@register.simple_tag
def topic_deadline(topic) -> DueDate | None:
    """The topic's stage deadline or, in follow-up, its next item due (when annotated)."""
    deadline = deadline_of(topic)
    due_on = topic.deadline_on if deadline else None
    if due_on is None:
        deadline, due_on = Deadline.FOLLOW_UP_ITEM, getattr(topic, "next_item_due", None)
    if due_on is None:
        return None
    return DueDate(deadline, due_on, status_of(due_on))


@register.inclusion_tag("deadlines/badge.html")
def deadline_badge(due_on):
    return {"status": status_of(due_on)}
