"""Delivery of the outbox on the external channels: one message per recipient and channel,
at most once per notification and channel.

A task is handed a recipient and claims all their pending notifications with one
conditional UPDATE (pending → sending, stamped with a new claim token), so that two workers,
a retried task and the sweep can all be handed the same recipient and only one of them
sends. The message spells out the first notifications and counts the others, which are in
the inbox: a department with two hundred overdue items gets one e-mail, not two hundred.
A send that fails is retried later (the rows go back to pending). A claim older than
`CLAIM_LEASE` belongs to a worker that died before it finished (killed, machine lost): its rows
go back to pending and are sent again by the task delivered again or by the next sweep. The
rows are marked done right after the channel accepted the message, so a message goes out twice
only if the worker dies in the moment between the two.
"""

import logging
import uuid
from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.db.models import Case, F, Value, When
from django.utils import timezone
from kombu.exceptions import OperationalError

from people.models import User

from .channels import DIGEST, SEND, configured_channels
from .models import Delivery, Notification, Preference
from .selectors import with_subjects

logger = logging.getLogger(__name__)

SPELLED_OUT = 20  # notifications described in full in one message; the rest are counted
MAX_ATTEMPTS = 5
RETRY_AFTER = timedelta(minutes=10)
# Longer than any send takes (EMAIL_TIMEOUT per attempt to reach the mail server).
CLAIM_LEASE = timedelta(seconds=settings.NOTIFICATION_CLAIM_LEASE)


def enqueue(recipient_ids) -> bool:
    """Queue delivery to each recipient; when the broker is down, log it and leave the rows
    pending for the sweep."""
    from .tasks import deliver_notifications

    recipient_ids = list(recipient_ids)
    try:
        for recipient_id in recipient_ids:
            deliver_notifications.delay(recipient_id)
    except (OperationalError, OSError) as error:
        logger.warning(
            "Could not queue delivery to %d recipients (%s); their notifications stay pending "
            "for the sweep.",
            len(recipient_ids),
            error,
        )
        return False
    return True


def deliver(recipient_id) -> int:
    """Send the recipient's pending notifications on every channel; how many were handled."""
    mine = Notification.objects.filter(recipient_id=recipient_id)
    _release_stale_claims(mine)
    token, now = uuid.uuid4(), timezone.now()
    claimed = mine.filter(state=Notification.State.PENDING, next_attempt_at__lte=now).update(
        state=Notification.State.SENDING,
        claim=token,
        claimed_at=now,
    )
    if not claimed:
        return 0
    claimed = mine.filter(claim=token)
    rows = list(claimed.order_by("-created_at", "-pk").values_list("pk", "kind"))
    recipient = User.objects.get(pk=recipient_id)
    preference = Preference.objects.filter(user_id=recipient_id).first()
    # Channels that already have some of these (a retry after another channel failed).
    done = set(
        Delivery.objects.filter(notification__in=claimed, state=Delivery.State.SENT).values_list(
            "notification_id", "channel"
        )
    )
    to_send, records = defaultdict(list), []
    for channel in configured_channels():
        for pk, kind in rows:
            if (pk, channel.name) in done:
                continue
            route = channel.route(kind, recipient, preference)
            if route == SEND:
                to_send[channel].append(pk)
            elif route == DIGEST:
                records.append(
                    Delivery(notification_id=pk, channel=channel.name, state=Delivery.State.DIGEST)
                )
    spelled_out = _spelled_out({pk for pks in to_send.values() for pk in pks[:SPELLED_OUT]})
    failed, sent = set(), []
    for channel, pks in to_send.items():
        try:
            channel.send(recipient, [spelled_out[pk] for pk in pks[:SPELLED_OUT]], len(pks))
        except Exception:
            logger.exception(
                "Sending %d notifications to %s by %s failed.", len(pks), recipient, channel.name
            )
            failed.update(pks)
        else:
            sent.append((channel.name, pks))
    # Where another channel failed, remember what did go out, so the retry skips it.
    records += [
        Delivery(notification_id=pk, channel=name, state=Delivery.State.SENT)
        for name, pks in sent
        for pk in pks
        if pk in failed
    ]
    Delivery.objects.bulk_create(records, ignore_conflicts=True, batch_size=2000)
    failed = sorted(failed)
    for start in range(0, len(failed), 10_000):  # within any database's limit of parameters
        claimed.filter(pk__in=failed[start : start + 10_000]).update(
            attempts=F("attempts") + 1,
            state=Case(
                When(attempts__gte=MAX_ATTEMPTS - 1, then=Value(Notification.State.FAILED)),
                default=Value(Notification.State.PENDING),
            ),
            next_attempt_at=timezone.now() + RETRY_AFTER,
            claim=None,
        )
    claimed.update(state=Notification.State.DONE, handled_at=timezone.now(), claim=None)
    return len(rows) - len(failed)


