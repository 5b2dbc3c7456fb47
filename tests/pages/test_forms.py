"""Bad input on every form: a clear error on the page, status 4xx, and nothing saved."""

import datetime as dt
import io

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from tests.cast import Cast
from tests.helpers import assert_unchanged, db_state
from tests.workflow import advance, today

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15"
    b"\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)
TOO_LONG = "长" * 50001


def upload(name, content):
    handle = io.BytesIO(content)
    handle.name = name
    return handle


def refused(client, url, data, *fragments):
    """POST `data`; the page must refuse it with every fragment shown, and save nothing."""
    before = db_state()
    response = client.post(url, data)
    assert response.status_code in (400, 409), response.status_code
    page = response.content.decode()
    for fragment in fragments:
        assert fragment in page, fragment
    assert 'role="alert"' in page
    assert_unchanged(before)
    return page


@pytest.fixture
def cast(db):
    return Cast()


def at(cast, state):
    return advance(cast.topic(), state, cast=cast)


@pytest.mark.parametrize(
    "data, fragment",
    [
        ({}, "该字段是必填项。"),
        ({"title": "长" * 121}, "不超过"),
        ({"year": "1800"}, "2000"),
        ({"channel": "telepathy"}, "选择一个有效的选项"),
    ],
)
def test_topic_form_rejects_bad_input(client, cast, data, fragment):
    client.force_login(cast.proposer)
    base = {
        "committee": cast.committee.pk,
        "year": today().year,
        "title": "议题",
        "description": "说明",
        "category": "infrastructure",
        "channel": "member",
    }
    refused(client, reverse("topics:create"), {**base, **data} if data else {}, fragment)


def test_topic_form_refuses_a_body_or_cosigner_of_another_committee(client, cast):
    from tests.people.factories import CommitteeBodyFactory

    foreign_body = CommitteeBodyFactory(committee=cast.other_committee)
    client.force_login(cast.proposer)
    refused(
        client,
        reverse("topics:create"),
        {
            "committee": cast.committee.pk,
            "year": today().year,
            "title": "议题",
            "description": "说明",
            "category": "infrastructure",
            "channel": "member",
            "proposer_body": foreign_body.pk,
            "cosigners": [cast.other("member").pk],
        },
    )


def test_reject_needs_a_reason(client, cast):
    topic = at(cast, "proposed")
    client.force_login(cast.chair)
    refused(
        client,
        reverse("topics:reject", args=[topic.pk]),
        {"expected_state": "proposed", "reason": "  "},
    )


def test_research_plan_cannot_end_before_it_starts(client, cast):
    topic = at(cast, "planned")
    client.force_login(cast.office)
    refused(
        client,
        reverse("research:start", args=[topic.pk]),
        {
            "expected_state": "planned",
            "team": [cast.member.pk],
            "starts_on": today().isoformat(),
            "ends_on": (today() - dt.timedelta(days=1)).isoformat(),
            "objectives": "目标",
        },
    )
    refused(
        client,
        reverse("research:start", args=[topic.pk]),
        {"expected_state": "planned"},
        "该字段是必填项。",
    )


@pytest.mark.parametrize(
    "change, fragment",
    [
        ({"held_on": (today() - dt.timedelta(days=400)).isoformat()}, ""),
        ({"held_on": (today() + dt.timedelta(days=3)).isoformat()}, ""),
        ({"findings": ""}, "该字段是必填项。"),
        ({"findings": TOO_LONG}, "不超过"),
        ({"members": []}, "该字段是必填项。"),
        ({"files": [upload("病毒.png", b"MZ\x90\x00 this is an executable")]}, "病毒.png"),
        ({"files": [upload("说明.pdf", b"just text pretending to be a pdf")]}, "说明.pdf"),
    ],
)
def test_research_activity_rejects_bad_input(client, cast, change, fragment):
    topic = at(cast, "researching")
    client.force_login(cast.proposer)
    data = {
        "kind": "visit",
        "held_on": today().isoformat(),
        "place": "村委会",
        "members": [cast.proposer.pk],
        "findings": "发现",
        **change,
    }
    refused(client, reverse("research:activity", args=[topic.pk]), data, fragment)


@override_settings(UPLOAD_MAX_BYTES=100)
def test_research_activity_rejects_a_file_too_large(client, cast):
    topic = at(cast, "researching")
    client.force_login(cast.proposer)
    refused(
        client,
        reverse("research:activity", args=[topic.pk]),
        {
            "kind": "visit",
            "held_on": today().isoformat(),
            "place": "村委会",
            "members": [cast.proposer.pk],
            "findings": "发现",
            "files": [upload("大图.png", PNG + b"\x00" * 200)],
        },
        "大图.png",
    )


def test_research_report_needs_both_parts(client, cast):
    topic = at(cast, "researching")
    client.force_login(cast.office)
    refused(
        client,
        reverse("research:report", args=[topic.pk]),
        {"content": "报告", "preliminary_solution": ""},
        "该字段是必填项。",
    )


def test_session_schedule_rejects_bad_dates_and_missing_research(client, cast):
    topic = cast.topic()
    topic = advance(topic, "researching", cast=cast)
    client.force_login(cast.office)
    url = reverse("consultations:schedule", args=[topic.pk])
    refused(
        client,
        url,
        {
            "expected_state": "researching",
            "starts_at": "not a date",
            "venue": "客厅",
            "agenda": "议程",
        },
    )
    # No research recorded yet: 不调研不协商.
    refused(
        client,
        url,
        {
            "expected_state": "researching",
            "starts_at": "2026-12-01T09:00",
            "venue": "客厅",
            "agenda": "议程",
        },
        "不调研不协商",
    )


