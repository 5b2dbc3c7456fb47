"""Benchmark: one reminder sweep over 100,000 open follow-up items, on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/weiyuan \
        .venv/bin/python bench/reminders.py [--items N]

Works in a throwaway database (test_<name>, created and dropped like the test runner does).
One committee with 2 office staff, 100 departments of one user each, 200 topics in follow-up
and 100,000 open items whose due dates are spread over a year, from half a year ago to half a
year ahead. Then one sweep, as Celery beat runs it with tasks in-process: it writes the
reminders (due soon, due today, overdue, and overdue escalated to the office) and delivers
them, one e-mail per recipient, through a backend that builds each message but sends it
nowhere.

The last line: reminders: items=… seconds=… peak_mb=… queries=… sent=…
(seconds and queries of the sweep alone; peak_mb is the process's peak resident memory;
sent counts the reminders delivered.)
"""

import argparse
import datetime as dt
import logging
import os
import resource
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
django.setup()

from django.conf import settings  # noqa: E402
from django.core.mail.backends.base import BaseEmailBackend  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from consultations.models import FollowUpItem  # noqa: E402
from notifications.models import Notification  # noqa: E402
from notifications.sweep import reminders_sweep  # noqa: E402
from people.models import Committee, Department, Membership, User  # noqa: E402
from people.roles import Role  # noqa: E402
from topics.models import State, Topic  # noqa: E402

TOPICS = 200
DEPARTMENTS = 100
CHUNK = 5_000


class BuildingBackend(BaseEmailBackend):
    """Builds each message as SMTP would send it, and counts it."""

    sent = 0

    def send_messages(self, email_messages):
        for message in email_messages:
            message.message().as_bytes()
            BuildingBackend.sent += 1
        return len(email_messages)


def populate(items):
    committee = Committee.objects.create(name="宁波市江北区政协（基准）", short_name="江北政协")
    office = []
    for number in range(2):
        user = User.objects.create(username=f"office{number}", email=f"office{number}@example.org")
        Membership.objects.create(user=user, committee=committee, role=Role.OFFICE_STAFF)
        office.append(user)
    departments = Department.objects.bulk_create(
        Department(committee=committee, name=f"承办部门{number}") for number in range(DEPARTMENTS)
    )
    for department in departments:
        user = User.objects.create(
            username=f"dept{department.pk}", email=f"dept{department.pk}@example.org"
        )
        Membership.objects.create(
            user=user, committee=committee, role=Role.DEPARTMENT, department=department
        )
    topics = Topic.objects.bulk_create(
        Topic(
            committee=committee,
            year=2026,
            title=f"老旧小区改造议题{number}",
            description="基准测试",
            category=Topic.Category.OLD_COMMUNITIES,
            channel=Topic.Channel.PARTY_GOVERNMENT,
            state=State.FOLLOWING_UP,
            created_by=office[0],
        )
        for number in range(TOPICS)
    )
    today = timezone.localdate()
    for start in range(0, items, CHUNK):
        FollowUpItem.objects.bulk_create(
            FollowUpItem(
                topic=topics[number % TOPICS],
                department=departments[number % DEPARTMENTS],
                task=f"落实协商意见第{number}项：完成管网改造并报送佐证材料",
                due_on=today + dt.timedelta(days=number % 365 - 182),
                created_by=office[0],
            )
            for number in range(start, min(start + CHUNK, items))
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=100_000)
    items = parser.parse_args().items
    if connection.vendor != "postgresql":
        sys.exit("bench/reminders.py measures PostgreSQL: set DATABASE_URL=postgres://…")
    logging.getLogger("celery").setLevel(logging.WARNING)
    settings.EMAIL_BACKEND = f"{__name__}.BuildingBackend"
    original_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        populate(items)
        queries = 0

        def count(execute, sql, params, many, context):
            nonlocal queries
            queries += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            started = time.perf_counter()
            reminders_sweep()
            seconds = time.perf_counter() - started
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        sent = Notification.objects.filter(state=Notification.State.DONE).count()
        print(
            f"{sent} reminders delivered to the inboxes and in {BuildingBackend.sent} e-mails, "
            f"one per recipient."
        )
        print(
            f"reminders: items={items} seconds={seconds:.1f} peak_mb={peak_mb:.0f} "
            f"queries={queries} sent={sent}"
        )
    finally:
        connection.creation.destroy_test_db(original_name, verbosity=0)


if __name__ == "__main__":
    main()