def claimed_elsewhere(recipient_id) -> bool:
    """Some of the recipient's notifications are being sent by a worker (or were, when it died)."""
    return Notification.objects.filter(
        recipient_id=recipient_id, state=Notification.State.SENDING
    ).exists()


def _spelled_out(pks) -> dict:
    notifications = with_subjects(Notification.objects.filter(pk__in=pks))
    return {notification.pk: notification for notification in notifications}


def dispatch_pending(*, inline=False) -> int:
    """Queue (or, `inline`, deliver here) the delivery to everyone with pending notifications
    that are due. This is how rows left pending by a broker outage or a failed send go out.
    Returns the number of recipients handed on."""
    _release_stale_claims()
    recipients = list(
        Notification.objects.filter(
            state=Notification.State.PENDING,
            next_attempt_at__lte=timezone.now(),
        )
        .order_by("recipient_id")
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    if inline:
        for recipient_id in recipients:
            deliver(recipient_id)
    elif not enqueue(recipients):
        return 0
    return len(recipients)


def _release_stale_claims(notifications=Notification.objects):
    """Put the rows of claims whose worker died back to pending (the attempt counts), to be sent
    again; after MAX_ATTEMPTS they are marked failed."""
    released = notifications.filter(
        state=Notification.State.SENDING,
        claimed_at__lt=timezone.now() - CLAIM_LEASE,
    ).update(
        attempts=F("attempts") + 1,
        state=Case(
            When(attempts__gte=MAX_ATTEMPTS - 1, then=Value(Notification.State.FAILED)),
            default=Value(Notification.State.PENDING),
        ),
        next_attempt_at=timezone.now(),
        claim=None,
    )
    if released:
        logger.warning(
            "%d notifications were claimed by a worker that never finished; they are sent again.",
            released,
        )


def digests_send() -> int:
    """Send everyone who chose the daily digest one message per channel with what waited."""
    sent = 0
    for channel in configured_channels():
        token = uuid.uuid4()
        Delivery.objects.filter(channel=channel.name, state=Delivery.State.DIGEST).update(
            state=Delivery.State.SENDING,
            claim=token,
        )
        claimed = Delivery.objects.filter(channel=channel.name, claim=token)
        waiting = defaultdict(list)
        for recipient_id, pk in claimed.order_by("notification__created_at").values_list(
            "notification__recipient_id",
            "notification_id",
        ):
            waiting[recipient_id].append(pk)
        spelled_out = _spelled_out({pk for pks in waiting.values() for pk in pks[:SPELLED_OUT]})
        recipients = User.objects.in_bulk(list(waiting))
        sent_to, failed_for = [], []
        for recipient_id, pks in waiting.items():
            try:
                channel.send(
                    recipients[recipient_id],
                    [spelled_out[pk] for pk in pks[:SPELLED_OUT]],
                    len(pks),
                    digest=True,
                )
            except Exception:
                logger.exception(
                    "The daily digest to %s by %s failed.", recipients[recipient_id], channel.name
                )
                failed_for.append(recipient_id)
            else:
                sent_to.append(recipient_id)
        claimed.filter(notification__recipient_id__in=sent_to).update(
            state=Delivery.State.SENT, claim=None
        )
        claimed.filter(notification__recipient_id__in=failed_for).update(
            state=Delivery.State.DIGEST, claim=None
        )
        sent += len(sent_to)
    return sent
