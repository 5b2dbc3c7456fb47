"""Benchmark: the year at a glance and the topic list over 10 committees × 10 years × 100 topics.

Run on PostgreSQL (the database is created if missing, migrated, and filled once):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/e5_bench .venv/bin/python bench/dashboard.py
The data (10,000 topics with their transition records, plans, sessions, follow-up items, ratings,
evaluations and results) is written with bulk_create by tests/dashboard/data.py. An office user
of all ten committees opens the dashboard of the current year (1,000 topics) and the unfiltered
topic list (all 10,000) through the Django test client, warm; the median of RUNS requests counts.
The last line reads
    dashboard: topics=10000 dashboard_ms=D list_ms=L queries_dashboard=QD queries_list=QL
Targets: D and L under 300 ms, QD and QL under 25 (the tests pin that they do not grow with data).
"""

import os
import statistics
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

from people.models import User  # noqa: E402
from tests.dashboard.data import generate  # noqa: E402
from topics.models import Topic  # noqa: E402

COMMITTEES, YEARS, TOPICS_PER_YEAR = 10, 10, 100
TOPICS = COMMITTEES * YEARS * TOPICS_PER_YEAR
RUNS = 15
PREFIX = "基准"


def ensure_database():
    """Every benchmark's database: PostgreSQL, created if missing, migrated."""
    if connection.vendor != "postgresql":
        sys.exit(
            "Set DATABASE_URL to a PostgreSQL database, e.g. "
            f"postgres://postgres@127.0.0.1:5432/{Path(sys.argv[0]).stem}_bench"
        )
    name = connection.settings_dict["NAME"]
    with connection._nodb_cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    call_command("migrate", verbosity=0)


def office_user():
    """The benchmark's office user, after generating the data unless it is already there."""
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


def timed(client, url, query):
    for _warm_up in range(3):
        assert client.get(url, query).status_code == 200
    durations = []
    for _run in range(RUNS):
        started = time.perf_counter()
        response = client.get(url, query)
        durations.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as captured:
        client.get(url, query)
    print(
        f"{url} {query}: median {statistics.median(durations):.1f} ms, "
        f"min {min(durations):.1f}, max {max(durations):.1f}, {len(captured)} queries"
    )
    return statistics.median(durations), len(captured)


def main():
    ensure_database()
    setup_test_environment()
    office = office_user()
    client = Client()
    client.force_login(office)
    dashboard_ms, dashboard_queries = timed(
        client, "/dashboard/", {"year": timezone.localdate().year}
    )
    list_ms, list_queries = timed(client, "/topics/", {})
    print(
        f"dashboard: topics={Topic.objects.count()} dashboard_ms={dashboard_ms:.0f} "
        f"list_ms={list_ms:.0f} "
        f"queries_dashboard={dashboard_queries} queries_list={list_queries}"
    )


if __name__ == "__main__":
    main()
