"""Delivery from the outbox: at most once per channel, retried after a failed send, as each user
chose (e-mail off per kind, daily digest), on channels added by configuration."""

import datetime as dt
import logging
import smtplib

import pytest
import time_machine
from celery.exceptions import Retry
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.test import override_settings
from django.utils import timezone

from followup.services import follow_up_item_add
from notifications import delivery
from notifications.channels import Channel
from notifications.delivery import deliver, digests_send, dispatch_pending
from notifications.models import Delivery, Kind, Notification, Preference
from notifications.tasks import deliver_notifications
from tests.workflow import advance, today
from topics.models import State


class RefusingBackend(EmailBackend):
    """A mail server that cannot be reached."""

    def send_messages(self, messages):
        raise smtplib.SMTPConnectError(421, "Service not available")


class RecordingSms(Channel):
    """A second channel, as an SMS gateway would be configured."""

    name = "sms"
    sent = []
    fail = False

    def send(self, recipient, notifications, total, *, digest=False):
        if RecordingSms.fail:
            raise OSError("gateway down")
        RecordingSms.sent.append(
            (recipient.pk, [notification.pk for notification in notifications], total)
        )


@pytest.fixture
def sms():
    RecordingSms.sent, RecordingSms.fail = [], False
    with override_settings(
        NOTIFICATION_CHANNELS=[
            "notifications.channels.EmailChannel",
            "tests.notifications.test_delivery.RecordingSms",
        ]
    ):
        yield RecordingSms


@pytest.fixture
def following_up(cast):
    cast.everyone()
    topic = advance(cast.topic(), State.FOLLOWING_UP, cast=cast)
    dispatch_pending(inline=True)
    mail.outbox.clear()
    return topic


def assign(topic, cast, task="完成一期管网施工并通气"):
    """A follow-up item for cast.department: one pending notification to its staff."""
    item = follow_up_item_add(
        topic=topic,
        actor=cast.office,
        task=task,
        department=cast.department,
        due_on=today() + dt.timedelta(days=30),
    )
    return Notification.objects.get(object_id=item.pk, kind=Kind.ITEM_ASSIGNED)


def test_a_failed_send_stays_pending_and_is_retried_later(cast, following_up):
    notification = assign(following_up, cast)

    with override_settings(EMAIL_BACKEND="tests.notifications.test_delivery.RefusingBackend"):
        assert deliver(cast.department_user.pk) == 0
    notification.refresh_from_db()
    assert notification.state == Notification.State.PENDING and notification.attempts == 1
    assert dispatch_pending(inline=True) == 0  # not yet due again
    assert mail.outbox == []

    with time_machine.travel(
        timezone.now() + delivery.RETRY_AFTER + dt.timedelta(minutes=1), tick=False
    ):
        dispatch_pending(inline=True)
        dispatch_pending(inline=True)

    assert [message.to for message in mail.outbox] == [[cast.department_user.email]]
    notification.refresh_from_db()
    assert notification.state == Notification.State.DONE


def test_after_the_last_attempt_it_is_marked_failed(cast, following_up):
    notification = assign(following_up, cast)
    with override_settings(EMAIL_BACKEND="tests.notifications.test_delivery.RefusingBackend"):
        for attempt in range(delivery.MAX_ATTEMPTS):
            later = timezone.now() + attempt * (delivery.RETRY_AFTER + dt.timedelta(minutes=1))
            with time_machine.travel(later, tick=False):
                dispatch_pending(inline=True)
    notification.refresh_from_db()
    assert notification.state == Notification.State.FAILED
    assert notification.attempts == delivery.MAX_ATTEMPTS
    assert notification.read_at is None  # still in the inbox


def test_a_kind_turned_off_is_not_emailed_but_stays_in_the_inbox(cast, following_up):
    Preference.objects.create(user=cast.department_user, email_off=[Kind.ITEM_ASSIGNED])
    notification = assign(following_up, cast)

    deliver(cast.department_user.pk)

    assert mail.outbox == []
    notification.refresh_from_db()
    assert notification.state == Notification.State.DONE
    assert (
        Notification.objects.filter(recipient=cast.department_user, read_at__isnull=True).count()
        == 1
    )


