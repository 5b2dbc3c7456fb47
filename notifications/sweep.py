"""The reminder sweep (daily by Celery beat, or `manage.py send_reminders`).

For every open deadline due within DUE_SOON_DAYS or past: "due soon", "due today" or
"overdue" to whoever must act, and overdue work of others escalated to the office staff.
Rows are written in batches with INSERT … ON CONFLICT DO NOTHING against the unique
(recipient, subject, kind, due date) constraint, so a second sweep on the same day, or two
at once, add nothing; then everything pending is handed to delivery.
"""

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone

from consultations.models import FollowUpItem, MinutesVersion, SignOff
from deadlines.models import Deadline
from deadlines.services import DEADLINE_OF_STATE, DUE_SOON_DAYS, Status, status_of
from evaluations.models import EvaluationAssignment
from research.models import ResearchPlan
from topics.models import State, Topic

from .delivery import dispatch_pending
from .models import REMINDER_KINDS, Kind, Notification
from .recipients import (
    department_staff_by_department,
    evaluator_staff_by_evaluator,
    grouped,
    office_staff_by_committee,
)

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


def reminders_sweep(*, today: dt.date | None = None, inline=False) -> SweepResult:
    today = today or timezone.localdate()
    started = timezone.now()
    writer = _ReminderWriter(today)
    _item_reminders(writer)
    _topic_reminders(writer)
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


def _item_reminders(writer):
    items = FollowUpItem.objects.filter(
        state=FollowUpItem.State.ASSIGNED, due_on__lte=writer.horizon
    )
    committees = items.values_list("department__committee_id", flat=True).distinct()
    writer.office.update(office_staff_by_committee(committees))
    staff = department_staff_by_department(items.values_list("department_id", flat=True).distinct())
    item_type = ContentType.objects.get_for_model(FollowUpItem)
    for rows in _batches(
        items, ["pk", "topic_id", "department__committee_id", "department_id", "due_on"]
    ):
        for pk, topic_id, committee_id, department_id, due_on in rows:
            writer.remind(
                topic_id=topic_id,
                committee_id=committee_id,
                subject_type=item_type,
                subject_id=pk,
                deadline=Deadline.FOLLOW_UP_ITEM,
                due_on=due_on,
                people=staff.get(department_id, ()),
                escalate=True,
            )


def _topic_reminders(writer):
    topics = Topic.objects.filter(
        state__in=list(DEADLINE_OF_STATE), deadline_on__lte=writer.horizon
    )
    writer.office.update(
        office_staff_by_committee(topics.values_list("committee_id", flat=True).distinct())
    )
    for rows in _batches(topics, ["pk", "committee_id", "state", "deadline_on"]):
        _remind_topics(writer, rows)


def _remind_topics(writer, rows):
    ids = [row[0] for row in rows]
    topic_type = ContentType.objects.get_for_model(Topic)
    teams = grouped(
        ResearchPlan.team.through.objects.filter(
            researchplan__topic_id__in=ids,
            user__is_active=True,
        ).values_list("researchplan__topic_id", "user_id")
    )
    versions, leaders = _awaiting_leaders(ids)
    assignments = defaultdict(list)
    for pk, topic_id, evaluator_id in EvaluationAssignment.objects.filter(
        topic_id__in=ids,
        state=EvaluationAssignment.State.ASSIGNED,
    ).values_list("pk", "topic_id", "evaluator_id"):
        assignments[topic_id].append((pk, evaluator_id))
    evaluators = evaluator_staff_by_evaluator(
        {e for pairs in assignments.values() for _pk, e in pairs}
    )
    version_type = ContentType.objects.get_for_model(MinutesVersion)
    assignment_type = ContentType.objects.get_for_model(EvaluationAssignment)
    for topic_id, committee_id, state, due_on in rows:
        common = {
            "topic_id": topic_id,
            "committee_id": committee_id,
            "due_on": due_on,
            "deadline": DEADLINE_OF_STATE[state],
        }
        office = writer.office.get(committee_id, ())
        if state == State.MINUTES_SUBMITTED:
            if topic_id in versions:
                writer.remind(
                    subject_type=version_type,
                    subject_id=versions[topic_id],
                    people=leaders.get(versions[topic_id], ()),
                    escalate=True,
                    **common,
                )
        elif state == State.EVALUATING:
            for assignment_id, evaluator_id in assignments.get(topic_id, ()):
                writer.remind(
                    subject_type=assignment_type,
                    subject_id=assignment_id,
                    people=evaluators.get(evaluator_id, ()),
                    escalate=True,
                    **common,
                )
        elif state == State.RESEARCHING and teams.get(topic_id):
            writer.remind(
                subject_type=topic_type,
                subject_id=topic_id,
                people=teams[topic_id],
                escalate=True,
                **common,
            )
        else:  # planned, or a stage the office runs itself
            writer.remind(
                subject_type=topic_type,
                subject_id=topic_id,
                people=office,
                escalate=False,
                **common,
            )


def _awaiting_leaders(topic_ids):
    """{topic: its current version of the minutes}, {version: leaders who have not signed}."""
    versions = {}
    for pk, topic_id in (
        MinutesVersion.objects.filter(minutes__topic_id__in=topic_ids)
        .order_by(
            "minutes__topic_id",
            "number",
        )
        .values_list("pk", "minutes__topic_id")
    ):
        versions[topic_id] = pk  # the highest number comes last
    version_ids = list(versions.values())
    signed = set(
        SignOff.objects.filter(version_id__in=version_ids).values_list("version_id", "leader_id")
    )
    asked = MinutesVersion.leaders.through.objects.filter(
        minutesversion_id__in=version_ids,
        user__is_active=True,
    ).values_list("minutesversion_id", "user_id")
    return versions, grouped(pair for pair in asked if pair not in signed)
