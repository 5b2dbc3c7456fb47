"""Benchmark: the infrastructure's faults under a steady load of sign-offs, reports and page views.

    .venv/bin/python bench/faults.py [--topics 8] [--phase-seconds 4]

Everything runs on loopback and is started here, then stopped: a PostgreSQL of its own
(initdb + pg_ctl in a temporary directory; never the machine's), a redis-server (broker and
cache), gunicorn with two workers, a Celery worker and an SMTP sink. The database is migrated
and filled through the real services (one committee; topics whose minutes wait for the last
leader's sign-off, items for progress reports with evidence).

Three clients then act steadily, as people would, retrying after the “try again” page (503)
as it asks them to: the leader signs off the minutes one topic after another, the department
reports progress with a picture, a reader opens the home page, the topic list and topic pages.
Meanwhile, one after another: Redis is stopped, then started again; PostgreSQL is restarted;
the Celery worker's pool process is killed with SIGKILL. Then what beat would do once things
are back (the pending-delivery sweep and the documents catch-up) runs until nothing waits.

Counted: actions (every request made), errors_5xx (answers 500 or above other than the clean
503 page), lost (an action confirmed to the user whose effect is missing at the end: the
report, the sign-off, its signed PDF or the office's e-mail about it), doubled (an effect
that happened twice: a report saved twice, two e-mails about one sign-off, a second PDF file
of one version). The clean 503s are shown as `unavailable`. Targets: errors_5xx, lost and
doubled all 0.

The last line: faults: actions=N errors_5xx=E lost=L doubled=D
"""

import argparse
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.resilience.servers import (  # noqa: E402
    Browser,
    SmtpSink,
    SparePostgres,
    app_environment,
    celery_worker,
    free_port,
    gunicorn,
    http_ready,
    redis_answers,
    redis_server,
    text_of,
    wait_for,
)

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)
CLAIM_LEASE = 3  # seconds: a dead worker's claim is released quickly in the bench


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.statuses = Counter()
        self.signed = []  # topic ids whose sign-off the leader saw succeed
        self.reported = []  # marker texts of reports the department saw succeed

    def count(self, status):
        with self.lock:
            self.statuses[status] += 1

    @property
    def actions(self):
        return sum(self.statuses.values())

    @property
    def errors(self):
        return sum(n for status, n in self.statuses.items() if status >= 500 and status != 503)


