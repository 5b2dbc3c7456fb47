"""A real Redis, a real `celery -A config worker` process and a real SMTP server on loopback.

The worker reads the test database, so these tests commit (transactional_db) and run only on
PostgreSQL. Each test process uses its own queue, so that parallel test processes sharing a
Redis database never take each other's tasks.
"""

import logging
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.db import connection

from notifications.models import Notification
from notifications.sweep import reminders_sweep
from tests.notifications.broker import DEAD_BROKER, celery_sending_to
from tests.resilience.servers import SmtpSink
from tests.workflow import advance, run_step
from topics.models import State, Topic

BROKER = os.environ.get("CELERY_TEST_BROKER_URL", "redis://127.0.0.1:6379/3")

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _redis_answers():
    try:
        return redis.Redis.from_url(BROKER, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


@pytest.fixture(scope="module", autouse=True)
def _postgresql_and_redis(django_db_setup, django_db_blocker):
    if connection.vendor != "postgresql":
        pytest.skip("the worker must share the test database: PostgreSQL only")
    if not _redis_answers():
        pytest.skip(f"no Redis at {BROKER}")


@pytest.fixture(scope="module")
def smtp():
    # The project's own SMTP sink: aiosmtpd imports the `public` package, which the project's
    # app of that name hides.
    mailbox = SmtpSink().start()
    yield mailbox, mailbox.port
    mailbox.stop()


@pytest.fixture(scope="module")
def queue():
    name = f"n3-test-{uuid.uuid4().hex[:12]}"
    yield name
    redis.Redis.from_url(BROKER).delete(name)


@pytest.fixture(scope="module")
def worker(_postgresql_and_redis, smtp, queue, tmp_path_factory):
    database = connection.settings_dict
    log = tmp_path_factory.mktemp("worker") / "worker.log"
    environment = os.environ | {
        "DJANGO_SETTINGS_MODULE": "config.settings.test_worker",
        "DATABASE_URL": "postgres://{USER}@{HOST}:{PORT}/{NAME}".format(
            USER=database["USER"],
            HOST=database["HOST"] or "127.0.0.1",
            PORT=database["PORT"] or 5432,
            NAME=database["NAME"],
        ),
        "CELERY_BROKER_URL": BROKER,
        "CELERY_RESULT_BACKEND": BROKER,
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp[1]),
    }
    if database["PASSWORD"]:
        environment["DATABASE_URL"] = environment["DATABASE_URL"].replace(
            f"{database['USER']}@", f"{database['USER']}:{database['PASSWORD']}@"
        )
    with open(log, "w") as output:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--pool=solo",
                "-Q",
                queue,
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "-l",
                "info",
            ],
            cwd=settings.BASE_DIR,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    yield log
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()


def wait_until_sent(notifications, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not notifications.exclude(state=Notification.State.DONE).exists():
            return True
        time.sleep(0.2)
    return False


def submitted_topic(cast):
    cast.everyone()
    topic = advance(cast.topic(), State.DRAFT, cast=cast)
    return Topic.objects.get(pk=topic.pk)


def test_the_worker_delivers_a_transitions_email_over_smtp(cast, worker, smtp, queue):
    mailbox, _port = smtp
    mailbox.received.clear()
    topic = submitted_topic(cast)

    with celery_sending_to(BROKER, queue):
        run_step(topic, "submit", cast.office, cast)

    received = mailbox.wait_for(1)
    assert len(received) == 1, Path(worker).read_text()[-3000:]
    recipients, message = received[0]
    assert recipients == [cast.chair.email]
    assert message["To"] == cast.chair.email
    subject = str(message["Subject"]).strip()  # the header is folded before its first word
    assert subject.startswith("[委员议事] ") and topic.title in subject
    assert topic.get_absolute_url() in message.get_content()
    assert wait_until_sent(Notification.objects.filter(topic=topic, recipient=cast.chair))


def test_during_a_broker_outage_the_action_succeeds_and_the_sweep_delivers_later(
    cast, worker, smtp, queue, caplog
):
    mailbox, _port = smtp
    mailbox.received.clear()
    topic = submitted_topic(cast)

    with (
        celery_sending_to(DEAD_BROKER, queue),
        caplog.at_level(logging.WARNING, "notifications.delivery"),
    ):
        started = time.monotonic()
        run_step(topic, "submit", cast.office, cast)
        took = time.monotonic() - started

    assert Topic.objects.get(pk=topic.pk).state == State.PROPOSED
    assert took < 10
    assert "stay pending" in caplog.text
    notice = Notification.objects.get(topic=topic, recipient=cast.chair)
    assert notice.state == Notification.State.PENDING

    with celery_sending_to(BROKER, queue):
        reminders_sweep()
        reminders_sweep()  # a second beat run before the worker got to the first

    received = mailbox.wait_for(1)
    assert wait_until_sent(Notification.objects.filter(pk=notice.pk)), Path(worker).read_text()[
        -3000:
    ]
    time.sleep(2)  # time enough for a duplicate to arrive, were there one
    assert [recipients for recipients, _message in received] == [[cast.chair.email]]
