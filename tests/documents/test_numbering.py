"""Issuing numbers (…纪〔2026〕12号): per committee and year, at the first submission of a
topic's minutes, never reused, never duplicated, also when two submissions race."""

import datetime as dt
import threading
import time

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

import documents.services
from consultations.models import Minutes
from documents.models import IssuingCounter
from documents.tasks import render_minutes_pdf
from tests.cast import Cast
from tests.workflow import advance, run_step
from topics.models import State, Topic

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="row locks need PostgreSQL (SQLite serialises writers)",
)


def deliberated(cast, title):
    return advance(cast.topic(title=title), State.DELIBERATED, cast=cast)


def submit(cast, topic, **overrides):
    run_step(Topic.objects.get(pk=topic.pk), "submit_minutes", cast.office, cast, **overrides)
    return Minutes.objects.get(topic=topic)


def test_numbers_follow_each_other_per_committee_and_year(db):
    jiangbei, other = Cast(), Cast()
    jiangbei.everyone()
    other.everyone()
    year = timezone.localdate().year
    first = submit(jiangbei, deliberated(jiangbei, "燃气"))
    elsewhere = submit(other, deliberated(other, "路灯"))
    second = submit(jiangbei, deliberated(jiangbei, "供水"))

    short_name = jiangbei.committee.short_name
    assert first.issuing_number == f"{short_name}纪〔{year}〕1号"
    assert second.issuing_number == f"{short_name}纪〔{year}〕2号"
    assert (second.issuing_year, second.issuing_serial) == (year, 2)
    assert elsewhere.issuing_number == f"{other.committee.short_name}纪〔{year}〕1号"


def test_a_resubmission_keeps_the_number_and_the_next_year_starts_again(cast):
    cast.everyone()
    topic = deliberated(cast, "燃气")
    minutes = submit(cast, topic)
    run_step(Topic.objects.get(pk=topic.pk), "return_minutes", cast.leader_a, cast)
    assert submit(cast, topic, text="修改稿").issuing_number == minutes.issuing_number
    assert minutes.versions.count() == 2

    next_year = timezone.localdate().year + 1
    later = deliberated(cast, "供水")
    with time_machine.travel(
        dt.datetime(next_year, 1, 2, 9, tzinfo=timezone.get_current_timezone())
    ):
        assert (
            submit(cast, later).issuing_number == f"{cast.committee.short_name}纪〔{next_year}〕1号"
        )
    assert IssuingCounter.objects.get(committee=cast.committee, year=next_year - 1).last_serial == 1


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_submissions_at_the_same_moment_get_consecutive_numbers(monkeypatch):
    cast = Cast()
    cast.everyone()
    topics = [deliberated(cast, title) for title in ("燃气", "供水", "路灯", "电梯")]
    issue = documents.services.minutes_number_issue
    waited = threading.Event()

    def slow_issue(**kwargs):
        # Whoever numbers first holds the counter's lock a while: the other surely waits on it.
        number = issue(**kwargs)
        waited.set()
        time.sleep(0.3)
        return number

    monkeypatch.setattr(documents.services, "minutes_number_issue", slow_issue)
    # Numbers are the point here; the PDFs rendered after commit would only slow the threads.
    monkeypatch.setattr(render_minutes_pdf, "delay", lambda version_id: None)

    # The first race creates the year's counter row, the second finds it in place.
    race(cast, topics[:2])
    race(cast, topics[2:])

    assert waited.is_set()
    serials = [Minutes.objects.get(topic=topic).issuing_serial for topic in topics]
    assert sorted(serials[:2]) == [1, 2] and sorted(serials[2:]) == [3, 4]
    assert IssuingCounter.objects.get(committee=cast.committee).last_serial == 4


def race(cast, topics):
    start = threading.Barrier(len(topics))
    errors = []

    def submit_at_once(topic):
        try:
            start.wait()
            submit(cast, topic)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit_at_once, args=(topic,)) for topic in topics]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors
