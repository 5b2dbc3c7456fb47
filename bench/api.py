"""Benchmark: the REST API over the 10,000 topics of bench/dashboard.py (10 committees × 10
years × 100 topics, written by tests/dashboard/data.py).

Run on PostgreSQL (the database is created if missing, migrated, and filled once):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/e5_bench .venv/bin/python bench/api.py
With a personal access token, warm, median of RUNS requests:
- list: office staff of all ten committees read the first page of /api/topics/ (all 10,000
  topics visible, counted, 50 returned with their stage and deadlines);
- item report: a department posts a progress report with a picture on its open item
  (multipart, through the follow-up service and the upload checks);
- duty record: the committee's generated member (who rated its verified items) reads their
  record of this year.
The last line reads
    api: topics=10000 list_ms=L item_report_ms=R duty_record_ms=D queries_list=Q
Targets: L, R and D under 60 ms, Q at most 15 (tests/api/test_queries.py pins that the list
does not grow with the data).
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

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402
from rest_framework.test import APIClient  # noqa: E402

from api.services import access_token_create  # noqa: E402
from bench.dashboard import PREFIX, ensure_database, office_user  # noqa: E402
from followup.models import FollowUpItem  # noqa: E402
from people.models import Membership, User  # noqa: E402
from people.roles import Role  # noqa: E402
from tests.api.files import png  # noqa: E402
from topics.models import State, Topic  # noqa: E402

RUNS = 15


def client_of(user, scope):
    _row, token = access_token_create(user=user, name="基准测试", scope=scope, days=1)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


def timed(label, request):
    for _warm_up in range(3):
        request()
    durations = []
    for _run in range(RUNS):
        started = time.perf_counter()
        request()
        durations.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as captured:
        request()
    median = statistics.median(durations)
    print(
        f"{label}: median {median:.1f} ms, min {min(durations):.1f}, "
        f"max {max(durations):.1f}, {len(captured)} queries"
    )
    return median, len(captured)


def department_user(item):
    user, _created = User.objects.get_or_create(
        username="基准-department", defaults={"full_name": "基准责任单位"}
    )
    Membership.objects.get_or_create(
        user=user, committee=item.topic.committee, role=Role.DEPARTMENT, department=item.department
    )
    return user


def committee_member(committee):
    """The member tests/dashboard/data.py generated for the committee (who rated its verified
    items), with the membership that makes them a member there."""
    member = User.objects.get(username=f"{PREFIX}-member-1-{committee.pk}")
    Membership.objects.get_or_create(user=member, committee=committee, role=Role.MEMBER)
    return member


def main():
    ensure_database()
    setup_test_environment()
    office = office_user()

    office_client = client_of(office, "read")

    def list_topics():
        response = office_client.get("/api/topics/")
        assert response.status_code == 200, response.content
        assert response.json()["count"] == Topic.objects.count()

    list_ms, list_queries = timed("GET /api/topics/", list_topics)

    item = (
        FollowUpItem.objects.open()
        .filter(topic__state=State.FOLLOWING_UP)
        .select_related("topic", "department")
        .order_by("pk")
        .first()
    )
    reporter = client_of(department_user(item), "write")

    def report():
        response = reporter.post(
            f"/api/items/{item.pk}/reports/",
            {"percent_done": 40, "text": "基准测试：施工推进中", "files": [png()]},
            format="multipart",
        )
        assert response.status_code == 201, response.content

    report_ms, _report_queries = timed(f"POST /api/items/{item.pk}/reports/", report)

    member = committee_member(item.topic.committee)
    reader = client_of(member, "read")
    year = timezone.localdate().year

    def read_record():
        response = reader.get("/api/duty-record/", {"year": year})
        assert response.status_code == 200, response.content
        assert response.json()["lines"], "the generated member has no line this year"

    record_ms, _record_queries = timed("GET /api/duty-record/", read_record)
    print(
        f"api: topics={Topic.objects.count()} list_ms={list_ms:.0f} "
        f"item_report_ms={report_ms:.0f} duty_record_ms={record_ms:.0f} "
        f"queries_list={list_queries}"
    )


if __name__ == "__main__":
    main()
