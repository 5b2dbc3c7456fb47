"""The annual work report: asked for on a page, built by a Celery task with its progress shown,
downloaded when ready; for office staff and leaders of the committee only."""

import datetime as dt
from io import BytesIO

import pdfplumber
import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

import documents.services
from documents.models import AnnualReport
from documents.services import annual_report_build
from tests.helpers import assert_unchanged, db_state
from tests.workflow import advance, today
from topics.models import State

from .pdfs import pdftotext, text_only


@pytest.fixture
def year_of_work(cast):
    cast.everyone()
    advance(cast.topic(title="费市家苑小区管道燃气"), State.CLOSED, cast=cast)
    advance(cast.topic(title="杜姚线二期路灯"), State.MINUTES_SUBMITTED, cast=cast)
    cast.topic(title="居家养老服务")
    return cast


def ask(client, cast, django_capture_on_commit_callbacks, **data):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(
            reverse("documents:annual_reports"),
            {"committee": cast.committee.pk, "year": today().year} | data,
        )


@pytest.mark.slow  # over 3 s on two workers: builds the annual report PDF
def test_the_report_is_built_after_the_request_and_downloaded(
    client, year_of_work, django_capture_on_commit_callbacks
):
    cast = year_of_work
    client.force_login(cast.office)

    response = ask(client, cast, django_capture_on_commit_callbacks)

    report = AnnualReport.objects.get()
    assert response.status_code == 302
    assert (report.state, report.progress, report.requested_by) == (
        AnnualReport.State.DONE,
        100,
        cast.office,
    )
    status = client.get(reverse("documents:annual_report_status", args=[report.pk])).json()
    download = reverse("documents:annual_report_download", args=[report.pk])
    assert status == {
        "state": "done",
        "label": str(AnnualReport.State.DONE.label),
        "progress": 100,
        "download": download,
    }
    content = b"".join(client.get(download).streaming_content)
    text = text_only(pdftotext(content))
    assert f"{today().year}年度计划召开协商议事会35次，已召开2次" in text
    assert "费市家苑小区管道燃气" in text and "杜姚线二期路灯" in text  # sessions held
    closed = [row for row in tables_of(content) if row[0].startswith("费市家苑")]
    _title, number, follow_up, evaluation = closed[0]
    assert number == f"{cast.committee.short_name}纪〔{today().year}〕1号"
    assert follow_up == "1项，已核实办结1项"
    # 95 × 40% + 90 × 40% + 85 × 20%, with the grade and the evaluator
    assert evaluation.startswith("91.00分（") and evaluation.endswith(cast.evaluator_org.name)


def tables_of(content):
    """The rows of every ruled table, each cell's text without line breaks."""
    with pdfplumber.open(BytesIO(content)) as pdf:
        return [
            [text_only(cell or "") for cell in row]
            for page in pdf.pages
            for table in page.extract_tables()
            for row in table
        ]


def test_a_pending_report_shows_its_progress_and_a_second_request_reuses_it(client, cast):
    cast.everyone()
    client.force_login(cast.leader)
    data = {"committee": cast.committee.pk, "year": today().year}

    client.post(reverse("documents:annual_reports"), data)  # the task runs only after commit
    client.post(reverse("documents:annual_reports"), data)

    report = AnnualReport.objects.get()
    assert report.state == AnnualReport.State.QUEUED
    page = client.get(reverse("documents:annual_reports"))
    assert reverse("documents:annual_report_status", args=[report.pk]) in page.content.decode()
    status = client.get(reverse("documents:annual_report_status", args=[report.pk])).json()
    assert (status["state"], status["download"]) == ("queued", None)
    assert (
        client.get(reverse("documents:annual_report_download", args=[report.pk])).status_code == 404
    )


def test_a_report_whose_task_was_lost_is_asked_for_again(client, cast):
    cast.everyone()
    client.force_login(cast.office)
    data = {"committee": cast.committee.pk, "year": today().year}
    with time_machine.travel(timezone.now() - dt.timedelta(hours=1)):
        client.post(reverse("documents:annual_reports"), data)  # its task never ran

    client.post(reverse("documents:annual_reports"), data)

    lost, queued = AnnualReport.objects.order_by("requested_at")
    assert (lost.state, queued.state) == (AnnualReport.State.FAILED, AnnualReport.State.QUEUED)


def test_building_twice_keeps_the_first_report(cast):
    cast.everyone()
    report = AnnualReport.objects.create(
        committee=cast.committee, year=today().year, requested_by=cast.office
    )
    built = annual_report_build(report_id=report.pk)
    before = db_state()

    again = annual_report_build(report_id=report.pk)

    assert again.file.name == built.file.name
    assert_unchanged(before)


def test_a_failed_build_says_so(cast, monkeypatch):
    cast.everyone()
    report = AnnualReport.objects.create(
        committee=cast.committee, year=today().year, requested_by=cast.office
    )

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(documents.services, "render_pdf", broken)
    failed = annual_report_build(report_id=report.pk)

    assert failed.state == AnnualReport.State.FAILED and not failed.file


def test_only_office_staff_and_leaders_of_the_committee(
    client, cast, django_capture_on_commit_callbacks
):
    cast.everyone()
    client.force_login(cast.office)
    ask(client, cast, django_capture_on_commit_callbacks)
    report = AnnualReport.objects.get()
    report_urls = [
        reverse("documents:annual_report_status", args=[report.pk]),
        reverse("documents:annual_report_download", args=[report.pk]),
    ]

    for key in ("office", "leader"):
        client.force_login(cast.actor(key))
        home = client.get(reverse("portal:home")).content.decode()
        assert home.count(reverse("documents:annual_reports")) == 1
        pages = [reverse("documents:annual_reports"), *report_urls]
        assert {client.get(url).status_code for url in pages} == {200}
    for key in ("member", "chair", "department_user", "evaluator_user"):
        client.force_login(cast.actor(key))
        before = db_state()
        assert (
            reverse("documents:annual_reports")
            not in client.get(reverse("portal:home")).content.decode()
        )
        assert client.get(reverse("documents:annual_reports")).status_code == 403
        assert ask(client, cast, django_capture_on_commit_callbacks).status_code == 403
        assert {client.get(url).status_code for url in report_urls} == {404}
        assert_unchanged(before)
    client.force_login(cast.other("office_staff"))
    assert {client.get(url).status_code for url in report_urls} == {404}
    response = ask(client, cast, django_capture_on_commit_callbacks)
    assert response.status_code == 400 and "committee" in response.context["form"].errors


@pytest.mark.parametrize("year", ["", "1999", "二〇二六"])
def test_a_bad_year_is_refused_with_a_reason(client, cast, year):
    cast.everyone()
    client.force_login(cast.office)
    data = {"committee": cast.committee.pk, "year": year}
    response = client.post(reverse("documents:annual_reports"), data)
    assert response.status_code == 400
    assert response.context["form"].errors["year"]
    assert not AnnualReport.objects.exists()
