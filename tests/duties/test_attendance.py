"""Office staff mark attendance; the session's lists and the minutes follow the records."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from audit.models import Action, AuditEvent
from consultations.services import minutes_save
from documents.minutes import particulars_of
from duties.events import event_of
from duties.models import Attendance
from duties.services import attendance_mark
from tests.helpers import assert_unchanged, db_state, refused
from tests.people.factories import UserFactory
from tests.workflow import advance, run_step

from .conftest import ALL_ACTORS

Status = Attendance.Status


def test_office_marks_attendance_and_the_session_lists_follow(cast, session_event):
    attendance_mark(
        event=session_event,
        actor=cast.office,
        statuses={cast.proposer: Status.PRESENT, cast.member: Status.LEAVE},
    )
    session = session_event.obj
    assert list(session.members.all()) == [cast.proposer]
    assert list(session.members_on_leave.all()) == [cast.member]
    record = Attendance.objects.get(member=cast.proposer)
    assert (record.source, record.recorded_by, record.committee) == (
        Attendance.Source.OFFICE,
        cast.office,
        cast.committee,
    )
    # Unmarking removes the record.
    attendance_mark(event=session_event, actor=cast.office, statuses={cast.member: ""})
    assert not Attendance.objects.filter(member=cast.member).exists()
    assert not session.members_on_leave.exists()


@pytest.mark.parametrize("key", [k for k in ALL_ACTORS if k != "office"])
def test_only_office_staff_mark_attendance(cast, session_event, key):
    refused(
        PermissionDenied,
        attendance_mark,
        event=session_event,
        actor=cast.actor(key),
        statuses={cast.proposer: Status.PRESENT},
    )


def test_a_person_who_is_not_a_member_here_has_no_attendance(cast, session_event):
    stranger = UserFactory(full_name="外来人员")
    error = refused(
        ValidationError,
        attendance_mark,
        event=session_event,
        actor=cast.office,
        statuses={stranger: Status.PRESENT},
    )
    assert "外来人员" in error.messages[0]


def test_recording_the_session_settles_attendance_and_the_minutes_read_it(cast):
    topic = advance(cast.topic(), "session_scheduled", cast=cast)
    observer = UserFactory(role="member", committee=cast.committee, full_name="周列席")
    attendance_mark(
        event=event_of(topic.session), actor=cast.office, statuses={observer: Status.OBSERVER}
    )
    run_step(
        topic, "record_session", cast.office, cast, members=[cast.proposer], members_on_leave=[]
    )
    statuses = dict(
        Attendance.objects.filter(session=topic.session).values_list("member__full_name", "status")
    )
    # The research team member neither present nor on leave was absent; the observer stays.
    assert statuses == {
        "陈提案": Status.PRESENT,
        "李委员": Status.ABSENT,
        "周列席": Status.OBSERVER,
    }
    topic.refresh_from_db()
    minutes = minutes_save(topic=topic, actor=cast.office, text="纪要正文")
    particulars = particulars_of(minutes, dated=topic.session.starts_at.date())
    assert particulars["present"] == ["陈提案"]
    assert particulars["on_leave"] == []
    assert particulars["attending"][0] == "周列席"


def test_the_attendance_page_for_office_staff(client, cast, session_event):
    url = reverse("duties:attendance", args=["session", session_event.pk])
    client.force_login(cast.office)
    page = client.get(url)
    assert page.status_code == 200
    assert "陈提案" in page.content.decode()
    response = client.post(
        url,
        {f"member_{cast.proposer.pk}": "present", f"member_{cast.member.pk}": "absent"},
    )
    assert response.status_code == 302
    assert set(Attendance.objects.values_list("status", flat=True)) == {"present", "absent"}


def test_the_attendance_page_adds_a_member_not_expected(client, cast, session_event):
    extra = UserFactory(role="member", committee=cast.committee, full_name="孙补录")
    client.force_login(cast.office)
    url = reverse("duties:attendance", args=["session", session_event.pk])
    response = client.post(url, {"extra_member": extra.pk})
    assert response.status_code == 400
    assert response.context["form"].errors["extra_status"]
    response = client.post(url, {"extra_member": extra.pk, "extra_status": "present"})
    assert response.status_code == 302
    assert Attendance.objects.get(member=extra).status == Status.PRESENT


@pytest.mark.parametrize("key", [k for k in ALL_ACTORS if k != "office"])
def test_the_attendance_page_refuses_every_other_role(client, cast, session_event, key):
    client.force_login(cast.actor(key))
    url = reverse("duties:attendance", args=["session", session_event.pk])
    before = db_state()
    assert client.get(url).status_code == 403
    assert client.post(url, {f"member_{cast.proposer.pk}": "present"}).status_code == 403
    assert_unchanged(before)


def test_another_committees_event_is_not_found(client, cast, session_event):
    for name in ("duties:attendance", "duties:check_in_code", "duties:check_in"):
        url = reverse(name, args=["session", session_event.pk])
        client.force_login(cast.other("office_staff"))
        assert client.get(url).status_code == 404
        client.force_login(cast.other("member"))
        assert client.get(url).status_code == 404
    assert client.get(reverse("duties:attendance", args=["nothing", 1])).status_code == 404
    # Each refusal of the existing session is in the security audit log; the unknown kind is not.
    rows = AuditEvent.objects.filter(action=Action.ACCESS_REFUSED)
    assert rows.count() == 6
    assert set(rows.values_list("object_type", "object_id")) == {
        ("consultations.session", str(session_event.pk))
    }


def test_anonymous_visitors_are_sent_to_sign_in(client, session_event):
    url = reverse("duties:attendance", args=["session", session_event.pk])
    response = client.get(url)
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_attendance_page_reads_a_constant_number_of_queries(
    client, cast, session_event, django_assert_max_num_queries
):
    client.force_login(cast.office)
    url = reverse("duties:attendance", args=["session", session_event.pk])
    for _ in range(5):
        UserFactory(role="member", committee=cast.committee)
    attendance_mark(
        event=session_event,
        actor=cast.office,
        statuses={cast.proposer: Status.PRESENT, cast.member: Status.ABSENT},
    )
    with django_assert_max_num_queries(14):
        assert client.get(url).status_code == 200


def test_a_research_visit_has_its_attendance_too(cast):
    topic = advance(cast.topic(), "session_scheduled", cast=cast)
    activity = event_of(topic.research_activities.get())
    attendance_mark(
        event=activity,
        actor=cast.office,
        statuses={cast.proposer: Status.PRESENT, cast.member: Status.ABSENT},
    )
    assert list(activity.obj.members.all()) == [cast.proposer]
