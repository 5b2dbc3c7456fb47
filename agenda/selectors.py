"""What the calendar shows a user: sessions, research activities, reception days and due
dates, each only where the pages would show it to them (`topics.selectors.visible_topics` and
`dossier_topics`, `followup.selectors.visible_items`), in one query per kind."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consultations.models import Session
from duties.events import event_of
from evaluations.models import EvaluationAssignment
from followup.models import FollowUpItem
from followup.selectors import visible_items
from people.predicates import READING_ROLES
from people.roles import Role
from public.models import ReceptionDay
from research.models import ResearchActivity
from topics.selectors import visible_topics

SESSION_LENGTH = dt.timedelta(hours=2)


class Kind:
    SESSION = "session"
    RESEARCH = "research"
    RECEPTION = "reception"
    TOPIC_DUE = "topic-due"
    ITEM_DUE = "item-due"

    LABELS = {
        SESSION: _("Session"),
        RESEARCH: _("Research activity"),
        RECEPTION: _("Reception day"),
        TOPIC_DUE: _("Stage deadline"),
        ITEM_DUE: _("Follow-up item due"),
    }
    ALL = tuple(LABELS)


@dataclass(frozen=True)
class Event:
    kind: str
    pk: int
    title: str
    start: dt.datetime | dt.date  # a date for an all-day event
    end: dt.datetime | dt.date  # exclusive
    location: str
    path: str  # the page of the record
    topic_title: str
    changed_at: dt.datetime | None = None

    @property
    def key(self) -> str:
        return f"{self.kind}-{self.pk}"

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, dt.datetime)

    @property
    def day(self) -> dt.date:
        return self.start if self.all_day else timezone.localtime(self.start).date()

    @property
    def kind_label(self):
        return Kind.LABELS[self.kind]

    @property
    def sort_key(self):
        time = None if self.all_day else timezone.localtime(self.start).time()
        return (self.day, time is not None, time or dt.time.min, self.kind, self.pk)


def dossier_topics(user):
    """Topics whose whole dossier, research included, the user may read
    (`topics.view_dossier`): the visible topics of committees where the user reads every
    topic, and those assigned to the user's evaluator organisation; not those a department
    sees only through its items."""
    assigned = EvaluationAssignment.objects.filter(
        topic=OuterRef("pk"),
        evaluator_id__in=user.evaluator_ids,
        topic__committee_id__in=user.committees_with_role(Role.EVALUATOR),
    )
    return visible_topics(user).filter(
        Q(committee_id__in=user.committees_with_role(*READING_ROLES)) | Exists(assigned)
    )


def _local_bounds(start: dt.date, end: dt.date):
    zone = timezone.get_current_timezone()
    return (
        dt.datetime.combine(start, dt.time.min, tzinfo=zone),
        dt.datetime.combine(end, dt.time.min, tzinfo=zone),
    )


def _sessions(user, start, end, pk=None):
    sessions = Session.objects.filter(topic__in=visible_topics(user)).select_related("topic")
    if pk:
        sessions = sessions.filter(pk=pk)
    else:
        since, until = _local_bounds(start, end)
        sessions = sessions.filter(starts_at__gte=since, starts_at__lt=until)
    for session in sessions:
        yield Event(
            kind=Kind.SESSION,
            pk=session.pk,
            title=_("Session: %(topic)s") % {"topic": session.topic.title},
            start=session.starts_at,
            end=session.starts_at + SESSION_LENGTH,
            location=session.venue,
            path=session.topic.get_absolute_url(),
            topic_title=session.topic.title,
        )


def _research(user, start, end, pk=None):
    activities = ResearchActivity.objects.filter(topic__in=dossier_topics(user)).select_related(
        "topic"
    )
    activities = (
        activities.filter(pk=pk) if pk else activities.filter(held_on__gte=start, held_on__lt=end)
    )
    for activity in activities:
        yield Event(
            kind=Kind.RESEARCH,
            pk=activity.pk,
            title=f"{activity.get_kind_display()}: {activity.topic.title}",
            start=activity.held_on,
            end=activity.held_on + dt.timedelta(days=1),
            location=activity.place,
            path=activity.topic.get_absolute_url(),
            topic_title=activity.topic.title,
        )


def _topic_deadlines(user, start, end, pk=None):
    topics = visible_topics(user).filter(deadline_on__isnull=False)
    topics = (
        topics.filter(pk=pk) if pk else topics.filter(deadline_on__gte=start, deadline_on__lt=end)
    )
    for topic in topics:
        yield Event(
            kind=Kind.TOPIC_DUE,
            pk=topic.pk,
            title=_("Due: %(state)s — %(topic)s")
            % {"state": topic.get_state_display(), "topic": topic.title},
            start=topic.deadline_on,
            end=topic.deadline_on + dt.timedelta(days=1),
            location="",
            path=topic.get_absolute_url(),
            topic_title=topic.title,
        )


def _item_deadlines(user, start, end, pk=None):
    items = (
        FollowUpItem.objects.open()
        .filter(visible_items(user), topic__in=visible_topics(user))
        .select_related("topic", "department")
    )
    items = items.filter(pk=pk) if pk else items.filter(due_on__gte=start, due_on__lt=end)
    for item in items:
        yield Event(
            kind=Kind.ITEM_DUE,
            pk=item.pk,
            title=_("Item due (%(department)s): %(task)s")
            % {"department": item.department.name, "task": item.task[:60]},
            start=item.due_on,
            end=item.due_on + dt.timedelta(days=1),
            location="",
            path=item.topic.get_absolute_url(),
            topic_title=item.topic.title,
        )


def visible_reception_days(user):
    """The reception days of `agenda.view_reception_day` (agenda/rules.py) as a query."""
    office = user.committees_with_role(Role.OFFICE_STAFF)
    days = ReceptionDay.objects.filter(Q(committee_id__in=office) | Q(members=user))
    return ReceptionDay.objects.filter(pk__in=days.values("pk"))


def _reception_days(user, start, end, pk=None):
    days = visible_reception_days(user)
    if pk:
        days = days.filter(pk=pk)
    else:
        since, until = _local_bounds(start, end)
        days = days.filter(starts_at__gte=since, starts_at__lt=until)
    for day in days.order_by("starts_at", "pk"):
        yield Event(
            kind=Kind.RECEPTION,
            pk=day.pk,
            title=f"{day.get_kind_display()}: {day.venue_name}",
            start=day.starts_at,
            end=day.ends_at,
            location=f"{day.venue_name} {day.venue_address}".strip(),
            path=event_of(day).url,  # its attendance page (duties)
            topic_title=day.venue_name,
        )


SOURCES = {
    Kind.SESSION: _sessions,
    Kind.RESEARCH: _research,
    Kind.RECEPTION: _reception_days,
    Kind.TOPIC_DUE: _topic_deadlines,
    Kind.ITEM_DUE: _item_deadlines,
}


def calendar_events(user, start: dt.date, end: dt.date) -> list[Event]:
    """Every event the user may see from `start` to `end` (exclusive), in time order."""
    if not user.is_authenticated or not user.is_active:
        return []
    events = [event for source in SOURCES.values() for event in source(user, start, end)]
    return sorted(events, key=lambda event: event.sort_key)


def calendar_event(user, kind: str, pk: int) -> Event | None:
    """One event, if the user may see it."""
    source = SOURCES.get(kind)
    if source is None or not user.is_authenticated or not user.is_active:
        return None
    return next(iter(source(user, None, None, pk=pk)), None)


def event_download_path(event: Event) -> str:
    return reverse("agenda:event_ics", args=[event.kind, event.pk])