def until_done(browser, tally, path, data=None, files=None):
    """Send the request, again after each 503 (what the page asks), until it is answered."""
    for _attempt in range(60):
        status, body, _headers = browser.request(path, data, files=files)
        tally.count(status)
        if status == 503:
            assert "服务暂时不可用" in text_of(body)
            time.sleep(0.5)
            continue
        return status
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--topics", type=int, default=8)
    parser.add_argument("--phase-seconds", type=float, default=4.0)
    options = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="weiyuan-faults-"))
    scratch.chmod(0o711)  # PostgreSQL runs as the postgres user under it when we are root
    postgres = SparePostgres(scratch / "postgres").init().start()
    redis, redis_port = redis_server(scratch)
    redis.start()
    wait_for(lambda: redis_answers(redis_port), what="redis-server")
    broker = f"redis://127.0.0.1:{redis_port}/0"
    media = scratch / "media"
    media.mkdir()
    database = postgres.createdb("weiyuan_faults")
    sink = SmtpSink().start()
    environment = {
        "LOG_LEVEL": "WARNING",
        "DATABASE_URL": postgres.url(database),
        "CELERY_BROKER_URL": broker,
        "CELERY_RESULT_BACKEND": broker,
        "CACHE_URL": f"redis://127.0.0.1:{redis_port}/1",
        "MEDIA_ROOT": str(media),
        "CONN_MAX_AGE": "60",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(sink.port),
        "NOTIFICATION_CLAIM_LEASE": str(CLAIM_LEASE),
        "CELERY_VISIBILITY_TIMEOUT": "10",
    }
    services = []
    try:
        os.environ.update(environment)
        os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test_server"
        os.environ["CELERY_TASK_ALWAYS_EAGER"] = "True"  # the setup renders in this process
        os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
        os.environ["LOG_LEVEL"] = "ERROR"
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        cast, signing, items = _setup(options.topics)

        server_env = app_environment(**environment)
        port = free_port()
        web = gunicorn(port, env=server_env, log=scratch / "gunicorn.log").start()
        worker = celery_worker(
            env=server_env, log=scratch / "worker.log", queue="celery", concurrency=2
        ).start()
        services += [web, worker]
        base = f"http://127.0.0.1:{port}"
        wait_for(lambda: http_ready(base), what="gunicorn")
        _point_celery_at(broker)

        tally, stop = Tally(), threading.Event()
        clients = [
            threading.Thread(target=_sign_off, args=(base, cast, signing, tally, stop)),
            threading.Thread(target=_report, args=(base, cast, items, tally, stop)),
            threading.Thread(target=_view, args=(base, cast, signing, tally, stop)),
        ]
        for client in clients:
            client.start()
        pause = options.phase_seconds
        time.sleep(pause)
        redis.stop()  # Redis down: broker and cache
        time.sleep(pause)
        redis.start()
        wait_for(lambda: redis_answers(redis_port), what="redis-server")
        time.sleep(pause)
        postgres.restart(mode="fast")  # PostgreSQL restarted under load
        time.sleep(pause)
        for child in _pool_children(worker.process.pid)[:1]:  # a worker killed mid-work
            os.kill(child, signal.SIGKILL)
        time.sleep(pause)
        stop.set()
        for client in clients:
            client.join(timeout=120)

        from django.db import connections

        connections.close_all()  # this process's connection did not survive the restart
        _catch_up()
        lost, doubled = _count(cast, signing, tally, sink, media)
        print(
            f"statuses={dict(sorted(tally.statuses.items()))} signed={len(tally.signed)} "
            f"reports={len(tally.reported)} unavailable={tally.statuses[503]}"
        )
        errors = tally.errors
        print(f"faults: actions={tally.actions} errors_5xx={errors} lost={lost} doubled={doubled}")
    finally:
        for service in services:
            service.stop()
        redis.stop()
        sink.stop()
        postgres.stop(mode="immediate")
        shutil.rmtree(scratch, ignore_errors=True)


def _setup(count):
    """One committee; `count` topics waiting for leader_a's sign-off (leader_b has signed);
    two items open for progress reports."""
    import datetime as dt

    from followup.services import follow_up_item_add
    from tests.cast import Cast
    from tests.workflow import advance, prepare_step, today
    from topics.models import State

    cast = Cast().everyone()
    signing = []
    for number in range(count):
        topic = advance(
            cast.topic(title=f"故障演练议题{number + 1:02d}"), State.MINUTES_SUBMITTED, cast=cast
        )
        prepare_step(topic, "sign_off", cast)
        signing.append(topic.pk)
    followed = advance(cast.topic(title="故障演练跟踪议题"), State.FOLLOWING_UP, cast=cast)
    items = [
        follow_up_item_add(
            topic=followed,
            actor=cast.office,
            task=f"落实事项{n}",
            department=cast.department,
            due_on=today() + dt.timedelta(days=30),
        )
        for n in (1, 2)
    ]
    from notifications.models import Notification

    Notification.objects.update(state=Notification.State.DONE)  # the setup's, told in-process
    return cast, signing, [(item.topic_id, item.pk) for item in items]


def _point_celery_at(broker):
    from config.celery_app import app

    app.conf.task_always_eager, app.conf.broker_url = False, broker


def _sign_off(base, cast, signing, tally, stop):
    browser = Browser(base).login(cast.leader_a.username)
    for topic_id in signing:
        if stop.is_set():
            return
        status = until_done(
            browser,
            tally,
            f"/topics/{topic_id}/minutes/sign/",
            {"expected_state": "minutes_submitted", "decision": "approve", "opinion": "同意。"},
        )
        # 302: signed now; 409: a retry found it signed by the attempt the 503 hid.
        if status in (302, 409):
            tally.signed.append(topic_id)
        time.sleep(1.0)


