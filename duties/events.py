"""The events members attend: a topic's session, one of its research visits and symposia, or
a reception day (接待日) — seen alike by the attendance pages, the check-in code and the duty
record."""

import datetime as dt
from dataclasses import dataclass

from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consultations.models import Session
from core.access import scoped_get_or_404
from public.models import ReceptionDay
from research.models import ResearchActivity

SESSION, ACTIVITY, RECEPTION = "session", "activity", "reception_day"
KINDS = {SESSION: Session, ACTIVITY: ResearchActivity, RECEPTION: ReceptionDay}
# How each kind reaches its committee.
COMMITTEE_LOOKUP = {
    SESSION: "topic__committee_id",
    ACTIVITY: "topic__committee_id",
    RECEPTION: "committee_id",
}


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
        """The topic the event belongs to; a reception day has none."""
        return None if self.kind == RECEPTION else self.obj.topic

    @property
    def committee_id(self) -> int:
        # Lets the committee-scoped predicates judge an event as they judge its committee.
        return self.obj.committee_id if self.kind == RECEPTION else self.obj.topic.committee_id

    @property
    def title(self) -> str:
        return self.obj.venue_name if self.kind == RECEPTION else self.obj.topic.title

    @property
    def url(self) -> str:
        if self.kind == RECEPTION:
            return reverse("duties:event", args=[self.kind, self.pk])
        return self.obj.topic.get_absolute_url()

    @property
    def starts_at(self) -> dt.datetime | None:
        return None if self.kind == ACTIVITY else self.obj.starts_at

    @property
    def day(self) -> dt.date:
        if self.kind == ACTIVITY:
            return self.obj.held_on
        return timezone.localdate(self.obj.starts_at)

    @property
    def is_to_come(self) -> bool:
        if self.kind == ACTIVITY:
            return self.obj.held_on >= timezone.localdate()
        return self.obj.starts_at > timezone.now()

    @property
    def takes_leave(self) -> bool:
        """Whether members ask for leave from it beforehand (sessions and reception days)."""
        return self.kind != ACTIVITY

    @property
    def place(self) -> str:
        if self.kind == SESSION:
            return self.obj.venue
        if self.kind == RECEPTION:
            return self.obj.venue_name
        return self.obj.place

    @property
    def label(self) -> str:
        if self.kind == SESSION:
            return str(_("Session"))
        return self.obj.get_kind_display()

    @property
    def foreign_key(self) -> dict:
        """The attendance record's (or leave request's) field naming this event."""
        return {self.kind: self.obj}

    def __str__(self):
        return f"{self.label} · {self.day:%Y-%m-%d} · {self.title}"


def event_of(obj) -> Event:
    kind = next(kind for kind, model in KINDS.items() if isinstance(obj, model))
    return Event(kind, obj)


def event_get(kind: str, pk: int, *, committee_ids) -> Event:
    """The event, if it belongs to one of the committees given; 404 otherwise."""
    model = KINDS.get(kind)
    if model is None:
        raise Http404
    related = "committee" if kind == RECEPTION else "topic__committee"
    scoped = model.objects.select_related(related).filter(
        **{f"{COMMITTEE_LOOKUP[kind]}__in": committee_ids}
    )
    return Event(kind, scoped_get_or_404(scoped, pk=pk))
