"""Benchmark: every page at province size, 100 committees × 10 years × 100 topics.

Run on PostgreSQL (the database is created if missing, migrated, and filled once):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/weiyuan_bench .venv/bin/python bench/pages.py
"""

import os
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from people.models import User  # noqa: E402
from tests.dashboard.data import generate  # noqa: E402
from topics.models import Topic  # noqa: E402

COMMITTEES, YEARS, TOPICS_PER_YEAR = 100, 10, 100
TOPICS = COMMITTEES * YEARS * TOPICS_PER_YEAR
PREFIX = "省"


def ensure_database():
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL database")
    name = connection.settings_dict["NAME"]
    with connection._nodb_cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    call_command("migrate", verbosity=0)


def ensure_data():
    office = User.objects.filter(username=f"{PREFIX}-office-1").first()
    if office is not None and Topic.objects.count() == TOPICS:
        return office
    call_command("flush", interactive=False, verbosity=0)
    started = time.perf_counter()
    this_year = timezone.localdate().year
    data = generate(
        committees=COMMITTEES,
        years=range(this_year - YEARS + 1, this_year + 1),
        topics_per_year=TOPICS_PER_YEAR,
        seed=1,
        prefix=PREFIX,
    )
    print(f"generated {Topic.objects.count()} topics in {time.perf_counter() - started:.1f} s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return data["office"]


if __name__ == "__main__":
    ensure_database()
    ensure_data()