def _report(base, cast, items, tally, stop):
    browser = Browser(base).login(cast.department_user.username)
    number = 0
    while not stop.is_set():
        topic_id, item_id = items[number % len(items)]
        number += 1
        marker = f"第{number}次进展 {uuid.uuid4().hex[:8]}"
        status = until_done(
            browser,
            tally,
            f"/topics/{topic_id}/items/{item_id}/report/",
            {"percent_done": str(min(number, 90)), "text": marker},
            files={"files": ("现场.png", PNG, "image/png")},
        )
        if status == 302:
            tally.reported.append(marker)
        time.sleep(0.3)


def _view(base, cast, signing, tally, stop):
    browser = Browser(base).login(cast.office.username)
    pages = ["/", "/topics/", *[f"/topics/{pk}/" for pk in signing[:3]]]
    number = 0
    while not stop.is_set():
        status, _body, _headers = browser.request(pages[number % len(pages)])
        tally.count(status)
        number += 1
        time.sleep(0.1)


def _pool_children(pid):
    children = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in children.read_text().split()] if children.exists() else []


def _catch_up(timeout=120):
    """What beat does once things are back: deliver what is pending, render what is missing."""
    import datetime as dt

    from documents.services import documents_catch_up
    from notifications.delivery import dispatch_pending
    from notifications.models import Notification

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        documents_catch_up(older_than=dt.timedelta(0))
        dispatch_pending()
        waiting = Notification.objects.filter(
            state__in=[Notification.State.PENDING, Notification.State.SENDING]
        )
        if not waiting.exists():
            return
        time.sleep(CLAIM_LEASE)


def _count(cast, signing, tally, sink, media):
    from consultations.models import MinutesVersion
    from followup.models import ProgressReport
    from topics.models import State, Topic

    found = Counter()
    # Reports: each one confirmed is saved once, with its picture.
    for marker in tally.reported:
        rows = list(ProgressReport.objects.filter(text=marker).prefetch_related("evidence"))
        found["reports_lost"] += not rows or any(not report.evidence.all() for report in rows)
        found["reports_doubled"] += max(len(rows) - 1, 0)
    # Sign-offs: the topic moved on, its signed PDF is kept, the office told once by e-mail.
    titles = Counter()
    for _recipients, message in sink.received:
        part = message.get_body(("plain", "html"))
        body = str(message["Subject"]) + (part.get_content() if part else "")
        for topic in Topic.objects.filter(pk__in=signing):
            if topic.title in body:
                titles[(topic.pk, tuple(_recipients))] += 1
    office = (cast.office.email,)
    for topic_id in tally.signed:
        topic = Topic.objects.get(pk=topic_id)
        version = MinutesVersion.objects.get(minutes__topic=topic)
        found["sign_offs_lost"] += topic.state != State.FOLLOWING_UP
        found["signed_pdfs_lost"] += not version.signed_pdf
        told = titles[(topic_id, office)]
        found["mails_lost"] += told == 0
        found["mails_doubled"] += max(told - 1, 0)
    # Files: two PDFs per version that has both, no more.
    kept = {
        name
        for pair in MinutesVersion.objects.values_list("pdf", "signed_pdf")
        for name in pair
        if name
    }
    on_disk = {
        str(path.relative_to(media)) for path in (media / "documents" / "minutes").glob("*.pdf")
    }
    found["pdf_files_doubled"] += len(on_disk - kept)
    found["pdf_files_lost"] += len(kept - on_disk)
    print("found:", dict(sorted(found.items())), "extra files:", sorted(on_disk - kept))
    lost = sum(n for key, n in found.items() if key.endswith("_lost"))
    doubled = sum(n for key, n in found.items() if key.endswith("_doubled"))
    return lost, doubled


if __name__ == "__main__":
    main()
