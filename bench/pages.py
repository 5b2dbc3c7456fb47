"""Benchmark: every page at province size, 100 committees × 10 years × 100 topics.

Run on PostgreSQL (the database is created if missing, migrated, and filled once; the first
run takes several minutes: 100,000 topics with their records, then their search documents):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/weiyuan_bench .venv/bin/python bench/pages.py

1. Through the Django test client (without the test environment's template instrumentation,
   which gunicorn does not have either), warm, the median of RUNS requests, for an office user of
   one committee and of all 100: home, topic list, dashboard, a closed topic's page, a search
   and a search with a filter (time, queries, size).
2. Search engines compared on the same documents: PostgreSQL full text over the jieba words
   (the GIN index the application uses) against pg_trgm over the raw text (an index made here,
   in the benchmark's database only).
3. The plans of the list's and the dashboard's queries on this data (sequential scans of the
   topic table counted).
4. Under gunicorn (2 sync workers, loopback, 8 connections, SECONDS per page): the same pages
   for the province user, the admin changelist of topics and a bare Django view (the floor).

Last line:
    pages: topics=100000 worst_ms=W worst_page=NAME ratio_to_admin=R ratio_to_floor=F
           max_queries=Q max_kb=K
W is the slowest median of part 1, R and F the lowest requests per second of home, list,
dashboard and topic page divided by the admin's and the floor's. Targets: W ≤ 60, R ≥ 3,
F ≥ 0.05, Q ≤ 25, K ≤ 200.
"""

import http.client
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
django.setup()

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.dashboard import ensure_database  # noqa: E402
from people.models import Membership, User  # noqa: E402
from people.roles import Role  # noqa: E402
from tests.dashboard.data import generate  # noqa: E402
from topics.models import State, Topic, TopicSearchDocument  # noqa: E402
from topics.search import documents_rebuild  # noqa: E402

COMMITTEES, YEARS, TOPICS_PER_YEAR = 100, 10, 100
TOPICS = COMMITTEES * YEARS * TOPICS_PER_YEAR
PREFIX = "省"


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
        client = Client(SERVER_NAME="127.0.0.1")
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


SEARCHES = [
    ("加装电梯 资金", "'加装' & '电梯' & '资金'", ["加装电梯", "资金"]),
    ("供水", "'供水'", ["供水"]),
]


def search_engines():
    """Full text over jieba's words against pg_trgm over the text, same documents."""
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        cursor.execute(
            "CREATE INDEX IF NOT EXISTS bench_search_trgm ON topics_topicsearchdocument "
            "USING gin (text gin_trgm_ops)"
        )
        cursor.execute("ANALYZE topics_topicsearchdocument")
        for query, tsquery, fragments in SEARCHES:
            likes = " AND ".join(["text LIKE %s"] * len(fragments))
            patterns = [f"%{fragment}%" for fragment in fragments]
            engines = {
                "full text (jieba + GIN)": (
                    "SELECT topic_id FROM topics_topicsearchdocument "
                    "WHERE vector @@ to_tsquery('simple', %s) "
                    "ORDER BY ts_rank(vector, to_tsquery('simple', %s)) DESC LIMIT 20",
                    [tsquery, tsquery],
                    "SELECT count(*) FROM topics_topicsearchdocument "
                    "WHERE vector @@ to_tsquery('simple', %s)",
                    [tsquery],
                ),
                "pg_trgm (LIKE + GIN)": (
                    f"SELECT topic_id FROM topics_topicsearchdocument WHERE {likes} LIMIT 20",
                    patterns,
                    f"SELECT count(*) FROM topics_topicsearchdocument WHERE {likes}",
                    patterns,
                ),
            }
            for engine, (first, first_args, count, count_args) in engines.items():
                durations = []
                for _run in range(5):
                    started = time.perf_counter()
                    cursor.execute(first, first_args)
                    cursor.fetchall()
                    cursor.execute(count, count_args)
                    found = cursor.fetchone()[0]
                    durations.append((time.perf_counter() - started) * 1000)
                print(
                    f"search {query!r:16} {engine:24} {statistics.median(durations):7.1f} ms"
                    f"  ({found} documents)",
                    flush=True,
                )


