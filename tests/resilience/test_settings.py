"""Settings for several application servers: the cache, the file storage and the sessions come
from the environment and are shared; a Redis outage never breaks a page."""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
from django.core.cache import caches
from django.test import override_settings
from django.urls import reverse

from core.cache import FailOpenRedisCache

ROOT = Path(__file__).resolve().parents[2]
DEAD_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1
LIVE_REDIS = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/4")
PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "SECRET_KEY": "a-long-random-test-value-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFG",
    "ALLOWED_HOSTS": "zx.example.org",
    "DATABASE_URL": "sqlite:////tmp/settings-check.sqlite3",
}
SHOW = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({'caches': s.CACHES, 'storages': s.STORAGES, 'session': s.SESSION_ENGINE,"
    " 'database': s.DATABASES['default']}, default=str))"
)


def settings_with(**env):
    result = subprocess.run(
        [sys.executable, "-c", SHOW],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp")} | env,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def test_production_shares_cache_files_and_sessions_between_servers():
    shown = settings_with(**PRODUCTION, REDIS_URL="redis://redis:6379/0")

    cache = shown["caches"]["default"]
    assert cache["BACKEND"] == "core.cache.FailOpenRedisCache"
    assert cache["LOCATION"] == "redis://redis:6379/0"
    assert shown["storages"]["default"]["BACKEND"] == (
        "django.core.files.storage.FileSystemStorage"
    )
    assert shown["session"] in (
        "django.contrib.sessions.backends.db",
        "django.contrib.sessions.backends.cached_db",
    )
    assert shown["database"]["CONN_HEALTH_CHECKS"] is True
    assert shown["database"]["CONN_MAX_AGE"] == 60


def test_cache_url_wins_and_without_redis_the_cache_is_local_memory():
    assert (
        settings_with(**PRODUCTION, CACHE_URL="redis://cache:6379/2")["caches"]["default"][
            "LOCATION"
        ]
        == "redis://cache:6379/2"
    )
    local = settings_with(DJANGO_SETTINGS_MODULE="config.settings.local")
    assert local["caches"]["default"]["BACKEND"].endswith("LocMemCache")


def test_s3_compatible_object_storage_from_the_environment():
    shown = settings_with(
        **PRODUCTION,
        FILE_STORAGE="s3",
        AWS_STORAGE_BUCKET_NAME="weiyuan-files",
        AWS_S3_ENDPOINT_URL="http://minio.internal:9000",
        AWS_ACCESS_KEY_ID="key",
        AWS_SECRET_ACCESS_KEY="secret",
    )

    default = shown["storages"]["default"]
    assert default["BACKEND"] == "storages.backends.s3.S3Storage"
    assert default["OPTIONS"]["bucket_name"] == "weiyuan-files"
    assert default["OPTIONS"]["endpoint_url"] == "http://minio.internal:9000"
    assert default["OPTIONS"]["default_acl"] == "private"
    assert default["OPTIONS"]["file_overwrite"] is False


def test_an_unknown_file_storage_is_refused():
    result = subprocess.run(
        [sys.executable, "-c", SHOW],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": os.environ["PATH"], **PRODUCTION, "FILE_STORAGE": "ftp"},
    )
    assert result.returncode != 0 and "FILE_STORAGE" in result.stderr


def fail_open_cache(location):
    return FailOpenRedisCache(
        location, {"OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}}
    )


def test_the_cache_fails_open_and_quickly_while_redis_is_down(caplog):
    cache = fail_open_cache(DEAD_REDIS)

    started = time.monotonic()
    assert cache.get("figures", "missing") == "missing"
    cache.set("figures", 1)
    assert cache.add("lock", 1) is False
    assert cache.get_or_set("plan", lambda: 42) == 42
    assert cache.get_many(["a", "b"]) == {}
    assert cache.set_many({"a": 1}) == ["a"]
    cache.delete("figures")
    cache.delete_many(["a"])
    for _ in range(100):  # the breaker: later calls do not wait for Redis again
        cache.get("figures")
    assert time.monotonic() - started < 2
    assert caplog.text.count("Redis cache unreachable") == 1


def test_the_cache_uses_redis_when_it_answers():
    try:
        redis.Redis.from_url(LIVE_REDIS, socket_connect_timeout=1).ping()
    except redis.RedisError:
        pytest.skip(f"no Redis at {LIVE_REDIS}")
    cache = fail_open_cache(LIVE_REDIS)
    cache.set("resilience-test", {"sessions": 3}, 30)
    assert fail_open_cache(LIVE_REDIS).get("resilience-test") == {"sessions": 3}  # shared
    cache.delete("resilience-test")


def test_pages_answer_while_the_cache_redis_is_down(client, cast):
    cast.everyone()
    client.force_login(cast.office)
    dead = {
        "default": {
            "BACKEND": "core.cache.FailOpenRedisCache",
            "LOCATION": DEAD_REDIS,
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    with override_settings(CACHES=dead):
        assert isinstance(caches["default"], FailOpenRedisCache)
        for name in ("portal:home", "topics:list", "dashboard:index"):
            assert client.get(reverse(name)).status_code == 200, name
