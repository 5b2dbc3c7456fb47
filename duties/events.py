"""The events members attend: a topic's session or one of its research visits and symposia,
seen alike by the attendance pages, the check-in code and the duty record."""

import datetime as dt
from dataclasses import dataclass

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consultations.models import Session
from research.models import ResearchActivity

SESSION, ACTIVITY = "session", "activity"
KINDS = {SESSION: Session, ACTIVITY: ResearchActivity}


@dataclass(frozen=True)
class Event:
    kind: str
    obj: object

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.obj.pk}"

    @property
    def pk(self) -> int:
        return self.obj.pk

    @property
    def topic(self):
        return self.obj.topic

    @property
    def committee_id(self) -> int:
        # Lets the committee-scoped predicates judge an event as they judge its topic.
        return self.obj.topic.committee_id

    @property
    def day(self) -> dt.date:
        if self.kind == SESSION:
            return timezone.localdate(self.obj.starts_at)
        return self.obj.held_on

    @property
    def is_to_come(self) -> bool:
        if self.kind == SESSION:
            return self.obj.starts_at > timezone.now()
        return self.obj.held_on >= timezone.localdate()

    @property
    def place(self) -> str:
        return self.obj.venue if self.kind == SESSION else self.obj.place

    @property
    def label(self) -> str:
        if self.kind == SESSION:
            return str(_("Session"))
        return self.obj.get_kind_display()

    @property
    def foreign_key(self) -> dict:
        """The attendance record's field naming this event."""
        return {self.kind: self.obj}

    def __str__(self):
        return f"{self.label} · {self.day:%Y-%m-%d} · {self.topic.title}"


def event_of(obj) -> Event:
    return Event(SESSION if isinstance(obj, Session) else ACTIVITY, obj)


def event_get(kind: str, pk: int, *, committee_ids) -> Event:
    """The event, if it belongs to one of the committees given; 404 otherwise."""
    model = KINDS.get(kind)
    if model is None:
        raise Http404
    try:
        obj = model.objects.select_related("topic__committee").get(
            pk=pk, topic__committee_id__in=committee_ids
        )
    except model.DoesNotExist as missing:
        raise Http404 from missing
    return Event(kind, obj)
