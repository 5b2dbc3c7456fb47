"""Pages of follow-up and evaluation: who may open them, what they save, what they refuse."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from evaluations.models import EvaluationAssignment, EvaluationMethod
from followup.models import ExtensionRequest, FollowUpItem, SatisfactionRating
from followup.services import (
    extension_request,
    follow_up_item_add,
    follow_up_item_verify,
    progress_report,
    satisfaction_rate,
)
from research.models import ResearchActivity, ResearchAttachment
from tests.cast import Cast
from tests.helpers import assert_unchanged, db_state
from tests.people.factories import DepartmentFactory, EvaluatorOrganisationFactory, UserFactory
from tests.workflow import advance, prepare_step, run_step, submit_evaluation, today
from topics.models import State

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15"
    b"\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture
def cast(db):
    return Cast().everyone()


def refused(client, url, data, *fragments):
    """POST `data`: refused with a 4xx and an alert on the page, nothing saved."""
    before = db_state()
    response = client.post(url, data)
    assert response.status_code in (400, 409), response.status_code
    page = response.content.decode()
    assert 'role="alert"' in page
    for fragment in fragments:
        assert fragment in page, fragment
    assert_unchanged(before)
    return page


def signed_in(*users):
    """A logged-in client per user, made before a test takes its snapshot of the database
    (logging in writes the user's last_login)."""
    clients = {}
    for user in users:
        clients[user] = Client()
        clients[user].force_login(user)
    return clients


def statuses(client, url, data=None):
    """(GET, POST) status codes; the caller checks that nothing changed."""
    return client.get(url).status_code, client.post(
        url, data or {"reason": "x", "note": "x"}
    ).status_code


def add_item(topic, cast, department=None, days=10):
    return follow_up_item_add(
        topic=topic,
        actor=cast.office,
        task="完成一期管网施工",
        department=department or cast.department,
        due_on=today() + dt.timedelta(days=days),
    )


def verified_item(topic, cast):
    item = add_item(topic, cast)
    progress_report(
        item=item,
        actor=cast.department_user,
        percent_done=100,
        text="已完成",
        completed=True,
        files=[SimpleUploadedFile("现场.png", PNG, content_type="image/png")],
    )
    return follow_up_item_verify(item=item, actor=cast.office)


def test_office_turns_a_consensus_point_into_items_for_two_departments(client, cast):
    topic = advance(cast.topic(), State.FOLLOWING_UP, cast=cast)
    second = DepartmentFactory(committee=cast.committee, name="区综合行政执法局")
    point = topic.session.consensus_points.get(position=1)
    client.force_login(cast.office)
    url = reverse("followup:item_add", args=[topic.pk])
    assert f'value="point:{point.pk}"' in client.get(url).content.decode()
    data = {
        "source": f"point:{point.pk}",
        "task": "完成主管网接入",
        "department": [cast.department.pk, second.pk],
        "due_on": (today() + dt.timedelta(days=30)).isoformat(),
    }
    refused(client, url, {**data, "source": ""}, "该字段是必填项。")
    refused(client, url, {**data, "department": []}, "该字段是必填项。")
    assert client.post(url, data).status_code == 302
    assert sorted(
        FollowUpItem.objects.filter(topic=topic, consensus_point=point).values_list(
            "department__name", flat=True
        )
    ) == sorted([cast.department.name, second.name])


def test_a_department_asks_for_more_time_and_the_office_grants_it(client, cast):
    topic = advance(cast.topic(), State.FOLLOWING_UP, cast=cast)
    item = add_item(topic, cast)
    url = reverse("followup:extension_request", args=[topic.pk, item.pk])
    client.force_login(cast.department_user)
    assert client.get(url).status_code == 200
    refused(
        client,
        url,
        {"due_on": item.due_on.isoformat(), "reason": "雨季"},
        item.due_on.strftime("%Y"),
    )
    refused(
        client,
        url,
        {"due_on": (item.due_on + dt.timedelta(days=9)).isoformat(), "reason": ""},
        "该字段是必填项。",
    )
    new_date = item.due_on + dt.timedelta(days=20)
    assert (
        client.post(url, {"due_on": new_date.isoformat(), "reason": "雨季施工受阻"}).status_code
        == 302
    )
    request = ExtensionRequest.objects.get(item=item)

    client.force_login(cast.office)
    assert request.item.task in client.get(reverse("portal:home")).content.decode()
    page = client.get(topic.get_absolute_url()).content.decode()
    decide = reverse("followup:extension_decide", args=[topic.pk, item.pk, request.pk])
    assert decide in page
    refused(client, decide, {"decision": "grant", "note": ""}, "该字段是必填项。")
    assert client.post(decide, {"decision": "grant", "note": "同意延期"}).status_code == 302
    item.refresh_from_db()
    assert item.due_on == new_date
    assert client.post(decide, {"decision": "refuse", "note": "再议"}).status_code == 409


def test_extension_pages_refuse_the_wrong_people(client, cast):
    topic = advance(cast.topic(), State.FOLLOWING_UP, cast=cast)
    item = add_item(topic, cast)
    theirs = add_item(
        topic, cast, department=DepartmentFactory(committee=cast.committee, name="区卫健局")
    )
    request = extension_request(
        item=item,
        actor=cast.department_user,
        due_on=item.due_on + dt.timedelta(days=3),
        reason="理由",
    )
    ask = reverse("followup:extension_request", args=[topic.pk, item.pk])
    decide = reverse("followup:extension_decide", args=[topic.pk, item.pk, request.pk])
    keys = ("office", "member", "leader", "chair", "evaluator_user", "department_user")
    clients = signed_in(cast.other("office_staff"), *(cast.actor(key) for key in keys))
    before = db_state()
    department = clients[cast.department_user]
    assert statuses(
        department, reverse("followup:extension_request", args=[topic.pk, theirs.pk])
    ) == (404, 404)
    assert statuses(department, decide) == (403, 403)
    for key in ("office", "member", "leader", "evaluator_user"):
        assert statuses(clients[cast.actor(key)], ask) in {(403, 403), (404, 404)}, key
    for key in ("member", "leader", "chair"):
        assert statuses(clients[cast.actor(key)], decide) == (403, 403), key
    assert statuses(clients[cast.other("office_staff")], decide) == (404, 404)
    assert_unchanged(before)


def test_the_proposer_rates_a_verified_item(client, cast):
    topic = advance(cast.topic(), State.FOLLOWING_UP, cast=cast)
    item = verified_item(topic, cast)
    url = reverse("followup:item_rate", args=[topic.pk, item.pk])
    client.force_login(cast.proposer)
    assert item.task in client.get(reverse("portal:home")).content.decode()
    assert url in client.get(topic.get_absolute_url()).content.decode()
    refused(client, url, {"level": "great", "comment": "好"}, "选择一个有效的选项")
    refused(client, url, {"level": "satisfied", "comment": ""}, "该字段是必填项。")
    assert (
        client.post(
            url, {"level": "basically_satisfied", "comment": "路灯已亮，但亮度不足"}
        ).status_code
        == 302
    )
    assert client.get(url).context["form"].initial == {
        "level": "basically_satisfied",
        "comment": "路灯已亮，但亮度不足",
    }
    assert "路灯已亮，但亮度不足" in client.get(topic.get_absolute_url()).content.decode()
    clients = signed_in(cast.member, cast.other("member"))
    before = db_state()
    assert statuses(clients[cast.member], url) == (403, 403)
    assert statuses(clients[cast.other("member")], url) == (404, 404)
    assert_unchanged(before)
    assert SatisfactionRating.objects.get(item=item).member == cast.proposer


def blind_setup(cast):
    """Topic A evaluated by the cast's evaluator, with evidence and a research file; evaluator B
    of the same committee assigned to another topic only."""
    topic = advance(cast.topic(title="A议题"), State.FOLLOWING_UP, cast=cast)
    activity = ResearchActivity.objects.get(topic=topic)
    attachment = ResearchAttachment.from_upload(
        SimpleUploadedFile("座谈.png", PNG), cast.office, activity=activity
    )
    attachment.save()
    item = verified_item(topic, cast)
    satisfaction_rate(
        item=item, actor=cast.proposer, level="satisfied", comment="燃气已通，非常满意"
    )
    cast.method  # noqa: B018
    run_step(topic, "start_evaluation", cast.office, cast)
    other_org = EvaluatorOrganisationFactory(committee=cast.committee, name="B评估机构")
    evaluator_b = UserFactory(role="evaluator", committee=cast.committee, evaluator=other_org)
    other_topic = advance(cast.topic(title="B议题"), State.FOLLOWING_UP, cast=cast)
    prepare_step(other_topic, "start_evaluation", cast)
    run_step(other_topic, "start_evaluation", cast.office, cast, evaluators=[other_org])
    return topic, item, attachment, evaluator_b


def test_blind_assignment_another_evaluator_gets_404_for_the_topic_and_its_dossier(client, cast):
    topic, item, attachment, evaluator_b = blind_setup(cast)
    evidence = item.reports.get().evidence.get()
    assignment = topic.evaluation_assignments.get()
    urls = [
        topic.get_absolute_url(),
        reverse("evaluations:score", args=[topic.pk]),
        reverse("evaluations:report", args=[topic.pk]),
        reverse("evaluations:reopen", args=[topic.pk, assignment.pk]),
        reverse("portal:download", args=["evidence", evidence.pk]),
        reverse("portal:download", args=["research", attachment.pk]),
    ]
    client.force_login(evaluator_b)
    for url in urls:
        assert client.get(url).status_code == 404, url
    client.force_login(cast.evaluator_user)
    for url in urls[:1] + urls[4:]:
        assert client.get(url).status_code == 200, url


def test_the_evaluator_reads_the_whole_dossier_but_not_other_evaluators_scores(client, cast):
    topic, item, _attachment, evaluator_b = blind_setup(cast)
    second = EvaluationAssignment.objects.create(
        topic=topic,
        evaluator=evaluator_b.memberships.get().evaluator,
        method=cast.method,
        commissioned_by=cast.office,
    )
    submit_evaluation(second, evaluator_b, scores=("61", "62", "63"))
    client.force_login(cast.evaluator_user)
    page = client.get(topic.get_absolute_url()).content.decode()
    for dossier_part in (
        "燃气管网距小区仅800米",
        "专题协商纪要",
        "同意纪要意见",
        item.task,
        "燃气已通，非常满意",
        "/files/evidence/",
        "/files/research/",
        reverse("evaluations:score", args=[topic.pk]),
    ):
        assert dossier_part in page, dossier_part
    assert "B评估机构" not in page and "62.00" not in page
    for action in ("/report/", "/review/", "/extension/", "/rating/", "/reopen/", "/items/new/"):
        assert action not in page, action


def test_office_reopens_a_submitted_evaluation_with_a_reason(client, cast):
    topic = advance(cast.topic(), State.EVALUATING, cast=cast)
    assignment = topic.evaluation_assignments.get()
    submit_evaluation(assignment, cast.evaluator_user)
    url = reverse("evaluations:reopen", args=[topic.pk, assignment.pk])
    evaluator = signed_in(cast.evaluator_user)[cast.evaluator_user]
    before = db_state()
    assert statuses(evaluator, url) == (403, 403)
    assert_unchanged(before)
    client.force_login(cast.office)
    assert url in client.get(topic.get_absolute_url()).content.decode()
    refused(client, url, {"reason": ""}, "该字段是必填项。")
    assert client.post(url, {"reason": "评分依据不足"}).status_code == 302
    assert EvaluationAssignment.objects.get(pk=assignment.pk).state == "assigned"
    client.force_login(cast.evaluator_user)
    form = client.get(reverse("evaluations:score", args=[topic.pk])).context["form"]
    first = assignment.method.indicators.first()
    assert form.initial[f"score_{first.pk}"] == 95


def test_the_evaluation_report_pdf_once_the_evaluation_is_complete(client, cast):
    topic = advance(cast.topic(), State.EVALUATING, cast=cast)
    url = reverse("evaluations:report", args=[topic.pk])
    client.force_login(cast.office)
    response = client.get(url)
    assert response.status_code == 302 and response.url == topic.get_absolute_url()
    submit_evaluation(topic.evaluation_assignments.get(), cast.evaluator_user)
    assert url in client.get(topic.get_absolute_url()).content.decode()
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    for key, expected in (("leader", 200), ("evaluator_user", 403), ("department_user", 403)):
        client.force_login(cast.actor(key))
        assert client.get(url).status_code == expected, key
    client.force_login(cast.other("leader"))
    assert client.get(url).status_code == 404


def test_office_makes_a_new_version_of_the_evaluation_method(client, cast):
    method = cast.method
    url = reverse("evaluation_methods:new_version", args=[cast.committee.pk])
    client.force_login(cast.member)
    assert client.get(reverse("evaluation_methods:index")).status_code == 200
    assert client.get(url).status_code == 403
    client.force_login(cast.department_user)
    assert client.get(reverse("evaluation_methods:index")).status_code == 403
    client.force_login(cast.other("office_staff"))
    assert client.get(url).status_code == 404

    client.force_login(cast.office)
    form = client.get(url).context["formset"]
    assert [f.initial["name"] for f in form.initial_forms] == [
        i.name for i in method.indicators.all()
    ]
    data = {
        "name": "评价办法（修订）",
        "excellent_from": "90",
        "good_from": "80",
        "fair_from": "60",
        "indicators-TOTAL_FORMS": "3",
        "indicators-INITIAL_FORMS": "0",
    }
    rows = {
        "indicators-0-name": "协商质量",
        "indicators-0-weight": "60",
        "indicators-1-name": "成果转化",
        "indicators-1-weight": "30",
    }
    page = refused(client, url, {**data, **rows})
    assert "90" in page and "100" in page
    response = client.post(url, {**data, **rows, "indicators-1-weight": "40"})
    assert response.status_code == 302, response.content.decode()[-3000:]
    latest = EvaluationMethod.objects.get(committee=cast.committee, in_force=True)
    assert (latest.version, [(i.name, i.weight) for i in latest.indicators.all()]) == (
        method.version + 1,
        [("协商质量", 60), ("成果转化", 40)],
    )


def test_topic_page_queries_do_not_grow_with_ratings_and_extensions(
    db, client, django_assert_max_num_queries
):
    small, large = Cast().everyone(), Cast().everyone()
    pages = []
    for current, count in ((small, 1), (large, 4)):  # 8 items: within the page's ten
        topic = advance(current.topic(), State.FOLLOWING_UP, cast=current)
        shown = []  # what the page must show: every item, rating comment and extension reason
        for index in range(count):
            item = verified_item(topic, current)
            satisfaction_rate(
                item=item, actor=current.proposer, level="satisfied", comment=f"评价{index}号"
            )
            open_item = add_item(topic, current)
            extension_request(
                item=open_item,
                actor=current.department_user,
                due_on=open_item.due_on + dt.timedelta(days=5),
                reason=f"延期理由{index}号",
            )
            shown += [f'id="item-{item.pk}"', f'id="item-{open_item.pk}"']
            shown += [f"评价{index}号", f"延期理由{index}号"]
        pages.append((current.proposer, topic.get_absolute_url(), shown))

    def page_of(user, url, shown, queries):
        client.force_login(user)
        with django_assert_max_num_queries(queries) as captured:
            response = client.get(url)
        assert response.status_code == 200
        page = response.content.decode()
        for fragment in shown:
            assert fragment in page, fragment
        return captured

    baseline = page_of(*pages[0], 60)
    page_of(*pages[1], len(baseline.captured_queries))
