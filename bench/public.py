"""Benchmark: the public's pages and the similarity search over 10,000 topics and 10,000
problems from the public (10 committees × 10 years × 100 topics; 1,000 submissions each).

Run on PostgreSQL (the database is created if missing, migrated, and filled once):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/public_bench .venv/bin/python bench/public.py
The data is written with bulk_create by tests/dashboard/data.py (`generate`, then
`generate_submissions`, which also publishes every closed topic). An anonymous visitor opens a
committee's landing page and a published closed topic's page, warm (the cached page, checked
against what it shows), through the Django test client; `similar` ranks a committee's topics
and submissions against a new problem's title (pg_trgm). The median of RUNS counts.
The last line reads
    public: submissions=10000 topics=10000 landing_ms=L topic_ms=T similar_ms=S
Targets: L and T under 30 ms, S under 100 ms.
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
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.dashboard import ensure_database  # noqa: E402
from public.models import Submission  # noqa: E402
from public.selectors import similar  # noqa: E402
from tests.dashboard.data import generate, generate_submissions  # noqa: E402
from topics.models import State, Topic  # noqa: E402

COMMITTEES, YEARS, TOPICS_PER_YEAR, SUBMISSIONS_PER_COMMITTEE = 10, 10, 100, 1000
TOPICS = COMMITTEES * YEARS * TOPICS_PER_YEAR
SUBMISSIONS = COMMITTEES * SUBMISSIONS_PER_COMMITTEE
RUNS = 25
PREFIX = "公开"


def ensure_data():
    if Topic.objects.count() == TOPICS and Submission.objects.count() == SUBMISSIONS:
        return
    if Topic.objects.exists() or Submission.objects.exists():
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
    generate_submissions(data["committees"], per_committee=SUBMISSIONS_PER_COMMITTEE)
    print(f"generated the data in {time.perf_counter() - started:.1f} s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def median_ms(work):
    for _warm_up in range(3):
        work()
    durations = []
    for _run in range(RUNS):
        started = time.perf_counter()
        work()
        durations.append((time.perf_counter() - started) * 1000)
    return statistics.median(durations)


def main():
    ensure_database()
    setup_test_environment()
    ensure_data()
    client = Client()
    topic = Topic.objects.filter(state=State.CLOSED, publication__published=True).first()
    committee = topic.committee_id

    def get(url):
        assert client.get(url).status_code == 200

    landing_ms = median_ms(lambda: get(f"/public/{committee}/"))
    topic_ms = median_ms(lambda: get(f"/public/{committee}/topics/{topic.pk}/"))
    similar_ms = median_ms(lambda: similar(committee, "孔浦街道路灯不亮", "晚上没有路灯"))
    print(
        f"public: submissions={Submission.objects.count()} topics={Topic.objects.count()} "
        f"landing_ms={landing_ms:.1f} topic_ms={topic_ms:.1f} similar_ms={similar_ms:.1f}"
    )


if __name__ == "__main__":
    main()
