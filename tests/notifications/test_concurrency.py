"""Two workers, two sweeps at the same moment: each notification is written and sent once.

Real concurrency needs real transactions on PostgreSQL; SQLite serialises writers anyway.
"""

import datetime as dt
import threading
import time
from collections import Counter

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection, connections
from django.test import override_settings

from followup.models import FollowUpItem
from notifications.delivery import deliver
from notifications.models import Kind, Notification
from notifications.sweep import reminders_sweep
from tests.workflow import advance, today
from topics.models import State

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("needs concurrent transactions: PostgreSQL only")


class SlowBackend(EmailBackend):
    """A mail server that takes its time, so that the workers overlap."""

    def send_messages(self, messages):
        time.sleep(0.02)
        return super().send_messages(messages)


def at_once(action, count=2):
    barrier = threading.Barrier(count)
    errors = []

    def run():
        try:
            barrier.wait()
            action()
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors


@pytest.fixture
def following_up(cast):
    cast.everyone()
    topic = advance(cast.topic(), State.FOLLOWING_UP, cast=cast)
    mail.outbox.clear()
    return topic


@override_settings(EMAIL_BACKEND="tests.notifications.test_concurrency.SlowBackend")
def test_two_workers_given_the_same_recipient_send_once(cast, following_up):
    for day in range(1, 21):
        Notification.objects.create(
            recipient=cast.department_user,
            kind=Kind.OVERDUE,
            topic=following_up,
            subject=following_up,
            due_on=today() - dt.timedelta(days=day),
        )

    at_once(lambda: deliver(cast.department_user.pk), count=4)

    (message,) = mail.outbox  # one message for the twenty
    assert message.to == [cast.department_user.email]
    assert set(
        Notification.objects.filter(recipient=cast.department_user).values_list("state", flat=True)
    ) == {Notification.State.DONE}


def test_two_sweeps_at_once_write_and_send_each_reminder_once(cast, following_up):
    for day in range(1, 31):
        FollowUpItem.objects.create(
            topic=following_up,
            task=f"任务{day}",
            department=cast.department,
            due_on=today() - dt.timedelta(days=day),
            created_by=cast.office,
        )

    at_once(reminders_sweep)

    reminders = Notification.objects.filter(kind__in=[Kind.OVERDUE, Kind.ESCALATED])
    assert reminders.count() == 60  # the department and the office, for each of 30 items
    assert Counter(reminders.values_list("state", flat=True)) == {Notification.State.DONE: 60}
    # One message each, however the two sweeps interleaved.
    assert sorted(address for message in mail.outbox for address in message.to) == sorted(
        [cast.department_user.email, cast.office.email]
    )
