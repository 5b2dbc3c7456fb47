"""Deployment settings: every value from the environment, and Django's deploy checks pass."""

import os
import subprocess
import sys
from pathlib import Path

import environ
import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, **env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp"), **env},
    )


def test_production_settings_pass_the_deploy_checks():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="a-long-random-test-value-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFG",
        ALLOWED_HOSTS="zx.example.org",
        DATABASE_URL="sqlite:////tmp/deploy-check.sqlite3",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage(
        "check", DJANGO_SETTINGS_MODULE="config.settings.production", ALLOWED_HOSTS="x.org"
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.parametrize(
    "url, engine, name",
    [
        ("postgres://postgres@127.0.0.1:5432/weiyuan", "django.db.backends.postgresql", "weiyuan"),
        ("postgresql://u:p@db.internal/zx", "django.db.backends.postgresql", "zx"),
        (
            "sqlite:////var/lib/zx/db.sqlite3",
            "django.db.backends.sqlite3",
            "/var/lib/zx/db.sqlite3",
        ),
    ],
)
def test_database_url_takes_the_usual_forms(url, engine, name):
    parsed = environ.Env.db_url_config(url)
    assert parsed["ENGINE"] == engine
    assert parsed["NAME"] == name


def test_the_site_speaks_chinese_first_in_china_time(settings):
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.USE_TZ is True
