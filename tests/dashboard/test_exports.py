"""Excel exports open with openpyxl, their rows match the page, headers in the user's language."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from tests.cast import Cast
from topics.models import Stage
from topics.selectors import topic_list

from .data import generate

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year


@pytest.fixture
def data(db):
    return generate(committees=2, years=(YEAR - 1, YEAR), topics_per_year=15, seed=3)


def workbook(response):
    assert response.status_code == 200
    assert (
        response["Content-Type"]
        == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"].startswith("attachment;")
    return load_workbook(io.BytesIO(response.content), read_only=True)


def rows_of(sheet):
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def translated(*texts, language):
    with translation.override(language):
        return [translation.gettext(text) for text in texts]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_topic_list_export_has_the_filtered_list_row_for_row(client, data, language):
    office = data["office"]
    client.force_login(office)
    client.cookies["django_language"] = language
    query = {"year": YEAR, "stage": Stage.FOLLOW_UP.value}
    listed = list(topic_list(office, year=YEAR, stage=Stage.FOLLOW_UP.value))
    assert client.get(reverse("topics:list"), query).context["total"] == len(listed) > 0

    rows = rows_of(workbook(client.get(reverse("dashboard:topics_export"), query)).active)

    assert rows[0] == translated(
        "Title",
        "Committee",
        "Year",
        "Stage",
        "State",
        "Source channel",
        "Category",
        "Proposing body",
        "Evaluation score",
        "Evaluation grade",
        language=language,
    )
    with translation.override(language):
        assert rows[1:] == [
            [
                topic.title,
                topic.committee.name,
                topic.year,
                str(topic.stage.label),
                topic.get_state_display(),
                topic.get_channel_display(),
                topic.get_category_display(),
                topic.proposer_body.name if topic.proposer_body else None,
                None,
                None,
            ]
            for topic in listed
        ]


def test_the_export_with_no_filter_has_every_visible_topic_and_the_results(client, data):
    client.force_login(data["office"])
    rows = rows_of(workbook(client.get(reverse("dashboard:topics_export"))).active)[1:]
    listed = list(topic_list(data["office"]))
    assert [row[0] for row in rows] == [topic.title for topic in listed]
    graded = [
        (row[8], row[9])
        for row, topic in zip(rows, listed, strict=True)
        if hasattr(topic, "evaluation_result")
    ]
    assert graded and all(score is not None and grade for score, grade in graded)


def test_a_department_exports_only_the_topics_it_may_see(client, data):
    cast = Cast()
    client.force_login(cast.department_user)
    assert rows_of(workbook(client.get(reverse("dashboard:topics_export"))).active)[1:] == []


def test_the_dashboard_export_has_one_sheet_per_table(client, data):
    client.force_login(data["office"])
    figures = client.get(reverse("dashboard:index"), {"year": YEAR}).context["figures"]
    book = workbook(client.get(reverse("dashboard:export"), {"year": YEAR}))
    assert len(book.sheetnames) == len(figures)
    for sheet, figure in zip(book.worksheets, figures, strict=True):
        rows = rows_of(sheet)
        assert rows[0] == [str(column) for column in figure.columns]
        assert rows[1:] == [
            [
                row.label,
                *(float(v) if v is not None and not isinstance(v, int) else v for v in row.values),
            ]
            for row in figure.rows
        ]


def test_the_assessment_export_matches_the_page(client, data):
    client.force_login(data["office"])
    client.cookies["django_language"] = "en"
    figure = client.get(reverse("dashboard:assessment"), {"year": YEAR}).context["figure"]
    rows = rows_of(
        workbook(client.get(reverse("dashboard:assessment_export"), {"year": YEAR})).active
    )
    assert rows[0][:3] == ["Responsible department", "Items assigned", "Completed on time"]
    assert [row[:7] for row in rows[1:]] == [[row.label, *row.values[:6]] for row in figure.rows]
