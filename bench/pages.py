"""Benchmark: every page at province size, 100 committees × 10 years × 100 topics.

Run on PostgreSQL (the database is created if missing, migrated, and filled once):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/weiyuan_bench .venv/bin/python bench/pages.py
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

from people.models import Membership, User  # noqa: E402
from people.roles import Role  # noqa: E402
from tests.dashboard.data import generate  # noqa: E402
from topics.models import State, Topic, TopicSearchDocument  # noqa: E402
from topics.search import documents_rebuild  # noqa: E402

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


def ensure_search_documents():
    if TopicSearchDocument.objects.count() < TOPICS:
        started = time.perf_counter()
        documents_rebuild()
        print(f"search documents written in {time.perf_counter() - started:.1f} s", flush=True)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE topics_topicsearchdocument")


def one_committee_office(province):
    """An office user of the first committee only."""
    user, created = User.objects.get_or_create(
        username=f"{PREFIX}-office-one", defaults={"full_name": "办公室"}
    )
    if created:
        committee = province.memberships.order_by("committee_id").first().committee
        Membership.objects.create(user=user, committee=committee, role=Role.OFFICE_STAFF)
    return user


RUNS = int(os.environ.get("RUNS", 15))


def timed(client, name, url, query=None):
    query = query or {}
    for _warm_up in range(3):
        response = client.get(url, query)
        assert response.status_code == 200, (url, response.status_code)
    durations = []
    for _run in range(RUNS):
        started = time.perf_counter()
        client.get(url, query)
        durations.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, query)
    median = statistics.median(durations)
    kb = len(response.content) / 1024
    print(f"{name:32} {median:7.1f} ms  {len(captured):3} queries  {kb:6.1f} KB", flush=True)
    return {"name": name, "ms": median, "queries": len(captured), "kb": kb}


def test_client_pages(users):
    year = timezone.localdate().year
    results = []
    for who, user in users.items():
        client = Client()
        client.force_login(user)
        closed = (
            Topic.objects.filter(committee_id__in=user.committee_ids, state=State.CLOSED)
            .order_by("pk")
            .first()
        )
        pages = [
            ("home", "/", None),
            ("topic list", "/topics/", None),
            ("dashboard", "/dashboard/", {"year": year}),
            ("closed topic", closed.get_absolute_url(), None),
            ("search", "/topics/", {"query": "加装电梯 资金"}),
            ("search+filter", "/topics/", {"query": "供水", "year": year - 1}),
        ]
        for name, url, query in pages:
            results.append(timed(client, f"{name} ({who})", url, query))
    return results


def main():
    ensure_database()
    setup_test_environment()
    province = ensure_data()
    ensure_search_documents()
    users = {"1 committee": one_committee_office(province), "100 committees": province}
    test_client_pages(users)


if __name__ == "__main__":
    main()
