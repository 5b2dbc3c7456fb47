"""A member disputes a line of their record with a reason; office staff accept (the line no
longer counts) or reject it, with a reason; each decision is recorded."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from core.workflow import TransitionRefused
from duties.models import Dispute, DisputeLog, LineKind
from duties.selectors import duty_record
from duties.services import dispute_decide, dispute_raise
from people.models import Membership
from people.roles import Role
from tests.helpers import assert_unchanged, db_state, refused

from .conftest import ALL_ACTORS


def year():
    return timezone.localdate().year


@pytest.fixture
def owner(cast, busy):
    return Membership.objects.get(user=cast.member, committee=cast.committee, role=Role.MEMBER)


@pytest.fixture
def missed_line(cast, owner):
    record = duty_record(cast.member, year(), committee=cast.committee)
    return next(line for line in record.lines if line.kind == LineKind.SESSION_MISSED)


@pytest.fixture
def raised(cast, owner, missed_line):
    return dispute_raise(
        owner=owner,
        year=year(),
        line_key=missed_line.key,
        reason="当天已到场签到",
        actor=cast.member,
    )


def test_an_accepted_dispute_takes_the_line_out_of_the_points(cast, raised, missed_line):
    before = duty_record(cast.member, year(), committee=cast.committee)
    assert before.line(missed_line.key).dispute == raised
    dispute_decide(dispute=raised, actor=cast.office, accept=True, note="核实签到记录属实")
    after = duty_record(cast.member, year(), committee=cast.committee)
    line = after.line(missed_line.key)
    assert not line.counted
    assert after.points == before.points + 2
    log = DisputeLog.objects.get(dispute=raised)
    assert (log.actor, log.transition, log.comment) == (cast.office, "accept", "核实签到记录属实")


def test_a_rejected_dispute_leaves_the_line_and_may_be_raised_again(
    cast, owner, raised, missed_line
):
    dispute_decide(dispute=raised, actor=cast.office, accept=False, note="无签到记录")
    record = duty_record(cast.member, year(), committee=cast.committee)
    assert record.line(missed_line.key).counted
    assert record.line(missed_line.key).disputable
    again = dispute_raise(
        owner=owner, year=year(), line_key=missed_line.key, reason="补充证明", actor=cast.member
    )
    assert again.state == Dispute.State.OPEN


def test_a_line_is_disputed_once_at_a_time(cast, owner, raised, missed_line):
    refused(
        ValidationError,
        dispute_raise,
        owner=owner,
        year=year(),
        line_key=missed_line.key,
        reason="再次",
        actor=cast.member,
    )


def test_only_a_line_of_the_record_can_be_disputed(cast, owner):
    refused(
        ValidationError,
        dispute_raise,
        owner=owner,
        year=year(),
        line_key="proposed:999999",
        reason="x",
        actor=cast.member,
    )


def test_a_reason_is_required(cast, owner, missed_line):
    refused(
        ValidationError,
        dispute_raise,
        owner=owner,
        year=year(),
        line_key=missed_line.key,
        reason="  ",
        actor=cast.member,
    )


@pytest.mark.parametrize("key", [k for k in ALL_ACTORS if k != "member"])
def test_only_the_member_disputes_their_own_record(cast, owner, missed_line, key):
    refused(
        PermissionDenied,
        dispute_raise,
        owner=owner,
        year=year(),
        line_key=missed_line.key,
        reason="x",
        actor=cast.actor(key),
    )


@pytest.mark.parametrize("key", [k for k in ALL_ACTORS if k != "office"])
def test_only_office_staff_decide_a_dispute(cast, raised, key):
    refused(
        PermissionDenied,
        dispute_decide,
        dispute=raised,
        actor=cast.actor(key),
        accept=True,
        note="x",
    )


def test_a_decision_needs_a_reason_and_is_taken_once(cast, raised):
    refused(
        ValidationError, dispute_decide, dispute=raised, actor=cast.office, accept=True, note=""
    )
    dispute_decide(dispute=raised, actor=cast.office, accept=False, note="无依据")
    refused(
        TransitionRefused, dispute_decide, dispute=raised, actor=cast.office, accept=True, note="x"
    )


def test_the_dispute_pages(client, cast, owner, missed_line):
    url = reverse(
        "duties:dispute", args=[cast.committee.pk, cast.member.pk, year(), missed_line.key]
    )
    client.force_login(cast.member)
    record_page = client.get(
        reverse("duties:record", args=[cast.committee.pk, cast.member.pk, year()])
    )
    assert url in record_page.content.decode()
    assert client.get(url).status_code == 200
    assert client.post(url, {"reason": ""}).status_code == 400
    assert client.post(url, {"reason": "当天在场"}).status_code == 302
    raised = Dispute.objects.get()
    decide = reverse("duties:dispute_decide", args=[raised.pk])
    assert client.get(decide).status_code == 403
    client.force_login(cast.office)
    assert client.get(url).status_code == 403
    assert decide in client.get(reverse("duties:home")).content.decode()
    response = client.post(decide, {"decision": "accept", "note": "", "expected_state": "open"})
    assert response.status_code == 400
    response = client.post(decide, {"decision": "accept", "note": "属实", "expected_state": "open"})
    assert response.status_code == 302
    assert Dispute.objects.get().state == Dispute.State.ACCEPTED
    # A stale page cannot decide again.
    response = client.post(
        decide, {"decision": "reject", "note": "x", "expected_state": "open"}, follow=True
    )
    assert Dispute.objects.get().state == Dispute.State.ACCEPTED


def test_dispute_pages_of_another_committee_are_not_found(client, cast, raised, missed_line):
    url = reverse(
        "duties:dispute", args=[cast.committee.pk, cast.member.pk, year(), missed_line.key]
    )
    for key in ("office_staff", "member"):
        client.force_login(cast.other(key))
        before = db_state()
        assert client.post(url, {"reason": "x"}).status_code == 404
        assert (
            client.post(
                reverse("duties:dispute_decide", args=[raised.pk]),
                {"decision": "accept", "note": "x", "expected_state": "open"},
            ).status_code
            == 404
        )
        assert_unchanged(before)


def test_a_line_not_in_the_record_has_no_dispute_page(client, cast, owner):
    client.force_login(cast.member)
    url = reverse("duties:dispute", args=[cast.committee.pk, cast.member.pk, year(), "rating:0"])
    assert client.get(url).status_code == 404
