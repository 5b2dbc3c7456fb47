"""Research: who records visits and the report, and which dates are accepted."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from research.models import ResearchActivity, ResearchAttachment, ResearchReport
from research.services import research_activity_record, research_report_write
from tests.helpers import refused
from tests.people.factories import UserFactory
from tests.workflow import advance, run_step
from topics.models import State

SHANGHAI = ZoneInfo("Asia/Shanghai")
APPROVED_AT = dt.datetime(2025, 3, 3, 10, 0, tzinfo=SHANGHAI)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def researching(cast):
    """A topic approved on 3 March 2025 and under research since, team: proposer and member."""
    cast.everyone()
    with time_machine.travel(APPROVED_AT, tick=False):
        topic = advance(cast.topic(year=2025), State.RESEARCHING, cast=cast)
    return topic


def record(topic, actor, cast, held_on, **fields):
    return research_activity_record(
        topic=topic,
        actor=actor,
        kind=ResearchActivity.Kind.VISIT,
        held_on=held_on,
        place="慈城镇毛岙村",
        members=[cast.proposer],
        departments=[cast.department],
        residents_met="村民代表8人",
        findings="6个村仍靠山塘水库供水，枯水期水量不足。",
        **fields,
    )


def test_visit_on_the_day_of_approval_is_accepted(cast, researching):
    activity = record(researching, cast.proposer, cast, APPROVED_AT.date())

    assert activity.recorded_by == cast.proposer
    assert list(activity.members.all()) == [cast.proposer]
    assert list(activity.departments.all()) == [cast.department]


def test_visit_dated_before_approval_is_refused(cast, researching):
    error = refused(
        ValidationError,
        record,
        researching,
        cast.proposer,
        cast,
        APPROVED_AT.date() - dt.timedelta(days=1),
    )

    assert list(error.message_dict) == ["held_on"]
    assert "2025-03-03" in error.message_dict["held_on"][0]


def test_visit_in_the_future_is_refused(cast, researching):
    error = refused(
        ValidationError,
        record,
        researching,
        cast.proposer,
        cast,
        timezone.localdate() + dt.timedelta(days=1),
    )

    assert list(error.message_dict) == ["held_on"]


def test_visit_without_findings_or_place_is_refused(cast, researching):
    error = refused(
        ValidationError,
        research_activity_record,
        topic=researching,
        actor=cast.office,
        kind=ResearchActivity.Kind.SYMPOSIUM,
        held_on=timezone.localdate(),
        place="",
        members=[cast.member],
        findings="",
    )

    assert {"place", "findings"} <= set(error.message_dict)


def test_too_long_place_is_refused(cast, researching):
    error = refused(
        ValidationError,
        research_activity_record,
        topic=researching,
        actor=cast.office,
        kind=ResearchActivity.Kind.SYMPOSIUM,
        held_on=timezone.localdate(),
        place="村" * 201,
        members=[cast.member],
        findings="有发现",
    )
    assert "place" in error.message_dict


@pytest.mark.parametrize("key", ["proposer", "member", "office"])
def test_team_members_and_office_staff_record_research(cast, researching, key):
    actor = getattr(cast, key)

    record(researching, actor, cast, timezone.localdate())
    research_report_write(
        topic=researching,
        actor=actor,
        content="调研报告正文",
        preliminary_solution="分两期实施大管网供水。",
    )

    assert ResearchActivity.objects.filter(topic=researching, recorded_by=actor).count() == 1
    assert ResearchReport.objects.get(topic=researching).written_by == actor


@pytest.mark.parametrize(
    "key",
    [
        "outsider_member",
        "chair",
        "leader_a",
        "department_user",
        "evaluator_user",
        "other:office",
        "anonymous",
    ],
)
def test_others_cannot_record_research(cast, researching, key):
    if key == "outsider_member":
        actor = UserFactory(role="member", committee=cast.committee)  # a member not on the team
    else:
        actor = cast.actor(key)

    refused(PermissionDenied, record, researching, actor, cast, timezone.localdate())
    refused(
        PermissionDenied,
        research_report_write,
        topic=researching,
        actor=actor,
        content="报告",
        preliminary_solution="方案",
    )


def test_research_is_recorded_only_while_the_topic_is_under_research(cast):
    cast.everyone()
    topic = advance(cast.topic(), State.SESSION_SCHEDULED, cast=cast)

    refused(PermissionDenied, record, topic, cast.office, cast, timezone.localdate())
    refused(
        PermissionDenied,
        research_report_write,
        topic=topic,
        actor=cast.proposer,
        content="改",
        preliminary_solution="改",
    )


def test_attachments_are_stored_with_the_visit(cast, researching):
    activity = record(
        researching,
        cast.member,
        cast,
        timezone.localdate(),
        files=[SimpleUploadedFile("座谈会纪要.pdf", PDF, content_type="application/pdf")],
    )

    attachment = activity.attachments.get()
    assert (attachment.original_name, attachment.content_type, attachment.uploaded_by) == (
        "座谈会纪要.pdf",
        "application/pdf",
        cast.member,
    )


def test_a_bad_attachment_saves_nothing(cast, researching):
    files = [
        SimpleUploadedFile("照片.pdf", PDF),
        SimpleUploadedFile("病毒.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200),
    ]

    refused(
        ValidationError, record, researching, cast.member, cast, timezone.localdate(), files=files
    )

    assert not ResearchAttachment.objects.exists()


def test_research_plan_keeps_team_and_schedule(cast):
    cast.everyone()
    topic = advance(cast.topic(), State.PLANNED, cast=cast)
    starts = timezone.localdate()

    run_step(
        topic,
        "start_research",
        cast.office,
        cast,
        team=[cast.member],
        starts_on=starts,
        ends_on=starts + dt.timedelta(days=100),
    )

    plan = topic.research_plan.__class__.objects.get(topic=topic)
    assert list(plan.team.all()) == [cast.member]
    assert (plan.starts_on, plan.ends_on) == (starts, starts + dt.timedelta(days=100))
    assert plan.history.exists()
