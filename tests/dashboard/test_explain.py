"""Indexes for the list and the dashboard: on generated data, no query of either page reads
the topic table by a sequential scan. PostgreSQL only (the plans are PostgreSQL's).

With `enable_seqscan` off, the planner still scans sequentially where no index can serve a
query at all, so a sequential scan here means a filter or an ordering without its index,
whatever the size of the test's data.
"""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from .data import generate

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL plans"),
]
YEAR = timezone.localdate().year


def topic_scans(client, url, query):
    """The plans of the page's queries that read the topic table, with their sequential scans."""
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, query).status_code == 200
    scanned, read = [], 0
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        cursor.execute("ANALYZE")
        for executed in captured:
            sql = executed["sql"]
            if "topics_topic" not in sql or not sql.lstrip().upper().startswith(("SELECT", "WITH")):
                continue
            read += 1
            cursor.execute("EXPLAIN " + sql)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            if "Seq Scan on topics_topic " in plan:
                scanned.append((sql[:300], plan))
        cursor.execute("RESET enable_seqscan")
    return read, scanned


PAGES = [
    ("topics:list", {}),
    ("topics:list", {"year": YEAR}),
    ("topics:list", {"year": YEAR, "stage": 2, "channel": "member", "category": "roads"}),
    ("topics:list", {"held": "on", "year": YEAR}),
    ("topics:list", {"query": "加装电梯"}),
    ("topics:list", {"page": 3}),
    ("dashboard:index", {"year": YEAR}),
    ("dashboard:assessment", {"year": YEAR}),
]


def test_no_sequential_scan_of_the_topic_table(client):
    data = generate(committees=3, years=(YEAR - 1, YEAR), topics_per_year=60, seed=11)
    client.force_login(data["office"])
    for url, query in PAGES:
        read, scanned = topic_scans(client, reverse(url), query)
        assert read, (url, query, "the page read no topic at all")
        assert not scanned, (url, query, scanned)