def test_session_record_needs_attendees_and_consensus(client, cast):
    topic = at(cast, "session_scheduled")
    client.force_login(cast.office)
    url = reverse("consultations:record", args=[topic.pk])
    refused(
        client,
        url,
        {
            "expected_state": "session_scheduled",
            "members": [],
            "residents_count": 3,
            "consensus": "\n  \n",
        },
        "该字段是必填项。",
    )
    refused(
        client,
        url,
        {
            "expected_state": "session_scheduled",
            "members": [cast.member.pk],
            "residents_count": -1,
            "consensus": "共识",
        },
    )


def test_minutes_submission_needs_text_and_leaders(client, cast):
    topic = at(cast, "deliberated")
    client.force_login(cast.office)
    url = reverse("consultations:minutes", args=[topic.pk])
    refused(client, url, {"expected_state": "deliberated", "text": "纪要", "submit": "1"})
    refused(
        client,
        url,
        {"expected_state": "deliberated", "text": "", "leaders": [cast.leader_a.pk], "submit": "1"},
        "该字段是必填项。",
    )
    refused(client, url, {"expected_state": "deliberated", "text": TOO_LONG, "save": "1"}, "不超过")


def test_sign_off_needs_a_decision_and_an_opinion(client, cast):
    topic = at(cast, "minutes_submitted")
    client.force_login(cast.leader_a)
    url = reverse("consultations:sign", args=[topic.pk])
    refused(
        client,
        url,
        {"expected_state": "minutes_submitted", "decision": "approve", "opinion": ""},
        "该字段是必填项。",
    )
    refused(
        client,
        url,
        {"expected_state": "minutes_submitted", "decision": "maybe", "opinion": "意见"},
        "选择一个有效的选项",
    )


def test_follow_up_item_rejects_a_past_due_date_or_a_foreign_department(client, cast):
    from tests.people.factories import DepartmentFactory

    topic = at(cast, "following_up")
    client.force_login(cast.office)
    url = reverse("followup:item_add", args=[topic.pk])
    refused(
        client,
        url,
        {
            "task": "任务",
            "department": cast.department.pk,
            "due_on": (today() - dt.timedelta(days=1)).isoformat(),
        },
    )
    foreign = DepartmentFactory(committee=cast.other_committee)
    refused(
        client,
        url,
        {"task": "任务", "department": foreign.pk, "due_on": today().isoformat()},
        "选择一个有效的选项",
    )


def _open_item(cast):
    from followup.services import follow_up_item_add

    topic = at(cast, "following_up")
    return topic, follow_up_item_add(
        topic=topic,
        actor=cast.office,
        task="施工",
        department=cast.department,
        due_on=today() + dt.timedelta(days=5),
    )


@pytest.mark.parametrize(
    "data, fragment",
    [
        ({"percent_done": 150, "text": "进展"}, "100"),
        ({"percent_done": 50, "text": ""}, "该字段是必填项。"),
        (
            {
                "percent_done": 50,
                "text": "进展",
                "files": [upload("照片.png", b"GIF89a not really")],
            },
            "照片.png",
        ),
    ],
)
def test_progress_report_rejects_bad_input(client, cast, data, fragment):
    topic, item = _open_item(cast)
    client.force_login(cast.department_user)
    refused(client, reverse("followup:item_report", args=[topic.pk, item.pk]), data, fragment)


def test_item_review_needs_a_reason_to_send_back_or_close(client, cast):
    from followup.services import progress_report

    topic, item = _open_item(cast)
    progress_report(
        item=item, actor=cast.department_user, percent_done=100, text="完成", completed=True
    )
    client.force_login(cast.office)
    url = reverse("followup:item_review", args=[topic.pk, item.pk])
    refused(client, url, {"decision": "send_back", "reason": ""})
    refused(client, url, {"decision": "close", "reason": " "})
    refused(client, url, {"decision": "explode"}, "选择一个有效的选项")


def test_commission_needs_an_evaluator_and_settled_items(client, cast):
    topic, _item = _open_item(cast)
    cast.method  # noqa: B018
    client.force_login(cast.office)
    url = reverse("evaluations:commission", args=[topic.pk])
    refused(client, url, {"expected_state": "following_up"}, "该字段是必填项。")
    refused(client, url, {"expected_state": "following_up", "evaluators": [cast.evaluator_org.pk]})


def test_score_form_rejects_missing_or_out_of_range_scores(client, cast):
    topic = at(cast, "evaluating")
    assignment = topic.evaluation_assignments.get()
    indicators = list(assignment.method.indicators.all())
    client.force_login(cast.evaluator_user)
    url = reverse("evaluations:score", args=[topic.pk])
    data = {"no_conflict": "on"}
    for indicator in indicators:
        data[f"score_{indicator.pk}"] = "80"
        data[f"justification_{indicator.pk}"] = "理由"
    refused(client, url, {**data, f"score_{indicators[0].pk}": "101"}, "100")
    refused(client, url, {**data, f"justification_{indicators[1].pk}": ""}, "该字段是必填项。")
    refused(
        client,
        url,
        {key: value for key, value in data.items() if key != "no_conflict"},
        "该字段是必填项。",
    )


def test_a_stale_page_cannot_act_on_a_topic_that_moved_on(client, cast):
    topic = at(cast, "proposed")
    client.force_login(cast.chair)
    refused(
        client,
        reverse("topics:transition", args=[topic.pk, "approve"]),
        {"expected_state": "draft"},
    )


def test_time_is_shown_in_china_and_dates_the_chinese_way(client, cast):
    topic = at(cast, "researching")
    client.force_login(cast.office)
    page = client.get(topic.get_absolute_url()).content.decode()
    day = timezone.localdate()
    assert f"{day.year}年{day.month}月{day.day}日" in page
