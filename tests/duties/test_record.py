"""The duty record (履职档案): computed line by line from the work recorded, each line with the
record that earned it and its points under the year's version of the scoring rule."""

import datetime as dt
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from duties.models import LineKind, ScoringRule
from duties.selectors import duty_record, records_overview
from duties.services import scoring_rule_first, scoring_rule_version_create
from people.models import CommitteeBody
from tests.helpers import assert_unchanged, db_state, refused
from tests.people.factories import UserFactory
from tests.workflow import advance
from topics.services import cosignature_confirm

from .conftest import ALL_ACTORS, WEIGHTS


def year():
    return timezone.localdate().year


def counts(record):
    return {total.kind: total.count for total in record.totals if total.count}


def test_each_line_comes_from_its_record_with_its_points(cast, busy):
    proposer = duty_record(cast.proposer, year())
    # Three topics proposed and researched; one session held so far, one item rated.
    assert counts(proposer) == {
        LineKind.PROPOSED: 3,
        LineKind.RESEARCH: 3,
        LineKind.SESSION_ATTENDED: 1,
        LineKind.RATING: 1,
    }
    assert proposer.points == Decimal(3 * 5 + 3 * 2 + 2 + 1)
    proposed = next(line for line in proposer.lines if line.kind == LineKind.PROPOSED)
    assert proposed.url == busy.get_absolute_url()
    assert proposed.key == f"proposed:{busy.pk}"
    assert "Under evaluation" in proposed.detail or "评价" in proposed.detail

    member = duty_record(cast.member, year())
    assert counts(member) == {
        LineKind.COSIGNED: 1,
        LineKind.RESEARCH: 3,
        LineKind.SESSION_ATTENDED: 1,
        LineKind.LEAVE: 1,
        LineKind.SESSION_MISSED: 1,
    }
    assert member.points == Decimal(3 + 3 * 2 + 2 + 0 - 2)
    assert member.rule.version == 1


def test_another_year_has_its_own_lines(cast, busy):
    assert duty_record(cast.proposer, year() - 1).lines == []


def test_the_record_reads_seven_queries_whatever_its_size(cast, busy, django_assert_num_queries):
    with django_assert_num_queries(7):
        duty_record(cast.member, year(), committee=cast.committee)


def test_each_year_keeps_the_version_it_was_scored_with(cast):
    scoring_rule_first(
        committee=cast.committee, actor=cast.office, from_year=year() - 1, weights=WEIGHTS
    )
    scoring_rule_version_create(
        committee=cast.committee,
        actor=cast.office,
        from_year=year(),
        weights=WEIGHTS | {"proposed": 8},
        note="提高提出议题分值",
    )
    assert duty_record(cast.proposer, year() - 1, committee=cast.committee).rule.version == 1
    assert duty_record(cast.proposer, year(), committee=cast.committee).rule.version == 2
    error = refused(
        ValidationError,
        scoring_rule_version_create,
        committee=cast.committee,
        actor=cast.office,
        from_year=year() - 1,
        weights=WEIGHTS,
    )
    assert "from_year" in error.message_dict


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"session_missed": 1}, "session_missed"),
        ({"proposed": -1}, "proposed"),
        ({"research": 101}, "research"),
        ({"rating": "many"}, "rating"),
        (dict.fromkeys(WEIGHTS, 0), "__all__"),
    ],
)
def test_weights_are_checked_with_a_clear_error(cast, change, field):
    error = refused(
        ValidationError,
        scoring_rule_version_create,
        committee=cast.committee,
        actor=cast.office,
        from_year=year(),
        weights=WEIGHTS | change,
    )
    assert list(error.message_dict) == [field]


@pytest.mark.parametrize("key", [k for k in ALL_ACTORS if k != "office"])
def test_only_office_staff_change_the_scoring_rule(cast, key):
    refused(
        PermissionDenied,
        scoring_rule_version_create,
        committee=cast.committee,
        actor=cast.actor(key),
        from_year=year(),
        weights=WEIGHTS,
    )


def test_the_scoring_page(client, cast):
    url = reverse("duties:scoring", args=[cast.committee.pk])
    client.force_login(cast.office)
    assert client.get(url).status_code == 200
    data = {"from_year": year(), "note": "首版"} | WEIGHTS
    response = client.post(url, data | {"session_missed": "3"})
    assert response.status_code == 400
    assert response.context["form"].errors["session_missed"]
    assert client.post(url, data).status_code == 302
    assert ScoringRule.objects.get().weights["proposed"] == "5.0"
    for key in ALL_ACTORS:
        if key != "office":
            client.force_login(cast.actor(key))
            assert client.get(url).status_code == 403, key
    client.force_login(cast.other("office_staff"))
    assert client.get(url).status_code == 404


