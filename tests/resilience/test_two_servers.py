"""Two application servers: two gunicorn instances on loopback share the test's PostgreSQL
database, one Redis cache and one file directory. A file uploaded through one is downloaded
through the other; a session made on one works on the other."""

import datetime as dt

import pytest
from django.db import connection

from followup.models import Evidence
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
    redis_answers,
    redis_server,
    text_of,
    wait_for,
)

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture
def two_servers(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("the servers must share the test database: PostgreSQL only")
    redis, redis_port = redis_server(tmp_path)
    redis.start()
    wait_for(lambda: redis_answers(redis_port), what="redis-server")
    media = tmp_path / "shared-media"
    media.mkdir()
    environment = app_environment(
        DATABASE_URL=database_url(connection.settings_dict),
        CACHE_URL=f"redis://127.0.0.1:{redis_port}/0",
        MEDIA_ROOT=media,
        CONN_MAX_AGE=60,
        CELERY_TASK_ALWAYS_EAGER=True,
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    )
    servers = []
    for name in ("a", "b"):
        port = free_port()
        server = gunicorn(port, env=environment, log=tmp_path / f"gunicorn-{name}.log").start()
        server.base = f"http://127.0.0.1:{port}"
        servers.append(server)
    try:
        for server in servers:
            wait_for(lambda server=server: http_ready(server.base), what="gunicorn")
        yield servers, media
    finally:
        for server in servers:
            server.stop()
        redis.stop()


def test_an_upload_and_a_session_work_across_two_servers(two_servers, cast):
    (server_a, server_b), media = two_servers
    cast.everyone()
    topic = advance(cast.topic(), State.FOLLOWING_UP, cast=cast)
    item = follow_up_item_add(
        topic=topic,
        actor=cast.office,
        task="完成一期管网施工",
        department=cast.department,
        due_on=today() + dt.timedelta(days=10),
    )

    on_a = Browser(server_a.base).login(cast.department_user.username)
    status, body, headers = on_a.request(
        f"/topics/{topic.pk}/items/{item.pk}/report/",
        {"percent_done": "50", "text": "管网铺设过半"},
        files={"files": ("现场照片.png", PNG, "image/png")},
    )
    assert status == 302, text_of(body)[:2000] + server_a.tail()

    evidence = Evidence.objects.get(report__item=item)
    assert (media / evidence.file.name).read_bytes() == PNG  # in the shared directory

    # The same session cookie, presented to the other server.
    on_b = Browser(server_b.base)
    on_a.share_cookies_with(on_b)
    status, body, _headers = on_b.request("/")
    assert status == 200, status
    assert cast.department_user.get_full_name() in text_of(body) or (
        cast.department_user.username in text_of(body)
    )
    status, body, headers = on_b.request(f"/files/evidence/{evidence.pk}/")
    assert status == 200, text_of(body)[:500] + server_b.tail()
    assert body == PNG
    assert "attachment" in headers.get("Content-Disposition", "")

    # Signing out on one server ends the session on both.
    status, _body, _headers = on_b.request("/logout/", {})
    assert status == 302
    status, _body, headers = on_a.request("/")
    assert status == 302 and "/login/" in headers["Location"]
