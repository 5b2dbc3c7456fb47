"""A member asks for leave before a session, with a reason; office staff approve (the member
is then on leave, in the session's lists and the minutes) or refuse with a reason."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from consultations.services import minutes_save
from core.workflow import TransitionRefused
from documents.minutes import particulars_of
from duties.models import Attendance, LeaveLog, LeaveRequest
from duties.services import leave_decide, leave_request_create
from tests.helpers import assert_unchanged, db_state, refused
from tests.workflow import run_step

from .conftest import ALL_ACTORS


@pytest.fixture
def asked(cast, later_session):
    return leave_request_create(event=later_session, member=cast.member, reason="出差在外")


def test_office_approves_and_the_member_is_on_leave(cast, later_session, asked):
    leave_decide(request=asked, actor=cast.office, approve=True)
    asked = LeaveRequest.objects.get(pk=asked.pk)
    assert (asked.state, asked.decided_by) == (LeaveRequest.State.APPROVED, cast.office)
    record = Attendance.objects.get(session=later_session.obj, member=cast.member)
    assert (record.status, record.source) == (Attendance.Status.LEAVE, Attendance.Source.LEAVE)
    assert list(later_session.obj.members_on_leave.all()) == [cast.member]
    log = LeaveLog.objects.get(request=asked)
    assert (log.actor, log.transition, log.source, log.target) == (
        cast.office,
        "approve",
        "pending",
        "approved",
    )


def test_office_refuses_with_a_reason_only(cast, asked):
    error = refused(ValidationError, leave_decide, request=asked, actor=cast.office, approve=False)
    assert "note" in error.message_dict
    leave_decide(request=asked, actor=cast.office, approve=False, note="本次会议需到场表决")
    asked = LeaveRequest.objects.get(pk=asked.pk)
    assert asked.state == LeaveRequest.State.REFUSED
    assert not Attendance.objects.exists()


def test_a_decided_request_cannot_be_decided_again(cast, asked):
    leave_decide(request=asked, actor=cast.office, approve=True)
    refused(
        TransitionRefused, leave_decide, request=asked, actor=cast.office, approve=False, note="x"
    )


@pytest.mark.parametrize("key", [k for k in ALL_ACTORS if k != "office"])
def test_only_office_staff_decide(cast, asked, key):
    refused(PermissionDenied, leave_decide, request=asked, actor=cast.actor(key), approve=True)


def test_office_staff_of_another_committee_cannot_decide(cast, asked):
    refused(
        PermissionDenied,
        leave_decide,
        request=asked,
        actor=cast.other("office_staff"),
        approve=True,
    )


def test_leave_is_asked_for_before_the_session_only(cast, session_event):
    session = session_event.obj
    session.starts_at = timezone.now() - dt.timedelta(minutes=5)
    session.save()
    error = refused(
        ValidationError, leave_request_create, event=session_event, member=cast.member, reason="x"
    )
    assert "请假须在活动开始" in error.message_dict["reason"][0]


def test_a_reason_is_required_and_one_request_stands_per_session(cast, later_session, asked):
    refused(
        ValidationError, leave_request_create, event=later_session, member=cast.proposer, reason=" "
    )
    refused(
        ValidationError,
        leave_request_create,
        event=later_session,
        member=cast.member,
        reason="再请",
    )
    leave_decide(request=asked, actor=cast.office, approve=False, note="需到场")
    # After a refusal the member may ask again.
    assert leave_request_create(event=later_session, member=cast.member, reason="家中急事")


@pytest.mark.parametrize("key", [k for k in ALL_ACTORS if k not in ("proposer", "member")])
def test_only_members_ask_for_leave(cast, later_session, key):
    refused(
        PermissionDenied,
        leave_request_create,
        event=later_session,
        member=cast.actor(key),
        reason="x",
    )


def test_the_leave_pages(client, cast, later_session):
    url = reverse("duties:leave_request", args=["session", later_session.pk])
    client.force_login(cast.member)
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": ""})
    assert response.status_code == 400
    assert client.post(url, {"reason": "参加市里培训"}).status_code == 302
    asked = LeaveRequest.objects.get()
    decide = reverse("duties:leave_decide", args=[asked.pk])
    assert client.get(decide).status_code == 403
    client.force_login(cast.office)
    home = client.get(reverse("duties:home"))
    assert decide in home.content.decode()
    assert decide in client.get(reverse("portal:home")).content.decode()  # the office's to-do
    response = client.post(decide, {"decision": "refuse", "note": "", "expected_state": "pending"})
    assert response.status_code == 400
    response = client.post(decide, {"decision": "approve", "note": "", "expected_state": "pending"})
    assert response.status_code == 302
    asked = LeaveRequest.objects.get(pk=asked.pk)
    assert asked.state == LeaveRequest.State.APPROVED


def test_leave_pages_of_another_committee_are_not_found(client, cast, later_session, asked):
    for key in ("office_staff", "member"):
        client.force_login(cast.other(key))
        before = db_state()
        url = reverse("duties:leave_request", args=["session", later_session.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, {"reason": "x"}).status_code == 404
        assert (
            client.post(
                reverse("duties:leave_decide", args=[asked.pk]),
                {"decision": "approve", "expected_state": "pending"},
            ).status_code
            == 404
        )
        assert_unchanged(before)


def test_the_approved_leave_reaches_the_minutes(cast, later_session, asked):
    leave_decide(request=asked, actor=cast.office, approve=True)
    topic = later_session.topic
    topic.refresh_from_db()
    # Once the session is held, the office records it from the session's lists.
    with time_machine.travel(timezone.now() + dt.timedelta(days=8)):
        run_step(
            topic,
            "record_session",
            cast.office,
            cast,
            members=[cast.proposer],
            members_on_leave=list(later_session.obj.members_on_leave.all()),
        )
        topic.refresh_from_db()
        minutes = minutes_save(topic=topic, actor=cast.office, text="纪要")
    particulars = particulars_of(minutes, dated=timezone.localdate())
    assert particulars["on_leave"] == [str(cast.member)]