def record_url(cast, member, name="duties:record"):
    return reverse(name, args=[cast.committee.pk, member.pk, year()])


def test_a_member_sees_their_own_record_and_office_staff_everyones(client, cast, busy):
    url = record_url(cast, cast.member)
    for key in ("member", "office"):
        client.force_login(cast.actor(key))
        page = client.get(url)
        assert page.status_code == 200, key
        assert busy.title in page.content.decode()
    for key in ALL_ACTORS:
        if key not in ("member", "office"):
            client.force_login(cast.actor(key))
            assert client.get(url).status_code == 403, key
    for key in ("office_staff", "member"):
        client.force_login(cast.other(key))
        assert client.get(url).status_code == 404, key
    client.logout()
    assert client.get(url).status_code == 302


def test_mine_leads_to_the_members_record(client, cast):
    client.force_login(cast.member)
    assert client.get(reverse("duties:mine"))["Location"] == record_url(cast, cast.member)
    client.force_login(cast.chair)
    assert client.get(reverse("duties:mine")).status_code == 403


def queries_of(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_record_page_reads_a_constant_number_of_queries(client, cast, busy):
    client.force_login(cast.member)
    url = record_url(cast, cast.member)
    before = queries_of(client, url)
    # More lines of every kind: the count does not move.
    more = cast.topic(title="老旧小区改造", cosigners=[cast.member])
    cosignature_confirm(topic=more, member=cast.member)
    advance(more, "session_scheduled", cast=cast)
    assert queries_of(client, url) == before <= 25


def test_the_record_prints_as_a_pdf(client, cast, busy):
    import pdfplumber

    client.force_login(cast.member)
    response = client.get(record_url(cast, cast.member, "duties:record_pdf"))
    assert response["Content-Type"] == "application/pdf"
    with pdfplumber.open(BytesIO(response.content)) as pdf:
        text = "".join(page.extract_text() for page in pdf.pages).replace("\n", "")
    assert "履职档案" in text
    assert "李委员" in text
    assert "费市家苑小区12年未通管道燃气" in text
    assert "缺席" in text  # a document is in Chinese whatever the reader's language


def test_office_staff_see_every_record_by_sector_and_sorted(client, cast, busy):
    sector = CommitteeBody.objects.create(
        committee=cast.committee, kind=CommitteeBody.Kind.SECTOR, name="经济界"
    )
    cast.proposer.bodies.add(sector)
    rows = records_overview(cast.committee.pk, year(), body=sector)
    assert [row.record.member for row in rows] == [cast.proposer]
    assert rows[0].sectors == ["经济界"]
    rows = records_overview(cast.committee.pk, year(), sort="-points")
    assert [row.record.member for row in rows][:2] == [cast.proposer, cast.member]
    rows = records_overview(cast.committee.pk, year(), sort="-missed")
    assert rows[0].record.member == cast.member

    url = reverse("duties:records", args=[cast.committee.pk])
    client.force_login(cast.office)
    page = client.get(url, {"body": sector.pk, "year": year(), "sort": "name"})
    assert page.status_code == 200
    assert [row.record.member for row in page.context["rows"]] == [cast.proposer]
    export = client.get(
        reverse("duties:records_export", args=[cast.committee.pk]), {"year": year()}
    )
    sheet = load_workbook(BytesIO(export.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] in ("Member", "委员")
    names = [row[0] for row in rows[1:]]
    assert "陈提案" in names and "李委员" in names
    for key in ALL_ACTORS:
        if key != "office":
            client.force_login(cast.actor(key))
            assert client.get(url).status_code == 403, key
    client.force_login(cast.other("office_staff"))
    assert client.get(url).status_code == 404


def test_the_overview_reads_a_constant_number_of_queries(client, cast, busy):
    client.force_login(cast.office)
    url = reverse("duties:records", args=[cast.committee.pk])
    before = queries_of(client, url)
    for _ in range(10):
        UserFactory(role="member", committee=cast.committee)
    assert queries_of(client, url) == before <= 25


def test_the_hub_page_for_each_role(client, cast, busy):
    for key in ("member", "office"):
        client.force_login(cast.actor(key))
        assert client.get(reverse("duties:home")).status_code == 200
    for key in ("chair", "leader_a", "department_user", "evaluator_user"):
        client.force_login(cast.actor(key))
        before = db_state()
        assert client.get(reverse("duties:home")).status_code == 403
        assert_unchanged(before)


def test_lines_of_other_committees_stay_out(cast, busy):
    elsewhere = UserFactory(role="member", committee=cast.other_committee)
    assert duty_record(elsewhere, year()).lines == []
    assert dt.date.today()
