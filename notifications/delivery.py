"""Delivery of the outbox on the external channels, at most once per notification and channel.

A batch is claimed with one conditional UPDATE (pending → sending, stamped with a new
claim token), so that two workers, a retried task and the sweep can all be handed the same
ids and only one of them sends. A send that fails is retried later (the row goes back to
pending); a claim whose worker died mid-batch is given up, never resent, since its e-mails
may have gone out: at most once, and the in-app inbox has the notice in any case.
"""

import logging
import uuid
from datetime import timedelta

from django.db.models import Case, F, Value, When
from django.utils import timezone
from kombu.exceptions import OperationalError

from .channels import SEND, configured_channels
from .models import Delivery, Notification, Preference
from .selectors import with_subjects

logger = logging.getLogger(__name__)

BATCH_SIZE = 500
MAX_ATTEMPTS = 5
RETRY_AFTER = timedelta(minutes=10)
CLAIM_LEASE = timedelta(minutes=30)


def enqueue(ids) -> bool:
    """Queue the delivery of `ids`; when the broker is down, log it and leave them pending."""
    from .tasks import deliver_notifications

    try:
        deliver_notifications.delay(list(ids))
    except (OperationalError, OSError) as error:
        logger.warning(
            "Could not queue the delivery of %d notifications (%s); they stay pending for the sweep.",
            len(ids), error,
        )
        return False
    return True


def deliver(ids) -> int:
    """Send the pending notifications among `ids` on every channel; the number sent."""
    token, now = uuid.uuid4(), timezone.now()
    claimed = Notification.objects.filter(
        pk__in=ids, state=Notification.State.PENDING, next_attempt_at__lte=now,
    ).update(state=Notification.State.SENDING, claim=token, claimed_at=now)
    if not claimed:
        return 0
    batch = list(with_subjects(Notification.objects.filter(pk__in=ids, claim=token)).select_related("recipient"))
    preferences = {
        preference.user_id: preference
        for preference in Preference.objects.filter(user_id__in={n.recipient_id for n in batch})
    }
    # Channels that already have it (a retry after another channel failed, or a requeue).
    done = set(Delivery.objects.filter(notification_id__in=[n.pk for n in batch])
               .values_list("notification_id", "channel"))
    deliveries, failed = [], set()
    for channel in configured_channels():
        to_send = []
        for notification in batch:
            if (notification.pk, channel.name) in done:
                continue
            route = channel.route(notification, preferences.get(notification.recipient_id))
            if route == SEND:
                to_send.append(notification)
            else:
                deliveries.append(Delivery(notification=notification, channel=channel.name, state=route))
        for notification, error in channel.send(to_send):
            if error is None:
                deliveries.append(Delivery(notification=notification, channel=channel.name,
                                           state=Delivery.State.SENT))
            else:
                failed.add(notification.pk)
    Delivery.objects.bulk_create(deliveries, ignore_conflicts=True)
    sent = [n.pk for n in batch if n.pk not in failed]
    Notification.objects.filter(pk__in=sent, claim=token).update(
        state=Notification.State.SENT, sent_at=timezone.now(), claim=None,
    )
    if failed:
        Notification.objects.filter(pk__in=failed, claim=token).update(
            attempts=F("attempts") + 1,
            state=Case(When(attempts__gte=MAX_ATTEMPTS - 1, then=Value(Notification.State.FAILED)),
                       default=Value(Notification.State.PENDING)),
            next_attempt_at=timezone.now() + RETRY_AFTER, claim=None,
        )
    return len(sent)


def dispatch_pending(*, inline=False) -> int:
    """Queue (or, `inline`, deliver here) every pending notification that is due, in batches.

    This is how rows left pending by a broker outage or a failed send get delivered.
    Returns how many were handed on.
    """
    _give_up_stale_claims()
    now, last, handed_on = timezone.now(), 0, 0
    while True:
        ids = list(Notification.objects.filter(
            state=Notification.State.PENDING, next_attempt_at__lte=now, pk__gt=last,
        ).order_by("pk").values_list("pk", flat=True)[:BATCH_SIZE])
        if not ids:
            return handed_on
        last = ids[-1]
        if inline:
            deliver(ids)
        elif not enqueue(ids):
            return handed_on
        handed_on += len(ids)


def _give_up_stale_claims():
    given_up = Notification.objects.filter(
        state=Notification.State.SENDING, claimed_at__lt=timezone.now() - CLAIM_LEASE,
    ).update(state=Notification.State.FAILED, claim=None)
    if given_up:
        logger.error(
            "%d notifications were claimed by a worker that never finished; they are marked failed, "
            "not resent, since some may have gone out. Check and requeue them in the admin.", given_up,
        )


def digests_send() -> int:
    """Send each user who chose the daily digest one message with what waited for it."""
    sent = 0
    for channel in configured_channels():
        if hasattr(channel, "send_digest"):
            sent += _send_digests(channel)
    return sent


def _send_digests(channel) -> int:
    token = uuid.uuid4()
    Delivery.objects.filter(channel=channel.name, state=Delivery.State.DIGEST).update(
        state=Delivery.State.SENDING, claim=token,
    )
    notifications = list(with_subjects(
        Notification.objects.filter(deliveries__claim=token).select_related("recipient")
    ).order_by("recipient_id", "created_at", "pk"))
    by_recipient = {}
    for notification in notifications:
        by_recipient.setdefault(notification.recipient_id, []).append(notification)
    sent_to, failed_for = [], []
    for recipient_id, waiting in by_recipient.items():
        error = channel.send_digest(waiting[0].recipient, waiting)
        (failed_for if error else sent_to).append(recipient_id)
    claimed = Delivery.objects.filter(claim=token)
    claimed.filter(notification__recipient_id__in=sent_to).update(state=Delivery.State.SENT, claim=None)
    claimed.filter(notification__recipient_id__in=failed_for).update(state=Delivery.State.DIGEST, claim=None)
    return len(sent_to)
