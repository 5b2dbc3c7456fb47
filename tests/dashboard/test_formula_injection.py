"""No Excel export writes a formula: a title or a name beginning with = + - @, a tab or a
carriage return is written as text (type `s`), exactly as the user typed it; numbers stay
numbers. Every export: the topic list, the dashboard, the annual assessment, the duty records
(and the audit log's, in tests/audit/test_search_page.py)."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from core.spreadsheets import FORMULA_STARTS, cell
from followup.services import follow_up_item_add
from people.models import CommitteeBody
from tests.cast import Cast
from tests.people.factories import CommitteeBodyFactory, CommitteeFactory, DepartmentFactory
from tests.workflow import advance, today
from topics.models import State

pytestmark = pytest.mark.django_db

EVIL_TITLE = '=HYPERLINK("http://evil","x")'
EVIL_COMMITTEE = '+cmd|" /C calc"!A0'
EVIL_BODY = "@SUM(1+1)*cmd|' /C calc'!A0"
EVIL_DEPARTMENT = "-2+3+cmd|' /C calc'!A0"
EVIL_TITLES = [EVIL_TITLE, "\t=1+1", "\r=1+1"]


@pytest.fixture
def evil():
    """A committee, a body, a department and topics whose names are formulas."""
    cast = Cast(CommitteeFactory(name=EVIL_COMMITTEE))
    cast.everyone()
    body = CommitteeBodyFactory(committee=cast.committee, name=EVIL_BODY)
    department = DepartmentFactory(committee=cast.committee, name=EVIL_DEPARTMENT)
    for title in EVIL_TITLES:
        cast.topic(title=title, proposer_body=body)
    topic = advance(cast.topic(title="正常议题", proposer_body=body), State.FOLLOWING_UP, cast=cast)
    follow_up_item_add(
        topic=topic,
        actor=cast.office,
        task="完成",
        department=department,
        due_on=today() + dt.timedelta(days=5),
    )
    return cast


def cells(client, name, **query):
    response = client.get(reverse(name), query)
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    return [c for sheet in book.worksheets for line in sheet.iter_rows() for c in line]


def assert_text(found, value):
    matching = [c for c in found if c.value == value]
    assert matching, f"{value!r} is not in the workbook"
    for c in matching:
        assert c.data_type == "s", (value, c.coordinate, c.data_type)


def test_the_topic_list_export_writes_formula_titles_and_names_as_text(client, evil):
    client.force_login(evil.office)
    found = cells(client, "dashboard:topics_export")
    for value in [*EVIL_TITLES, EVIL_COMMITTEE, EVIL_BODY]:
        assert_text(found, value)
    assert not [c for c in found if c.data_type == "f"]
    assert {c.value for c in found if c.data_type == "n" and c.value is not None} == {today().year}


def test_the_dashboard_export_writes_formula_names_as_text(client, evil):
    client.force_login(evil.office)
    found = cells(client, "dashboard:export")
    for value in [EVIL_COMMITTEE, f"{EVIL_BODY}（专委会）", EVIL_DEPARTMENT]:
        assert_text(found, value)
    assert not [c for c in found if c.data_type == "f"]
    assert any(c.data_type == "n" and isinstance(c.value, int | float) for c in found)


def test_the_assessment_export_writes_formula_names_as_text(client, evil):
    client.force_login(evil.office)
    found = cells(client, "dashboard:assessment_export")
    assert_text(found, EVIL_DEPARTMENT)
    assert not [c for c in found if c.data_type == "f"]
    department_row = next(c.row for c in found if c.value == EVIL_DEPARTMENT)
    assert [c.value for c in found if c.row == department_row][1] == 1  # one item, a number


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_the_one_helper_writes_every_dangerous_start_as_text(start):
    book = Workbook(write_only=True)
    sheet = book.create_sheet("x")
    value = f"{start}1+1"
    sheet.append([cell(sheet, value), cell(sheet, "普通文字"), cell(sheet, -5), cell(sheet, 2.5)])
    buffer = io.BytesIO()
    book.save(buffer)
    written, plain, negative, number = next(load_workbook(buffer).active.iter_rows())
    assert (written.value, written.data_type, written.quotePrefix) == (value, "s", True)
    assert (plain.value, plain.data_type, plain.quotePrefix) == ("普通文字", "s", False)
    assert (negative.value, negative.data_type) == (-5, "n")
    assert (number.value, number.data_type) == (2.5, "n")


def test_the_duty_record_export_writes_formula_names_as_text(client, evil):
    """Members and sectors named like formulas (duties' export of the duty records)."""
    evil.proposer.full_name = "=1+2"
    evil.proposer.save()
    sector = CommitteeBody.objects.create(
        committee=evil.committee, kind=CommitteeBody.Kind.SECTOR, name="@界别"
    )
    evil.proposer.bodies.add(sector)
    client.force_login(evil.office)
    url = reverse("duties:records_export", args=[evil.committee.pk])
    response = client.get(url, {"year": today().year})
    assert response.status_code == 200
    found = [
        c
        for sheet in load_workbook(io.BytesIO(response.content)).worksheets
        for line in sheet.iter_rows()
        for c in line
    ]
    assert_text(found, "=1+2")
    assert_text(found, "@界别")
    assert not [c for c in found if c.data_type == "f"]
