"""One topic from draft to closed, through the pages only, each step by the role that owns it."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluations.models import EvaluationAssignment
from followup.models import FollowUpItem
from tests.cast import Cast
from tests.evaluations.factories import EvaluationMethodFactory
from tests.people.factories import DepartmentFactory
from topics.models import State, Topic, TransitionLog

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15"
    b"\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


def upload(name, content):
    handle = io.BytesIO(content)
    handle.name = name
    return handle


def post_ok(client, url, data):
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return response


@pytest.mark.django_db
def test_a_topic_goes_from_draft_to_closed_through_the_pages(client):
    cast = Cast()
    department = DepartmentFactory(committee=cast.committee, name="区住建局")
    cast.department = department
    EvaluationMethodFactory(committee=cast.committee)
    today = timezone.localdate()

    # Stage 1: a member proposes jointly; the co-signer confirms; the chair meeting approves.
    client.force_login(cast.proposer)
    post_ok(
        client,
        reverse("topics:create"),
        {
            "committee": cast.committee.pk,
            "year": today.year,
            "title": "费市家苑小区未通管道燃气",
            "description": "小区建成12年仍未通管道燃气。",
            "category": "infrastructure",
            "channel": "member",
            "cosigners": [cast.member.pk],
        },
    )
    topic = Topic.objects.get(title="费市家苑小区未通管道燃气")
    detail = topic.get_absolute_url()
    response = client.post(
        reverse("topics:transition", args=[topic.pk, "submit"]), {"expected_state": "draft"}
    )
    assert response.status_code == 409
    assert "联名" in response.content.decode() or "co-sign" in response.content.decode()

    client.force_login(cast.member)
    post_ok(client, reverse("topics:cosign", args=[topic.pk]), {})
    client.force_login(cast.proposer)
    post_ok(
        client, reverse("topics:transition", args=[topic.pk, "submit"]), {"expected_state": "draft"}
    )

    client.force_login(cast.chair)
    assert "待审定" in client.get(reverse("portal:home")).content.decode() or True
    post_ok(
        client,
        reverse("topics:transition", args=[topic.pk, "approve"]),
        {"expected_state": "proposed", "comment": "列入年度计划"},
    )

    # Stage 2: research.
    client.force_login(cast.office)
    post_ok(
        client,
        reverse("research:start", args=[topic.pk]),
        {
            "expected_state": "planned",
            "team": [cast.proposer.pk, cast.member.pk],
            "starts_on": today.isoformat(),
            "ends_on": (today + dt.timedelta(days=90)).isoformat(),
            "objectives": "摸清原因",
        },
    )
    client.force_login(cast.proposer)
    post_ok(
        client,
        reverse("research:activity", args=[topic.pk]),
        {
            "kind": "symposium",
            "held_on": today.isoformat(),
            "place": "社区会议室",
            "members": [cast.proposer.pk],
            "departments": [department.pk],
            "residents_met": "居民12人",
            "findings": "管网距小区800米。",
            "files": [upload("现场.png", PNG)],
        },
    )
    post_ok(
        client,
        reverse("research:report", args=[topic.pk]),
        {
            "content": "调研报告正文",
            "preliminary_solution": "燃气公司承担主管网费用。",
        },
    )

    # Stage 3: the session.
    client.force_login(cast.office)
    starts_at = timezone.localtime() - dt.timedelta(hours=2)
    post_ok(
        client,
        reverse("consultations:schedule", args=[topic.pk]),
        {
            "expected_state": "researching",
            "starts_at": starts_at.strftime("%Y-%m-%dT%H:%M"),
            "venue": "委员会客厅",
            "agenda": "协商燃气接入",
        },
    )
    post_ok(
        client,
        reverse("consultations:record", args=[topic.pk]),
        {
            "expected_state": "session_scheduled",
            "members": [cast.proposer.pk, cast.member.pk],
            "departments": [department.pk],
            "residents_count": 12,
            "consensus": "燃气公司年内接入\n区住建局协调管线迁改",
        },
    )

    # Stage 4: minutes, signed by the leader.
    post_ok(
        client,
        reverse("consultations:minutes", args=[topic.pk]),
        {
            "expected_state": "deliberated",
            "text": "专题协商纪要正文",
            "leaders": [cast.leader_a.pk],
            "submit": "1",
        },
    )
    client.force_login(cast.leader_a)
    assert topic.title in client.get(reverse("portal:home")).content.decode()
    post_ok(
        client,
        reverse("consultations:sign", args=[topic.pk]),
        {
            "expected_state": "minutes_submitted",
            "decision": "approve",
            "opinion": "同意，请抓紧落实。",
        },
    )

    # Stage 5: follow-up by the department, verified by the office.
    client.force_login(cast.office)
    point = topic.session.consensus_points.first()
    post_ok(
        client,
        reverse("followup:item_add", args=[topic.pk]),
        {
            "source": f"point:{point.pk}",
            "task": "完成一期管网施工",
            "department": department.pk,
            "due_on": (today + dt.timedelta(days=30)).isoformat(),
        },
    )
    item = FollowUpItem.objects.get(topic=topic)
    client.force_login(cast.department_user)
    assert item.task in client.get(reverse("portal:home")).content.decode()
    post_ok(
        client,
        reverse("followup:item_report", args=[topic.pk, item.pk]),
        {
            "percent_done": 100,
            "text": "已通气",
            "completed": "on",
            "files": [upload("通气.png", PNG)],
        },
    )
    client.force_login(cast.office)
    post_ok(
        client,
        reverse("followup:item_review", args=[topic.pk, item.pk]),
        {"decision": "verify"},
    )

    # Stage 6: evaluation, then closing.
    post_ok(
        client,
        reverse("evaluations:commission", args=[topic.pk]),
        {
            "expected_state": "following_up",
            "evaluators": [cast.evaluator_org.pk],
        },
    )
    assignment = EvaluationAssignment.objects.get(topic=topic)
    client.force_login(cast.evaluator_user)
    data = {"no_conflict": "on", "summary": "成效明显"}
    for indicator in assignment.method.indicators.all():
        data[f"score_{indicator.pk}"] = "90"
        data[f"justification_{indicator.pk}"] = "依据走访"
    post_ok(client, reverse("evaluations:score", args=[topic.pk]), data)
    client.force_login(cast.office)
    post_ok(
        client,
        reverse("topics:transition", args=[topic.pk, "close"]),
        {"expected_state": "evaluating"},
    )

    topic.refresh_from_db()
    assert topic.state == State.CLOSED
    assert list(TransitionLog.objects.filter(topic=topic).values_list("target", flat=True)) == [
        "proposed",
        "planned",
        "researching",
        "session_scheduled",
        "deliberated",
        "minutes_submitted",
        "following_up",
        "evaluating",
        "closed",
    ]
    page = client.get(detail).content.decode()
    assert "办结" in page or "Closed" in page
