"""The reminder sweep (daily by Celery beat, or `manage.py send_reminders`).

For every open deadline due within DUE_SOON_DAYS or past: "due soon", "due today" or
"overdue" to whoever must act, and overdue work of others escalated to the office staff.
Which states carry a deadline, and who must act in them, is declared in the catalogue
(`StageDeadline.remind`); a state that names nobody reminds the committee's office staff.
Rows are written in batches with INSERT … ON CONFLICT DO NOTHING against the unique
(recipient, subject, kind, due date) constraint, so a second sweep on the same day, or two
at once, add nothing; then everything pending is handed to delivery.
"""

import datetime as dt
import logging
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone

from core import workflow
from deadlines.services import DUE_SOON_DAYS, Status, status_of

from .delivery import dispatch_pending
from .models import REMINDER_KINDS, Kind, Notification
from .recipients import office_staff_by_committee

logger = logging.getLogger(__name__)

BATCH_SIZE = 2000  # rows written, and deadlines read, per query

KIND_OF_STATUS = {
    Status.DUE_SOON: Kind.DUE_SOON,
    Status.DUE_TODAY: Kind.DUE_TODAY,
    Status.OVERDUE: Kind.OVERDUE,
}


@dataclass
class SweepResult:
    reminders: int
    recipients: int


@dataclass(frozen=True)
class Due:
    """A record with an open deadline, as the sweep reads it."""

    pk: int
    topic_id: int
    committee_id: int
    due_on: dt.date


@dataclass(frozen=True)
class Remind:
    """Whom to remind of a record's deadline, about which subject, and whether an overdue one
    goes to the office too."""

    subject_type: ContentType
    subject_id: int
    people: tuple[int, ...] | list[int]
    escalate: bool


def reminders_sweep(*, today: dt.date | None = None, inline=False) -> SweepResult:
    today = today or timezone.localdate()
    started = timezone.now()
    writer = _ReminderWriter(today)
    for machine in workflow.machines():
        for state, declared in machine.deadline_of_state().items():
            _remind_state(writer, machine, state, declared)
    writer.flush()
    reminders = Notification.objects.filter(
        kind__in=REMINDER_KINDS, created_at__gte=started
    ).count()
    recipients = dispatch_pending(inline=inline)
    logger.info(
        "Reminder sweep of %s: %d new reminders; delivery to %d recipients queued.",
        today,
        reminders,
        recipients,
    )
    return SweepResult(reminders, recipients)


class _ReminderWriter:
    def __init__(self, today):
        self.today = today
        self.horizon = today + dt.timedelta(days=DUE_SOON_DAYS)
        self.rows = []
        self.office = {}

    def remind(
        self,
        *,
        topic_id,
        committee_id,
        subject_type,
        subject_id,
        deadline,
        due_on,
        people,
        escalate,
    ):
        """Remind `people`; if overdue and `escalate`, also the committee's office staff."""
        status = status_of(due_on, self.today)
        if status is None:
            return
        about = (topic_id, subject_type.pk, subject_id, deadline, due_on)
        kind = KIND_OF_STATUS[status]
        self.rows += [(user_id, kind, *about) for user_id in people]
        if status == Status.OVERDUE and escalate:
            self.rows += [
                (user_id, Kind.ESCALATED, *about) for user_id in self.office.get(committee_id, ())
            ]
        if len(self.rows) >= BATCH_SIZE:
            self.flush()

    def flush(self):
        _insert_new(self.rows)
        self.rows = []


INSERTED = ["recipient", "kind", "topic", "content_type", "object_id", "deadline", "due_on"]
DEFAULTED = ["created_at", "state", "attempts", "next_attempt_at"]


def _insert_new(rows):
    """INSERT … ON CONFLICT DO NOTHING of (recipient, kind, topic, content type, object, deadline,
    due date) rows; the unique constraint drops those written before.

    Rather than bulk_create, which builds and prepares a model instance per row: a sweep
    writes rows by the hundred thousand, and that alone would double its time.
    """
    if not rows:
        return
    meta, ops = Notification._meta, connection.ops
    columns = ", ".join(
        ops.quote_name(meta.get_field(name).column) for name in INSERTED + DEFAULTED
    )
    placeholders = ", ".join(["%s"] * (len(INSERTED) + len(DEFAULTED)))
    now = ops.adapt_datetimefield_value(timezone.now())
    defaults = (now, Notification.State.PENDING, 0, now)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {ops.quote_name(meta.db_table)} ({columns}) VALUES ({placeholders}) "
            "ON CONFLICT DO NOTHING",
            [(*head, ops.adapt_datefield_value(due_on), *defaults) for *head, due_on in rows],
        )


def _batches(queryset, fields):
    """`fields` of `queryset` (pk first) in batches, by primary key: memory stays flat."""
    last = 0
    while True:
        rows = list(queryset.filter(pk__gt=last).order_by("pk").values_list(*fields)[:BATCH_SIZE])
        if not rows:
            return
        last = rows[-1][0]
        yield rows


def _remind_state(writer, machine, state, declared):
    """Remind of the deadline of every record in `state` that falls due by the horizon."""
    records = machine.model._default_manager.filter(
        **{machine.state_attr: state, f"{machine.deadline_field}__lte": writer.horizon}
    )
    writer.office.update(
        office_staff_by_committee(
            records.values_list(machine.committee_lookup, flat=True).distinct()
        )
    )
    record_type = ContentType.objects.get_for_model(machine.model)
    fields = ["pk", machine.topic_lookup, machine.committee_lookup, machine.deadline_field]
    for rows in _batches(records, fields):
        due = [Due(*row) for row in rows]
        declared_people = declared.remind(due) if declared.remind else {}
        for record in due:
            common = {
                "topic_id": record.topic_id,
                "committee_id": record.committee_id,
                "due_on": record.due_on,
                "deadline": declared.deadline,
            }
            reminders = declared_people.get(record.pk)
            if reminders is None:  # nobody is named: the office runs this stage itself
                reminders = [
                    Remind(
                        record_type, record.pk, writer.office.get(record.committee_id, ()), False
                    )
                ]
            for remind in reminders:
                writer.remind(
                    subject_type=remind.subject_type,
                    subject_id=remind.subject_id,
                    people=remind.people,
                    escalate=remind.escalate,
                    **common,
                )
