"""Benchmark: one member's duty record (履职档案) and the office's overview of every member.

Run on PostgreSQL (the database is created if missing, migrated, and filled once):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/duties_bench .venv/bin/python bench/duties.py
The data: tests/dashboard/data.py's `generate` (one committee, two years of topics with their
sessions, items and ratings) and `add_duties` (MEMBERS members, each co-signing five topics
and with an attendance record at twenty sessions). Warm, the median of RUNS calls of
`duties.selectors.duty_record(member, year)` and of the overview page through the test client.
The last line reads
    duties: members=N duty_record_ms=D overview_ms=O queries_record=Q
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

from bench.dashboard import ensure_database  # noqa: E402
from duties.selectors import duty_record  # noqa: E402
from people.models import Committee, Membership, User  # noqa: E402
from people.roles import Role  # noqa: E402
from tests.dashboard.data import add_duties, generate  # noqa: E402

MEMBERS, TOPICS_PER_YEAR, RUNS = 300, 300, 15
PREFIX = "履职基准"


def committee_and_office():
    """The benchmark's committee and office user, after generating the data if missing."""
    office = User.objects.filter(username=f"{PREFIX}-office-1").first()
    if office is not None:
        committee = Committee.objects.get(memberships__user=office)
        if Membership.objects.filter(committee=committee, role=Role.MEMBER).count() >= MEMBERS:
            return committee, office
    call_command("flush", interactive=False, verbosity=0)
    started = time.perf_counter()
    this_year = timezone.localdate().year
    data = generate(
        committees=1,
        years=range(this_year - 1, this_year + 1),
        topics_per_year=TOPICS_PER_YEAR,
        seed=1,
        prefix=PREFIX,
    )
    committee = data["committees"][0]
    add_duties(committee, members=MEMBERS, prefix=PREFIX)
    print(f"generated the data in {time.perf_counter() - started:.1f} s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return committee, data["office"]


def median_ms(call) -> float:
    for _warm_up in range(3):
        call()
    durations = []
    for _run in range(RUNS):
        started = time.perf_counter()
        call()
        durations.append((time.perf_counter() - started) * 1000)
    return statistics.median(durations)


def main():
    ensure_database()
    setup_test_environment()
    committee, office = committee_and_office()
    year = timezone.localdate().year
    member = (
        User.objects.filter(memberships__committee=committee, memberships__role=Role.MEMBER)
        .order_by("pk")
        .first()
    )
    record_ms = median_ms(lambda: duty_record(member, year, committee=committee))
    with CaptureQueriesContext(connection) as captured:
        record = duty_record(member, year, committee=committee)
    queries = len(captured)  # counted now: each request of the client resets the log
    print(f"duty record of one member: {len(record.lines)} lines, {record.points} points")
    client = Client()
    client.force_login(office)
    url = f"/duties/committees/{committee.pk}/records/"

    def overview():
        assert client.get(url, {"year": year, "sort": "-points"}).status_code == 200

    overview_ms = median_ms(overview)
    members = Membership.objects.filter(committee=committee, role=Role.MEMBER).count()
    print(
        f"duties: members={members} duty_record_ms={record_ms:.1f} "
        f"overview_ms={overview_ms:.0f} queries_record={queries}"
    )


if __name__ == "__main__":
    main()