def test_the_daily_digest_collects_the_days_emails_into_one(cast, following_up):
    Preference.objects.create(user=cast.department_user, daily_digest=True)
    first = assign(following_up, cast, task="完成一期管网施工并通气")
    second = assign(following_up, cast, task="制定二期接入方案")

    deliver(cast.department_user.pk)
    deliveries = Delivery.objects.filter(notification__in=[first, second])
    assert mail.outbox == []
    assert set(deliveries.values_list("state", flat=True)) == {Delivery.State.DIGEST}

    assert digests_send() == 1
    assert digests_send() == 0  # what was sent is not sent again

    (digest,) = mail.outbox
    assert digest.to == [cast.department_user.email]
    assert digest.body.count(following_up.title) == 2
    assert set(deliveries.values_list("state", flat=True)) == {Delivery.State.SENT}


def test_a_failed_digest_waits_for_the_next_one(cast, following_up):
    Preference.objects.create(user=cast.department_user, daily_digest=True)
    assign(following_up, cast)
    deliver(cast.department_user.pk)

    with override_settings(EMAIL_BACKEND="tests.notifications.test_delivery.RefusingBackend"):
        assert digests_send() == 0
    assert digests_send() == 1
    assert len(mail.outbox) == 1


def test_a_channel_added_by_configuration_delivers_too(cast, following_up, sms):
    notification = assign(following_up, cast)

    deliver(cast.department_user.pk)

    assert sms.sent == [(cast.department_user.pk, [notification.pk], 1)]
    assert len(mail.outbox) == 1


def test_a_retry_sends_only_on_the_channel_that_failed(cast, following_up, sms):
    notification = assign(following_up, cast)
    sms.fail = True
    deliver(cast.department_user.pk)
    assert len(mail.outbox) == 1 and sms.sent == []
    assert notification.deliveries.get().channel == "email"  # remembered for the retry

    sms.fail = False
    with time_machine.travel(
        timezone.now() + delivery.RETRY_AFTER + dt.timedelta(minutes=1), tick=False
    ):
        dispatch_pending(inline=True)

    assert len(mail.outbox) == 1  # the e-mail is not sent twice
    assert sms.sent == [(cast.department_user.pk, [notification.pk], 1)]


def test_a_batch_abandoned_by_a_dead_worker_is_sent_again_once(cast, following_up, caplog):
    notification = assign(following_up, cast)
    Notification.objects.filter(pk=notification.pk).update(
        state=Notification.State.SENDING,
        claimed_at=timezone.now() - delivery.CLAIM_LEASE - dt.timedelta(minutes=1),
    )

    with caplog.at_level(logging.WARNING, logger="notifications.delivery"):
        dispatch_pending(inline=True)
        dispatch_pending(inline=True)

    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert notification.state == Notification.State.DONE
    assert notification.attempts == 1
    assert "sent again" in caplog.text


def test_a_claim_within_its_lease_is_left_to_its_worker(cast, following_up):
    notification = assign(following_up, cast)
    Notification.objects.filter(pk=notification.pk).update(
        state=Notification.State.SENDING, claimed_at=timezone.now()
    )

    deliver(cast.department_user.pk)
    dispatch_pending(inline=True)

    assert mail.outbox == []
    notification.refresh_from_db()
    assert notification.state == Notification.State.SENDING


def test_the_task_delivered_again_sends_what_a_dead_worker_left_claimed(cast, following_up):
    notification = assign(following_up, cast)
    Notification.objects.filter(pk=notification.pk).update(
        state=Notification.State.SENDING,
        claimed_at=timezone.now() - delivery.CLAIM_LEASE - dt.timedelta(seconds=1),
    )

    deliver_notifications.run(cast.department_user.pk)

    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert notification.state == Notification.State.DONE


def test_the_task_comes_back_after_the_lease_while_rows_are_still_claimed(cast, following_up):
    notification = assign(following_up, cast)
    Notification.objects.filter(pk=notification.pk).update(
        state=Notification.State.SENDING, claimed_at=timezone.now()
    )

    with pytest.raises(Retry):
        deliver_notifications.run(cast.department_user.pk)
    assert mail.outbox == []
