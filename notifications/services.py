"""Writes of the notifications app: the outbox rows events create, the inbox, preferences.

Event functions are called inside the transaction of the change they report; the rows are
written there, and their delivery is queued only once that transaction commits.
"""

import datetime as dt
from functools import partial

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from deadlines.models import Deadline
from deadlines.services import DEADLINE_OF_STATE, due_after
from people.roles import Role
from topics.models import Topic, TransitionLog

from . import recipients
from .delivery import enqueue
from .models import Kind, Notification, Preference

KIND_OF_TRANSITION = {
    "submit": Kind.TOPIC_SUBMITTED,
    "approve": Kind.TOPIC_APPROVED,
    "reject": Kind.TOPIC_REJECTED,
    "start_research": Kind.RESEARCH_STARTED,
    "schedule_session": Kind.SESSION_SCHEDULED,
    "submit_minutes": Kind.MINUTES_SUBMITTED,
    "sign_off": Kind.MINUTES_SIGNED,
    "return_minutes": Kind.MINUTES_RETURNED,
    "close": Kind.TOPIC_CLOSED,
}


def notify(
    *,
    kind: Kind,
    topic: Topic,
    subject,
    recipient_ids,
    due_on: dt.date | None = None,
    deadline: str = "",
) -> None:
    """Write one outbox row per recipient and queue their delivery after commit.

    A row that exists already (same recipient, subject, kind and due date) is left alone.
    """
    recipient_ids = set(recipient_ids)
    if not recipient_ids:
        return
    content_type = ContentType.objects.get_for_model(subject)
    due_on = due_on or timezone.localdate()
    with transaction.atomic(savepoint=False):
        Notification.objects.bulk_create(
            [
                Notification(
                    recipient_id=recipient_id,
                    kind=kind,
                    topic=topic,
                    content_type=content_type,
                    object_id=subject.pk,
                    deadline=deadline,
                    due_on=due_on,
                )
                for recipient_id in recipient_ids
            ],
            ignore_conflicts=True,
        )
        transaction.on_commit(partial(enqueue, sorted(recipient_ids)), robust=True)


def transition_notify(*, log: TransitionLog) -> None:
    """Tell the people a topic's transition hands work to; the actor is not told."""
    kind = KIND_OF_TRANSITION.get(log.transition)
    if kind is None:
        return
    topic = log.topic
    deadline = DEADLINE_OF_STATE.get(topic.state) if topic.deadline_on else None
    notify(
        kind=kind,
        topic=topic,
        subject=log,
        recipient_ids=recipients.transition_recipients(log)
        .exclude(pk=log.actor_id)
        .values_list("pk", flat=True),
        due_on=topic.deadline_on if deadline else timezone.localdate(log.at),
        deadline=deadline or "",
    )


def item_assigned_notify(*, item, actor) -> None:
    notify(
        kind=Kind.ITEM_ASSIGNED,
        topic=item.topic,
        subject=item,
        recipient_ids=recipients.department_staff(item.department_id)
        .exclude(pk=actor.pk)
        .values_list("pk", flat=True),
        due_on=item.due_on,
        deadline=Deadline.FOLLOW_UP_ITEM,
    )


def evaluation_assigned_notify(*, assignment, actor) -> None:
    topic = assignment.topic
    notify(
        kind=Kind.EVALUATION_ASSIGNED,
        topic=topic,
        subject=assignment,
        recipient_ids=recipients.evaluator_staff(assignment.evaluator_id)
        .exclude(pk=actor.pk)
        .values_list("pk", flat=True),
        due_on=due_after(topic.committee_id, Deadline.EVALUATION, start=timezone.localdate()),
        deadline=Deadline.EVALUATION,
    )


def extension_requested_notify(*, request, actor) -> None:
    """Office staff decide on a department's request to move a due date."""
    item = request.item
    notify(
        kind=Kind.EXTENSION_REQUESTED,
        topic=item.topic,
        subject=item,
        recipient_ids=recipients.in_committee(item.topic.committee_id)
        .filter(groups__name=Role.OFFICE_STAFF)
        .exclude(pk=actor.pk)
        .values_list("pk", flat=True),
        due_on=request.requested_due_on,
    )


def extension_decided_notify(*, request, actor) -> None:
    """The department hears whether its item's due date moved."""
    item = request.item
    notify(
        kind=Kind.EXTENSION_DECIDED,
        topic=item.topic,
        subject=item,
        recipient_ids=recipients.department_staff(item.department_id)
        .exclude(pk=actor.pk)
        .values_list("pk", flat=True),
        due_on=request.requested_due_on,
    )


def evaluation_reopened_notify(*, assignment, actor) -> None:
    notify(
        kind=Kind.EVALUATION_REOPENED,
        topic=assignment.topic,
        subject=assignment,
        recipient_ids=recipients.evaluator_staff(assignment.evaluator_id)
        .exclude(pk=actor.pk)
        .values_list("pk", flat=True),
    )


def cosign_requested_notify(*, topic: Topic, members, actor) -> None:
    notify(
        kind=Kind.COSIGN_REQUESTED,
        topic=topic,
        subject=topic,
        recipient_ids=[
            member.pk for member in members if member.is_active and member.pk != actor.pk
        ],
    )


def notification_mark_read(*, notification: Notification, user) -> Notification:
    if not user.has_perm("notifications.read_notification", notification):
        raise PermissionDenied
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def preference_save(*, user, email_kinds, daily_digest: bool) -> Preference:
    """`email_kinds`: the kinds the user still wants by e-mail; the others are turned off."""
    unknown = set(email_kinds) - set(Kind.values)
    if unknown:
        raise ValidationError(
            {
                "email_kinds": _("Unknown kind of notification: %(kinds)s.")
                % {"kinds": "、".join(sorted(unknown))}
            }
        )
    preference = Preference.objects.filter(user=user).first() or Preference(user=user)
    preference.email_off = [kind for kind in Kind.values if kind not in email_kinds]
    preference.daily_digest = daily_digest
    preference._history_user = user
    preference.save()
    return preference
