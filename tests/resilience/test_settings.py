"""Settings for several application servers: the cache, the file storage and the sessions come
from the environment and are shared; a Redis outage never breaks a page."""

import json
import os
import runpy
import subprocess
import sys
import time
import uuid
from pathlib import Path
from unittest import mock

import pytest
import redis
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings
from django.urls import reverse

import core.cache
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


DEPLOYMENT_VARIABLES = (
    "REDIS_URL",
    "CACHE_URL",
    "FILE_STORAGE",
    "AWS_STORAGE_BUCKET_NAME",
    "AWS_S3_ENDPOINT_URL",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
)


def base_settings(monkeypatch, **env):
    """config/settings/base.py as it reads this environment (run afresh, in this process)."""
    for variable in DEPLOYMENT_VARIABLES:
        monkeypatch.delenv(variable, raising=False)
    for variable, value in env.items():
        monkeypatch.setenv(variable, value)
    return runpy.run_path(str(ROOT / "config" / "settings" / "base.py"))


def test_cache_url_wins_and_without_redis_the_cache_is_local_memory(monkeypatch):
    chosen = base_settings(monkeypatch, CACHE_URL="redis://cache:6379/2", REDIS_URL="redis://r/0")
    assert chosen["CACHES"]["default"]["LOCATION"] == "redis://cache:6379/2"
    embedded = base_settings(monkeypatch)
    assert embedded["CACHES"]["default"]["BACKEND"].endswith("LocMemCache")


def test_s3_compatible_object_storage_from_the_environment(monkeypatch):
    chosen = base_settings(
        monkeypatch,
        FILE_STORAGE="s3",
        AWS_STORAGE_BUCKET_NAME="weiyuan-files",
        AWS_S3_ENDPOINT_URL="http://minio.internal:9000",
        AWS_ACCESS_KEY_ID="key",
        AWS_SECRET_ACCESS_KEY="secret",
    )

    default = chosen["STORAGES"]["default"]
    assert default["BACKEND"] == "storages.backends.s3.S3Storage"
    assert default["OPTIONS"]["bucket_name"] == "weiyuan-files"
    assert default["OPTIONS"]["endpoint_url"] == "http://minio.internal:9000"
    assert default["OPTIONS"]["default_acl"] == "private"
    assert default["OPTIONS"]["file_overwrite"] is False


def test_an_unknown_file_storage_is_refused(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="FILE_STORAGE"):
        base_settings(monkeypatch, FILE_STORAGE="ftp")


def fail_open_cache(location):
    return FailOpenRedisCache(
        location, {"OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}}
    )


def test_the_cache_fails_open_and_quickly_while_redis_is_down(monkeypatch):
    cache = fail_open_cache(DEAD_REDIS)
    # The cache's own logger is watched: what other tests did to the logging configuration of
    # this process (a worker started in it, handlers) does not matter.
    warnings = mock.Mock()
    monkeypatch.setattr(core.cache.logger, "warning", warnings)

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
    assert [call.args[0] for call in warnings.call_args_list] == [
        "Redis cache unreachable (%s); serving without a cache."
    ]


def live_cache(prefix):
    try:
        redis.Redis.from_url(LIVE_REDIS, socket_connect_timeout=1).ping()
    except redis.RedisError:
        pytest.skip(f"no Redis at {LIVE_REDIS}")
    return FailOpenRedisCache(LIVE_REDIS, {"KEY_PREFIX": prefix})


def test_the_cache_uses_redis_when_it_answers():
    prefix = f"resilience-{uuid.uuid4().hex[:8]}"
    cache = live_cache(prefix)
    cache.set("figures", {"sessions": 3}, 30)
    assert live_cache(prefix).get("figures") == {"sessions": 3}  # shared by every process
    cache.delete("figures")


def test_after_an_outage_nothing_stale_is_served():
    prefix, other = f"resilience-{uuid.uuid4().hex[:8]}", f"other-{uuid.uuid4().hex[:8]}"
    cache, neighbour = live_cache(prefix), live_cache(other)
    cache.set("figures", "before the outage", 60)
    neighbour.set("figures", "another site's", 60)
    # During the outage the invalidation of "figures" could not reach Redis.
    cache._down_until = time.monotonic() - 1

    assert cache.get("figures") is None  # dropped on reconnecting, not served stale
    assert cache._down_until == 0.0
    cache.set("figures", "after", 60)
    assert cache.get("figures") == "after"
    assert neighbour.get("figures") == "another site's"  # other prefixes are left alone
    cache.delete("figures")
    neighbour.delete("figures")


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
