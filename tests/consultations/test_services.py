"""Minutes and leader sign-off; follow-up items and their departments."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from consultations.models import MinutesVersion, SignOff
from consultations.services import minutes_save, minutes_sign
from core.workflow import TransitionRefused
from followup.models import Evidence, FollowUpItem, ProgressReport
from followup.services import (
    follow_up_item_add,
    follow_up_item_close,
    follow_up_item_send_back,
    follow_up_item_verify,
    progress_report,
)
from tests.helpers import refused
from tests.people.factories import DepartmentFactory, UserFactory
from tests.workflow import advance, run_step
from topics import guards
from topics.models import State, Topic, TransitionLog

APPROVE, RETURN = SignOff.Decision.APPROVE, SignOff.Decision.RETURN
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15"
    b"\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


def fresh(topic):
    return Topic.objects.get(pk=topic.pk)


def sign(topic, leader, decision=APPROVE, opinion="同意。"):
    return minutes_sign(topic=topic, actor=leader, decision=decision, opinion=opinion)


# Minutes


@pytest.fixture
def submitted(cast):
    """Minutes version 1 submitted to leader_a and leader_b."""
    cast.everyone()
    return advance(cast.topic(), State.MINUTES_SUBMITTED, cast=cast)


def test_first_of_two_approvals_keeps_the_minutes_waiting(cast, submitted):
    logs = TransitionLog.objects.count()

    sign(submitted, cast.leader_a, opinion="同意，请住建局牵头。")

    assert fresh(submitted).state == State.MINUTES_SUBMITTED
    assert TransitionLog.objects.count() == logs
    version = fresh(submitted).minutes.current_version
    assert list(version.awaiting_leaders()) == [cast.leader_b]

    sign(submitted, cast.leader_b, opinion="同意。")

    topic = fresh(submitted)
    assert topic.state == State.FOLLOWING_UP
    log = topic.transitions.latest("pk")
    assert (log.transition, log.actor, log.comment) == ("sign_off", cast.leader_b, "同意。")
    assert list(version.sign_offs.values_list("leader", "decision", "opinion")) == [
        (cast.leader_a.pk, APPROVE, "同意，请住建局牵头。"),
        (cast.leader_b.pk, APPROVE, "同意。"),
    ]


def test_one_return_sends_the_minutes_back(cast, submitted):
    sign(submitted, cast.leader_a)
    sign(submitted, cast.leader_b, RETURN, "资金来源不明确，请补充后再报。")

    topic = fresh(submitted)
    assert topic.state == State.DELIBERATED
    log = topic.transitions.latest("pk")
    assert (log.transition, log.source, log.target, log.comment) == (
        "return_minutes",
        State.MINUTES_SUBMITTED,
        State.DELIBERATED,
        "资金来源不明确，请补充后再报。",
    )


def test_a_leader_not_asked_is_refused(cast, submitted):
    refused(PermissionDenied, sign, submitted, cast.leader)
    refused(PermissionDenied, sign, submitted, cast.leader, RETURN, "退回")


def test_a_leader_cannot_sign_twice(cast, submitted):
    sign(submitted, cast.leader_a)

    refused(PermissionDenied, sign, submitted, cast.leader_a)
    refused(PermissionDenied, sign, submitted, cast.leader_a, RETURN, "改主意了")


def test_returned_minutes_collect_no_more_approvals(cast, submitted):
    sign(submitted, cast.leader_a, RETURN, "请修改。")

    error = refused(TransitionRefused, sign, submitted, cast.leader_b)

    assert str(State.DELIBERATED.label) in error.reasons[0]


@pytest.mark.parametrize("opinion", ["", "   "])
def test_sign_off_needs_an_opinion(cast, submitted, opinion):
    error = refused(ValidationError, sign, submitted, cast.leader_a, APPROVE, opinion)
    assert "opinion" in error.message_dict


def test_sign_off_needs_a_known_decision(cast, submitted):
    error = refused(ValidationError, sign, submitted, cast.leader_a, "maybe", "再议")
    assert "decision" in error.message_dict


def test_resubmission_creates_version_two_with_a_fresh_sign_off(cast, submitted):
    sign(submitted, cast.leader_a)
    sign(submitted, cast.leader_b, RETURN, "请补充资金测算。")
    topic = fresh(submitted)

    run_step(
        topic, "submit_minutes", cast.office, cast, text="专题协商纪要（修改稿）：补充了资金测算。"
    )

    topic = fresh(topic)
    assert topic.state == State.MINUTES_SUBMITTED
    versions = list(MinutesVersion.objects.filter(minutes__topic=topic).order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert versions[1].text == "专题协商纪要（修改稿）：补充了资金测算。"
    assert topic.minutes.current_version == versions[1]
    # Leader A approved version 1; version 2 needs both again.
    assert set(versions[1].awaiting_leaders()) == {cast.leader_a, cast.leader_b}
    assert versions[0].sign_offs.count() == 2 and not versions[1].sign_offs.exists()

    sign(topic, cast.leader_a)
    assert fresh(topic).state == State.MINUTES_SUBMITTED
    sign(topic, cast.leader_b)
    assert fresh(topic).state == State.FOLLOWING_UP


def test_only_leaders_of_the_committee_can_be_asked_to_sign(cast):
    cast.everyone()
    topic = advance(cast.topic(), State.DELIBERATED, cast=cast)

    for not_a_leader in (cast.member, cast.other("leader")):
        error = refused(
            ValidationError,
            run_step,
            topic,
            "submit_minutes",
            cast.office,
            cast,
            leaders=[cast.leader_a, not_a_leader],
        )
        assert "leaders" in error.message_dict


def test_minutes_draft_is_saved_only_by_office_staff_after_the_session(cast):
    cast.everyone()
    topic = advance(cast.topic(), State.DELIBERATED, cast=cast)

    minutes = minutes_save(topic=topic, actor=cast.office, text="草稿")
    assert minutes.text == "草稿"
    refused(PermissionDenied, minutes_save, topic=topic, actor=cast.member, text="我来改")
    refused(
        PermissionDenied, minutes_save, topic=topic, actor=cast.other("office_staff"), text="我来改"
    )
    run_step(fresh(topic), "submit_minutes", cast.office, cast)
    refused(
        TransitionRefused, minutes_save, topic=fresh(topic), actor=cast.office, text="提交后再改"
    )


# Follow-up items


@pytest.fixture
def following(cast):
    cast.everyone()
    return advance(cast.topic(), State.FOLLOWING_UP, cast=cast)


@pytest.fixture
def item(cast, following):
    return follow_up_item_add(
        topic=following,
        actor=cast.office,
        task="制定燃气接入实施方案",
        department=cast.department,
        due_on=timezone.localdate() + dt.timedelta(days=30),
    )


def report(item, actor, **fields):
    fields = {"percent_done": 50, "text": "已完成设计招标。"} | fields
    return progress_report(item=item, actor=actor, **fields)


def fresh_item(item):
    return FollowUpItem.objects.get(pk=item.pk)


def test_office_assigns_items_with_a_due_date_to_a_department_of_the_committee(cast, following):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    add = {"topic": following, "task": "完成一期施工", "due_on": tomorrow}

    item = follow_up_item_add(actor=cast.office, department=cast.department, **add)
    assert (item.state, item.created_by, item.percent_done) == (
        FollowUpItem.State.ASSIGNED,
        cast.office,
        0,
    )

    refused(
        PermissionDenied,
        follow_up_item_add,
        actor=cast.department_user,
        department=cast.department,
        **add,
    )
    refused(
        PermissionDenied,
        follow_up_item_add,
        actor=cast.other("office_staff"),
        department=cast.department,
        **add,
    )
    other_department = DepartmentFactory(committee=cast.other_committee)
    error = refused(
        ValidationError, follow_up_item_add, actor=cast.office, department=other_department, **add
    )
    assert "department" in error.message_dict
    error = refused(
        ValidationError,
        follow_up_item_add,
        actor=cast.office,
        department=cast.department,
        **(add | {"due_on": timezone.localdate() - dt.timedelta(days=1)}),
    )
    assert "due_on" in error.message_dict
    error = refused(
        ValidationError,
        follow_up_item_add,
        actor=cast.office,
        department=cast.department,
        **(add | {"task": ""}),
    )
    assert "task" in error.message_dict


def test_department_reports_progress_with_evidence(cast, item):
    progress = report(
        item,
        cast.department_user,
        percent_done=40,
        files=[SimpleUploadedFile("现场照片.png", PNG, content_type="image/png")],
    )

    assert (progress.author, progress.percent_done) == (cast.department_user, 40)
    assert progress.evidence.get().original_name == "现场照片.png"
    item = fresh_item(item)
    assert (item.state, item.percent_done) == (FollowUpItem.State.ASSIGNED, 40)


def test_report_with_completion_hands_the_item_to_the_office(cast, item):
    report(item, cast.department_user, percent_done=100, text="一期工程完工通气。", completed=True)

    item = fresh_item(item)
    assert (item.state, item.percent_done) == (FollowUpItem.State.REPORTED_DONE, 100)
    # No more reports while the office checks it.
    refused(PermissionDenied, report, item, cast.department_user)


@pytest.mark.parametrize(
    "who",
    ["another_department", "office", "member", "evaluator_user", "other:department", "anonymous"],
)
def test_only_the_items_department_reports(cast, item, who):
    if who == "another_department":
        actor = UserFactory(role="department", committee=cast.committee)  # 区综合行政执法局, say
    else:
        actor = cast.actor(
            {"office": "office", "other:department": "other:department_user"}.get(who, who)
        )

    refused(PermissionDenied, report, item, actor)


@pytest.mark.parametrize(("percent", "text"), [(101, "超额"), (50, "")])
def test_bad_progress_report_saves_nothing(cast, item, percent, text):
    refused(ValidationError, report, item, cast.department_user, percent_done=percent, text=text)


def test_bad_evidence_file_saves_nothing(cast, item):
    files = [SimpleUploadedFile("验收报告.pdf", b"just some text, not a PDF at all")]

    refused(ValidationError, report, item, cast.department_user, files=files)

    assert not ProgressReport.objects.exists() and not Evidence.objects.exists()


def test_office_verifies_reported_completion(cast, item):
    report(item, cast.department_user, percent_done=100, completed=True)

    refused(PermissionDenied, follow_up_item_verify, item=item, actor=cast.department_user)
    refused(PermissionDenied, follow_up_item_verify, item=item, actor=cast.other("office_staff"))
    follow_up_item_verify(item=item, actor=cast.office)

    assert fresh_item(item).state == FollowUpItem.State.VERIFIED


def test_an_item_not_reported_done_cannot_be_verified(cast, item):
    refused(TransitionRefused, follow_up_item_verify, item=item, actor=cast.office)


def test_office_sends_back_with_a_reason_and_the_department_reports_again(cast, item):
    report(item, cast.department_user, percent_done=100, completed=True)

    error = refused(
        ValidationError, follow_up_item_send_back, item=item, actor=cast.office, reason="  "
    )
    assert "reason" in error.message_dict
    follow_up_item_send_back(item=item, actor=cast.office, reason="缺少竣工验收照片。")

    item = fresh_item(item)
    assert (item.state, item.review_note) == (FollowUpItem.State.ASSIGNED, "缺少竣工验收照片。")
    report(item, cast.department_user, percent_done=100, text="补充验收照片。", completed=True)
    assert fresh_item(item).state == FollowUpItem.State.REPORTED_DONE
    # Every step of the item is audited: who, from, to.
    assert list(
        item.transitions.order_by("pk").values_list("transition", "actor", "source", "target")
    ) == [
        ("report_completion", cast.department_user.pk, "assigned", "reported_done"),
        ("send_back", cast.office.pk, "reported_done", "assigned"),
        ("report_completion", cast.department_user.pk, "assigned", "reported_done"),
    ]


def test_office_closes_an_item_with_a_reason(cast, item):
    error = refused(ValidationError, follow_up_item_close, item=item, actor=cast.office, reason="")
    assert "reason" in error.message_dict
    refused(
        PermissionDenied,
        follow_up_item_close,
        item=item,
        actor=cast.department_user,
        reason="不办了",
    )

    follow_up_item_close(item=item, actor=cast.office, reason="已纳入市级统一改造计划。")

    item = fresh_item(item)
    assert (item.state, item.close_reason) == (
        FollowUpItem.State.CLOSED,
        "已纳入市级统一改造计划。",
    )
    refused(PermissionDenied, report, item, cast.department_user)
    refused(
        TransitionRefused, follow_up_item_close, item=item, actor=cast.office, reason="再关一次"
    )


def test_evaluation_is_refused_while_an_item_is_open(cast, item):
    cast.method  # noqa: B018

    error = refused(
        TransitionRefused, run_step, fresh(item.topic), "start_evaluation", cast.office, cast
    )

    assert error.reasons == [str(guards.follow_up_settled.message)]

    report(item, cast.department_user, percent_done=100, completed=True)
    follow_up_item_verify(item=item, actor=cast.office)
    run_step(fresh(item.topic), "start_evaluation", cast.office, cast)
    assert fresh(item.topic).state == State.EVALUATING


def test_items_freeze_once_the_topic_is_under_evaluation(cast):
    cast.everyone()
    topic = advance(cast.topic(), State.EVALUATING, cast=cast)
    item = topic.follow_up_items.get()

    refused(
        PermissionDenied,
        follow_up_item_add,
        topic=topic,
        actor=cast.office,
        task="新任务",
        department=cast.department,
        due_on=timezone.localdate() + dt.timedelta(days=5),
    )
    refused(
        TransitionRefused,
        follow_up_item_close,
        item=item,
        actor=cast.office,
        reason="已核实的不能再关",
    )
