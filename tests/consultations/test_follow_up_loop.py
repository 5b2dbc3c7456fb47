"""Follow-up items from consensus points and opinions, extension requests, satisfaction ratings."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from consultations.models import SignOff
from core.workflow import TransitionRefused
from followup.models import ExtensionRequest, FollowUpItem, ItemTransitionLog, SatisfactionRating
from followup.services import (
    extension_decide,
    extension_request,
    follow_up_item_send_back,
    follow_up_item_verify,
    follow_up_items_assign,
    progress_report,
    satisfaction_rate,
)
from tests.cast import Cast
from tests.helpers import assert_unchanged, db_state, messages_of, refused
from tests.people.factories import DepartmentFactory
from tests.workflow import advance, today
from topics.models import State


@pytest.fixture
def following(cast):
    cast.everyone()
    return advance(cast.topic(), State.FOLLOWING_UP, cast=cast)


@pytest.fixture
def item(cast, following):
    return follow_up_items_assign(
        topic=following,
        actor=cast.office,
        task="完成一期管网施工",
        departments=[cast.department],
        due_on=today() + dt.timedelta(days=10),
        consensus_point=following.session.consensus_points.first(),
    )[0]


def verified(item, cast):
    progress_report(
        item=item, actor=cast.department_user, percent_done=100, text="已完成", completed=True
    )
    return follow_up_item_verify(item=item, actor=cast.office)


def test_one_consensus_point_becomes_an_item_for_each_department(cast, following):
    point = following.session.consensus_points.get(position=2)
    second = DepartmentFactory(committee=cast.committee, name="区综合行政执法局")
    items = follow_up_items_assign(
        topic=following,
        actor=cast.office,
        task="协调管线迁改",
        departments=[cast.department, second],
        due_on=today() + dt.timedelta(days=20),
        consensus_point=point,
    )
    assert [(item.department, item.consensus_point, item.sign_off) for item in items] == [
        (cast.department, point, None),
        (second, point, None),
    ]
    assert list(point.follow_up_items.order_by("pk")) == items


def test_a_leaders_opinion_becomes_an_item(cast, following):
    opinion = SignOff.objects.get(version__minutes__topic=following, leader=cast.leader_a)
    [item] = follow_up_items_assign(
        topic=following,
        actor=cast.office,
        task="抓紧落实",
        departments=[cast.department],
        due_on=today(),
        sign_off=opinion,
    )
    assert (item.sign_off, item.consensus_point) == (opinion, None)


def test_an_item_source_must_belong_to_the_topic(cast, following):
    other = advance(cast.topic(title="另一个议题"), State.FOLLOWING_UP, cast=cast)
    common = {"topic": following, "actor": cast.office, "task": "任务", "due_on": today()}
    foreign_point = other.session.consensus_points.first()
    error = refused(
        ValidationError,
        follow_up_items_assign,
        departments=[cast.department],
        consensus_point=foreign_point,
        **common,
    )
    assert "source" in error.message_dict
    foreign_opinion = SignOff.objects.filter(version__minutes__topic=other).first()
    refused(
        ValidationError,
        follow_up_items_assign,
        departments=[cast.department],
        sign_off=foreign_opinion,
        **common,
    )
    both = {
        "consensus_point": following.session.consensus_points.first(),
        "sign_off": SignOff.objects.filter(version__minutes__topic=following).first(),
    }
    refused(
        ValidationError, follow_up_items_assign, departments=[cast.department], **both, **common
    )
    error = refused(ValidationError, follow_up_items_assign, departments=[], **common)
    assert "department" in error.message_dict


def test_a_foreign_department_refuses_the_whole_assignment(cast, following):
    foreign = DepartmentFactory(committee=cast.other_committee)
    refused(
        ValidationError,
        follow_up_items_assign,
        topic=following,
        actor=cast.office,
        task="任务",
        departments=[cast.department, foreign],
        due_on=today(),
    )
    assert not FollowUpItem.objects.filter(topic=following).exists()


def test_granted_extension_moves_the_due_date_with_an_audit_record(cast, item):
    new_date = item.due_on + dt.timedelta(days=30)
    request = extension_request(
        item=item, actor=cast.department_user, due_on=new_date, reason="雨季施工受阻"
    )
    assert (request.state, request.current_due_on) == (ExtensionRequest.State.PENDING, item.due_on)

    decided = extension_decide(request=request, actor=cast.office, grant=True, note="同意延期")

    item.refresh_from_db()
    assert (decided.state, decided.decided_by, item.due_on) == (
        ExtensionRequest.State.GRANTED,
        cast.office,
        new_date,
    )
    log = ItemTransitionLog.objects.get(item=item, transition="extend")
    assert log.actor == cast.office and "同意延期" in log.comment
    changes = [record.due_on for record in item.history.order_by("history_date")]
    assert changes[-2:] == [new_date - dt.timedelta(days=30), new_date]
    assert item.history.latest().history_user == cast.office


def test_refused_extension_keeps_the_due_date(cast, item):
    due_on = item.due_on
    request = extension_request(
        item=item,
        actor=cast.department_user,
        due_on=due_on + dt.timedelta(days=5),
        reason="资金未到位",
    )
    extension_decide(request=request, actor=cast.office, grant=False, note="工期不能再延")
    item.refresh_from_db()
    request = ExtensionRequest.objects.get(pk=request.pk)
    assert (item.due_on, request.state, request.decision_note) == (
        due_on,
        "refused",
        "工期不能再延",
    )
    assert not ItemTransitionLog.objects.filter(item=item, transition="extend").exists()


def test_extension_requests_refuse_bad_input_and_wrong_people(cast, item):
    later = item.due_on + dt.timedelta(days=5)
    error = refused(
        ValidationError,
        extension_request,
        item=item,
        actor=cast.department_user,
        due_on=item.due_on,
        reason="理由",
    )
    assert "due_on" in error.message_dict
    refused(
        ValidationError,
        extension_request,
        item=item,
        actor=cast.department_user,
        due_on=later,
        reason=" ",
    )
    strangers = (cast.office, Cast(cast.committee).department_user, cast.other("department"))
    request = extension_request(item=item, actor=cast.department_user, due_on=later, reason="理由")
    deciders = (cast.department_user, cast.leader, cast.other("office_staff"))
    before = db_state()
    for actor in strangers:
        with pytest.raises(PermissionDenied):
            extension_request(item=item, actor=actor, due_on=later, reason="理由")
    with pytest.raises(TransitionRefused):
        extension_request(item=item, actor=cast.department_user, due_on=later, reason="再次申请")
    with pytest.raises(ValidationError):
        extension_decide(request=request, actor=cast.office, grant=True, note="")
    for actor in deciders:
        with pytest.raises(PermissionDenied):
            extension_decide(request=request, actor=actor, grant=True, note="同意")
    assert_unchanged(before)
    extension_decide(request=request, actor=cast.office, grant=True, note="同意")
    error = refused(
        TransitionRefused,
        extension_decide,
        request=request,
        actor=cast.office,
        grant=False,
        note="不同意",
    )
    assert messages_of(error)


def test_no_extension_once_completion_is_reported(cast, item):
    progress_report(
        item=item, actor=cast.department_user, percent_done=100, text="已完成", completed=True
    )
    refused(
        TransitionRefused,
        extension_request,
        item=item,
        actor=cast.department_user,
        due_on=item.due_on + dt.timedelta(days=3),
        reason="理由",
    )
    item.refresh_from_db()
    refused(
        PermissionDenied,
        extension_request,
        item=item,
        actor=cast.department_user,
        due_on=item.due_on + dt.timedelta(days=3),
        reason="理由",
    )


def test_completion_day_is_recorded_and_cleared_when_sent_back(cast, item):
    with time_machine.travel(
        dt.datetime.combine(item.due_on + dt.timedelta(days=2), dt.time(10)), tick=False
    ):
        progress_report(
            item=item, actor=cast.department_user, percent_done=100, text="完成", completed=True
        )
    item.refresh_from_db()
    assert item.completed_on == item.due_on + dt.timedelta(days=2)
    follow_up_item_send_back(item=item, actor=cast.office, reason="缺少照片")
    item.refresh_from_db()
    assert item.completed_on is None


def test_proposers_rate_a_verified_item_and_may_change_their_rating(cast, item):
    refused(
        PermissionDenied,
        satisfaction_rate,
        item=item,
        actor=cast.proposer,
        level="satisfied",
        comment="好",
    )
    item = verified(item, cast)
    satisfaction_rate(
        item=item, actor=cast.proposer, level="basically_satisfied", comment="基本解决"
    )
    rating = satisfaction_rate(
        item=item, actor=cast.proposer, level="satisfied", comment="已全部解决"
    )
    assert SatisfactionRating.objects.filter(item=item).count() == 1
    assert (rating.level, rating.comment, rating.member) == (
        "satisfied",
        "已全部解决",
        cast.proposer,
    )
    assert rating.history.count() == 2


def test_only_proposing_members_rate_and_with_a_comment(cast, item):
    item = verified(item, cast)
    others = (
        cast.member,
        cast.office,
        cast.department_user,
        cast.evaluator_user,
        cast.other("member"),
    )
    before = db_state()
    for actor in others:
        with pytest.raises(PermissionDenied):
            satisfaction_rate(item=item, actor=actor, level="satisfied", comment="好")
    assert_unchanged(before)
    error = refused(
        ValidationError,
        satisfaction_rate,
        item=item,
        actor=cast.proposer,
        level="satisfied",
        comment=" ",
    )
    assert "comment" in error.message_dict
    refused(
        ValidationError,
        satisfaction_rate,
        item=item,
        actor=cast.proposer,
        level="great",
        comment="好",
    )
