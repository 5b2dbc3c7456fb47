"""The duties through the API, by the same rules as the pages: a member reads their own duty
record and office staff everyone's; only office staff record attendance; another committee's
member or event is not found; a refused write changes nothing."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from duties.models import Attendance
from duties.selectors import duty_record
from people.roles import Role
from tests.helpers import assert_unchanged, db_state

from .conftest import ALL_ACTORS


def record_of(client, **query):
    return client.get(reverse("api:duty-record"), query)


def test_a_member_reads_their_own_record_line_by_line(cast, busy, api_as):
    response = record_of(api_as(cast.member))
    assert response.status_code == 200
    body = response.json()
    expected = duty_record(cast.member, timezone.localdate().year, committee=cast.committee)
    assert body["member"] == cast.member.pk and body["committee"] == cast.committee.pk
    assert [line["key"] for line in body["lines"]] == [line.key for line in expected.lines]
    assert Decimal(body["points"]) == expected.points
    assert {total["kind"]: total["count"] for total in body["totals"]} == {
        total.kind: total.count for total in expected.totals
    }
    assert any(line["title"] == busy.title for line in body["lines"])


def test_office_staff_read_every_members_record_and_others_are_refused(cast, busy, api_as):
    query = {"member": cast.member.pk, "committee": cast.committee.pk}
    assert record_of(api_as(cast.office), **query).status_code == 200
    for key in ALL_ACTORS:
        if key in ("office", "member"):
            continue
        response = record_of(api_as(cast.actor(key)), **query)
        assert response.status_code == 403, key
        assert response.json()["error"]["code"] == "permission_denied"
    for role in (Role.OFFICE_STAFF, Role.MEMBER):
        response = record_of(api_as(cast.other(role)), **query)
        assert response.status_code == 404, role
        assert response.json()["error"]["code"] == "not_found"


def test_a_user_who_is_no_member_has_no_record(cast, api_as):
    response = record_of(api_as(cast.chair))
    assert response.status_code == 404


def sheet(*entries):
    return {"attendance": [{"member": member.pk, "status": status} for member, status in entries]}


def test_office_staff_record_attendance_through_the_api(cast, session_event, api_as):
    url = reverse("api:attendance", args=["session", session_event.pk])
    response = api_as(cast.office).post(
        url, sheet((cast.proposer, "present"), (cast.member, "leave")), format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["attendance"] == sorted(
        [
            {"member": cast.proposer.pk, "status": "present"},
            {"member": cast.member.pk, "status": "leave"},
        ],
        key=lambda row: row["member"],
    )
    session = session_event.obj
    assert list(session.members.all()) == [cast.proposer]
    assert list(session.members_on_leave.all()) == [cast.member]
    assert Attendance.objects.get(member=cast.proposer).recorded_by == cast.office


@pytest.mark.parametrize("key", [key for key in ALL_ACTORS if key != "office"])
def test_only_office_staff_record_attendance(cast, session_event, api_as, key):
    url = reverse("api:attendance", args=["session", session_event.pk])
    client = api_as(cast.actor(key))
    before = db_state()
    response = client.post(url, sheet((cast.proposer, "present")), format="json")
    assert response.status_code == 403
    assert not Attendance.objects.exists()
    assert_unchanged(before)


def test_another_committees_event_is_not_found(cast, session_event, api_as):
    url = reverse("api:attendance", args=["session", session_event.pk])
    response = api_as(cast.other(Role.OFFICE_STAFF)).post(
        url, sheet((cast.proposer, "present")), format="json"
    )
    assert response.status_code == 404
    bad_kind = api_as(cast.office).post(
        reverse("api:attendance", args=["party", session_event.pk]), sheet(), format="json"
    )
    assert bad_kind.status_code == 404
    assert not Attendance.objects.exists()


def test_bad_attendance_is_refused_with_reasons(cast, session_event, api_as):
    url = reverse("api:attendance", args=["session", session_event.pk])
    client = api_as(cast.office)
    wrong_status = client.post(url, sheet((cast.proposer, "asleep")), format="json")
    assert wrong_status.status_code == 400
    assert wrong_status.json()["error"]["code"] == "invalid"
    unknown = client.post(
        url, {"attendance": [{"member": 999999, "status": "present"}]}, format="json"
    )
    assert unknown.status_code == 400 and "999999" in str(unknown.json()["error"]["fields"])
    outsider = cast.other(Role.MEMBER)
    not_here = client.post(url, sheet((outsider, "present")), format="json")
    assert not_here.status_code == 400
    assert not Attendance.objects.exists()


def test_a_read_token_cannot_record_attendance(cast, session_event, api_as):
    url = reverse("api:attendance", args=["session", session_event.pk])
    response = api_as(cast.office, scope="read").post(
        url, sheet((cast.proposer, "present")), format="json"
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "read_only_token"
    assert not Attendance.objects.exists()