def plans(province):
    """EXPLAIN of the list's and the dashboard's queries for the province user."""
    client = Client(SERVER_NAME="127.0.0.1")
    client.force_login(province)
    year = timezone.localdate().year
    cache.clear()
    scans = {}
    for name, url, query in [
        ("list", "/topics/", {}),
        ("dashboard", "/dashboard/", {"year": year}),
    ]:
        with CaptureQueriesContext(connection) as captured:
            client.get(url, query)
        scans[name] = 0
        with connection.cursor() as cursor:
            for executed in captured:
                sql = executed["sql"]
                if "topics_topic" not in sql or not sql.lstrip().upper().startswith(
                    ("SELECT", "WITH")
                ):
                    continue
                cursor.execute("EXPLAIN " + sql)
                plan = "\n".join(row[0] for row in cursor.fetchall())
                scans[name] += plan.count("Seq Scan on topics_topic ")
    print(f"sequential scans of the topic table: {scans}", flush=True)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def requests_per_second(port, url, cookie, seconds):
    """8 connections in a loop for `seconds`; a sync worker closes each connection."""
    stop = time.monotonic() + seconds
    done, failed = [0] * CONNECTIONS, [0] * CONNECTIONS

    def loop(index):
        while time.monotonic() < stop:
            connection_ = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            connection_.request("GET", url, headers={"Cookie": cookie})
            response = connection_.getresponse()
            response.read()
            connection_.close()
            if response.status == 200:
                done[index] += 1
            else:
                failed[index] += 1

    threads = [threading.Thread(target=loop, args=(index,)) for index in range(CONNECTIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if sum(failed):
        raise SystemExit(f"{url}: {sum(failed)} responses were not 200")
    return sum(done) / seconds


CONNECTIONS = 8
SECONDS = float(os.environ.get("SECONDS", 5))


def cookie_of(user):
    client = Client(SERVER_NAME="127.0.0.1")
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}"


def under_gunicorn(province):
    admin, _created = User.objects.get_or_create(
        username=f"{PREFIX}-admin", defaults={"is_staff": True, "is_superuser": True}
    )
    closed = Topic.objects.filter(state=State.CLOSED).order_by("pk").first()
    year = timezone.localdate().year
    pages = [
        ("home", "/", province),
        ("topic list", "/topics/", province),
        ("dashboard", f"/dashboard/?year={year}", province),
        ("closed topic", closed.get_absolute_url(), province),
        ("admin changelist", "/admin/topics/topic/", admin),
        ("floor", "/bench/floor/", province),
    ]
    port = free_port()
    bench = Path(__file__).resolve().parent
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "pages_settings"}
    server = subprocess.Popen(
        [
            str(bench.parent / ".venv" / "bin" / "gunicorn"),
            "config.wsgi",
            "--workers=2",
            "--worker-class=sync",
            f"--bind=127.0.0.1:{port}",
            f"--pythonpath={bench}",
            "--log-level=warning",
        ],
        cwd=bench.parent,
        env=environment,
    )
    try:
        for _attempt in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        rates = {}
        for name, url, user in pages:
            cookie = cookie_of(user)
            requests_per_second(port, url, cookie, 1.5)  # warm both workers
            rates[name] = requests_per_second(port, url, cookie, SECONDS)
            print(f"gunicorn {name:24} {rates[name]:8.1f} req/s", flush=True)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    return rates


def main():
    ensure_database()
    province = ensure_data()
    ensure_search_documents()
    users = {"1 committee": one_committee_office(province), "100 committees": province}
    results = test_client_pages(users)
    search_engines()
    plans(province)
    rates = under_gunicorn(province)
    served = [rates[name] for name in ("home", "topic list", "dashboard", "closed topic")]
    worst = max(results, key=lambda result: result["ms"])
    print(
        f"pages: topics={Topic.objects.count()} worst_ms={worst['ms']:.0f} "
        f"worst_page={worst['name'].replace(' ', '_')} "
        f"ratio_to_admin={min(served) / rates['admin changelist']:.1f} "
        f"ratio_to_floor={min(served) / rates['floor']:.2f} "
        f"max_queries={max(r['queries'] for r in results)} "
        f"max_kb={max(r['kb'] for r in results):.0f}"
    )


if __name__ == "__main__":
    main()
