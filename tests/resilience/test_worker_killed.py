"""A Celery worker killed in the middle of a task: the task runs again and its effect happens
once. Here the worker process dies while the mail server has not yet accepted the message (the
case where the notification used to stay 'sending' and then fail): the message is taken back
to the queue (acks late, rejected on worker lost), the task delivered again waits out the
claim's lease and sends it, once."""

import os
import signal
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection

from notifications.models import Notification
from tests.notifications.broker import celery_sending_to
from tests.workflow import advance, run_step
from topics.models import State, Topic

from .servers import (
    SmtpSink,
    app_environment,
    celery_worker,
    database_url,
    redis_answers,
    redis_server,
    wait_for,
)

pytestmark = [pytest.mark.slow, pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def pool_children(pid) -> list[int]:
    children = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in children.read_text().split()] if children.exists() else []


@pytest.fixture
def broker(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("the worker must share the test database: PostgreSQL only")
    service, port = redis_server(tmp_path)
    service.start()
    wait_for(lambda: redis_answers(port), what="redis-server")
    yield f"redis://127.0.0.1:{port}/0"
    service.stop()


def test_a_worker_killed_before_the_mail_server_accepted_sends_the_mail_once(
    broker, cast, tmp_path
):
    mailbox = SmtpSink(hold_first=True).start()
    queue = f"killed-{uuid.uuid4().hex[:8]}"
    worker = celery_worker(
        env=app_environment(
            DATABASE_URL=database_url(connection.settings_dict),
            CELERY_BROKER_URL=broker,
            CELERY_RESULT_BACKEND=broker,
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=mailbox.port,
            EMAIL_TIMEOUT=30,
            NOTIFICATION_CLAIM_LEASE=2,
        ),
        log=tmp_path / "worker.log",
        queue=queue,
    ).start()
    try:
        cast.everyone()
        topic = advance(cast.topic(), State.DRAFT, cast=cast)
        with celery_sending_to(broker, queue):
            run_step(Topic.objects.get(pk=topic.pk), "submit", cast.office, cast)
        notice = Notification.objects.get(topic=topic, recipient=cast.chair)

        assert mailbox.entered.wait(60), worker.tail()
        notice.refresh_from_db()
        assert notice.state == Notification.State.SENDING
        (child,) = pool_children(worker.process.pid)
        os.kill(child, signal.SIGKILL)  # dies mid-send, before the mail server answered
        mailbox.release.set()

        wait_for(lambda: mailbox.received, timeout=60, what="the mail sent again")
        time.sleep(2)  # time enough for a second copy to arrive, were there one
        assert [recipients for recipients, _message in mailbox.received] == [[cast.chair.email]]
        notice.refresh_from_db()
        assert notice.state == Notification.State.DONE, worker.tail()
        assert "WorkerLostError" in worker.tail(100_000) or "exited" in worker.tail(100_000)
    finally:
        worker.stop()
        mailbox.stop()
