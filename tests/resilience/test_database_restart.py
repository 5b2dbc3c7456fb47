"""PostgreSQL restarted while requests run, on a PostgreSQL of the test's own: the request in
flight fails cleanly with the Chinese 503 page and saves nothing, pages under load answer 200
or that page (never a 500), and the requests after the restart succeed on the kept
connections (CONN_MAX_AGE with CONN_HEALTH_CHECKS)."""

import datetime as dt
import threading
import time

import psycopg
import pytest
from django.db import connection

from followup.models import FollowUpItem
from followup.services import follow_up_item_add
from tests.workflow import advance, today
from topics.models import State

from .servers import (
    Browser,
    app_environment,
    database_url,
    free_port,
    gunicorn,
    http_ready,
    text_of,
    wait_for,
)

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

UNAVAILABLE = "服务暂时不可用"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture
def site_on_spare_postgres(spare_postgres, cast, tmp_path):
    """The test's data copied into a database of the spare PostgreSQL, served by gunicorn."""
    if connection.vendor != "postgresql":
        pytest.skip("the data is copied from the PostgreSQL test database")
    cast.everyone()
    topic = advance(cast.topic(), State.FOLLOWING_UP, cast=cast)
    item = follow_up_item_add(
        topic=topic,
        actor=cast.office,
        task="完成一期管网施工",
        department=cast.department,
        due_on=today() + dt.timedelta(days=10),
    )
    database = spare_postgres.createdb()
    spare_postgres.copy_from(database_url(connection.settings_dict), database)
    port = free_port()
    server = gunicorn(
        port,
        env=app_environment(
            DATABASE_URL=spare_postgres.url(database),
            CONN_MAX_AGE=60,
            MEDIA_ROOT=tmp_path / "media",
            CELERY_TASK_ALWAYS_EAGER=True,
            EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        ),
        log=tmp_path / "gunicorn.log",
    ).start()
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: http_ready(base), what="gunicorn")
        yield base, server, database, item, cast
    finally:
        server.stop()


def report_url(item):
    return f"/topics/{item.topic_id}/items/{item.pk}/report/"


def post_report(browser, item, text):
    return browser.request(
        report_url(item),
        {"percent_done": "40", "text": text},
        files={"files": ("现场.png", PNG, "image/png")},
    )


def test_a_restart_fails_the_request_in_flight_cleanly_and_the_next_ones_succeed(
    spare_postgres, site_on_spare_postgres
):
    base, server, database, item, cast = site_on_spare_postgres
    browser = Browser(base).login(cast.department_user.username)
    assert browser.request("/")[0] == 200

    # Page views under steady load for the whole test.
    statuses, stop = [], threading.Event()

    def load():
        viewer = Browser(base)
        browser.share_cookies_with(viewer)
        while not stop.is_set():
            status, body, _headers = viewer.request("/topics/")
            statuses.append(status)
            if status == 503:
                assert UNAVAILABLE in text_of(body)
            time.sleep(0.05)

    loaders = [threading.Thread(target=load) for _ in range(2)]
    for thread in loaders:
        thread.start()

    # A report in flight: it waits for the item's row, which another session holds locked.
    holder = psycopg.connect(spare_postgres.url(database), autocommit=False)
    table = FollowUpItem._meta.db_table
    holder.execute(f"SELECT 1 FROM {table} WHERE id = %s FOR UPDATE", [item.pk])
    in_flight = {}
    poster = threading.Thread(
        target=lambda: in_flight.update(response=post_report(browser, item, "重启时提交的报告"))
    )
    poster.start()
    wait_for(
        lambda: (
            spare_postgres.psql(
                database, "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
            )
            == "1"
        ),
        what="the report waiting for the lock",
    )

    spare_postgres.restart(mode="fast")
    poster.join(timeout=30)
    holder.close()

    status, body, headers = in_flight["response"]
    assert status == 503, text_of(body)[:1500] + server.tail()
    assert UNAVAILABLE in text_of(body) and "本次操作没有保存" in text_of(body)
    assert headers.get("Retry-After") == "30"

    # New requests succeed at once, on connections the workers kept from before the restart.
    for _ in range(6):
        assert browser.request("/")[0] == 200, server.tail()
    status, body, _headers = post_report(browser, item, "重启后提交的报告")
    assert status == 302, text_of(body)[:1500]
    stop.set()
    for thread in loaders:
        thread.join(timeout=30)

    texts = spare_postgres.psql(
        database,
        "SELECT text || ':' || (SELECT count(*) FROM followup_evidence e WHERE e.report_id = r.id)"
        f" FROM followup_progressreport r WHERE item_id = {item.pk} ORDER BY id",
    ).splitlines()
    assert texts == ["重启后提交的报告:1"]  # nothing of the failed one, all of the later one
    assert set(statuses) <= {200, 503} and statuses.count(200) > 0, statuses
    assert "Internal Server Error" not in server.tail(100_000)
