"""Writes of the notifications app: the outbox rows events create, the inbox, preferences.

Event functions are called inside the transaction of the change they report; the rows are
written there, and their delivery is queued only once that transaction commits.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.workflow import after_commit

from .delivery import enqueue
from .models import Kind, Notification, Preference


def notify(
    *,
    kind: Kind,
    topic,
    subject,
    recipient_ids,
    due_on: dt.date | None = None,
    deadline: str = "",
) -> None:
    """Write one outbox row per recipient and queue their delivery after commit.

    A row that exists already (same recipient, subject, kind and due date) is left alone.
    """
    recipient_ids = sorted(set(recipient_ids))
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
        after_commit(enqueue, recipient_ids)


@dataclass(frozen=True)
class Notice:
    """What a step tells, and whom: `to(obj)` gives the users; the actor is never told.

    The notice is about the step's transition record; it carries the deadline of the state the
    step led to, if it has one, so that it reads “due on …”.
    """

    kind: Kind
    to: Callable
    about: Callable | None = None  # about(obj): the subject, if not the transition record
    due: Callable | None = None  # due(obj): the date it is about, if not the state's deadline

    def send(self, *, step, obj, log) -> None:
        machine = step.machine
        due_on = getattr(obj, machine.deadline_field) if machine.deadline_field else None
        deadline = step.deadline.deadline if step.deadline and due_on else ""
        if not deadline:
            due_on = self.due(obj) if self.due else timezone.localdate(log.at)
        notify(
            kind=self.kind,
            topic=machine.topic_of(obj),
            subject=self.about(obj) if self.about else log,
            recipient_ids=self.to(obj).exclude(pk=log.actor_id).values_list("pk", flat=True),
            due_on=due_on,
            deadline=deadline,
        )


def notice_to(*, kind: Kind, topic, subject, users, actor, due_on=None, deadline="") -> None:
    """Tell `users` (a queryset or a list) of an event that is not a transition, such as a
    new follow-up item or a request to co-sign; the actor is not told."""
    if hasattr(users, "values_list"):
        ids = users.filter(is_active=True).values_list("pk", flat=True)
    else:
        ids = [user.pk for user in users if user.is_active]
    notify(
        kind=kind,
        topic=topic,
        subject=subject,
        recipient_ids=[pk for pk in ids if pk != actor.pk],
        due_on=due_on,
        deadline=deadline,
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
