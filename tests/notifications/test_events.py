"""Notices of work handed over outside the topic's transitions: co-signatures, follow-up items,
evaluations; and what happens to them while the broker is down."""

import datetime as dt
import logging

import pytest
from django.core import mail

from deadlines.models import DeadlinePolicy
from followup.services import follow_up_item_add
from notifications.delivery import dispatch_pending
from notifications.models import Kind, Notification
from people.roles import Role
from tests.notifications.broker import DEAD_BROKER, celery_sending_to
from tests.people.factories import DepartmentFactory, UserFactory
from tests.workflow import advance, prepare_step, run_step, today
from topics.models import State, Topic
from topics.services import topic_create, topic_update


def told(kind):
    return sorted(Notification.objects.filter(kind=kind).values_list("recipient_id", flat=True))


def test_members_asked_to_co_sign_are_told(cast):
    second = UserFactory(role=Role.MEMBER, committee=cast.committee)
    topic = topic_create(
        actor=cast.proposer,
        committee=cast.committee,
        cosigners=[cast.member],
        year=today().year,
        title="居家养老服务",
        description="社区居家养老服务供给不足。",
        category="elderly_care",
        channel="member",
    )
    assert told(Kind.COSIGN_REQUESTED) == [cast.member.pk]  # not the proposer who asked

    topic_update(topic=topic, actor=cast.proposer, cosigners=[cast.member, second])

    assert told(Kind.COSIGN_REQUESTED) == sorted(
        [cast.member.pk, second.pk]
    )  # the new one only once more


def test_an_item_is_announced_to_its_department_only(cast):
    cast.everyone()
    other = UserFactory(
        role=Role.DEPARTMENT,
        committee=cast.committee,
        department=DepartmentFactory(committee=cast.committee),
    )
    topic = advance(cast.topic(), State.FOLLOWING_UP, cast=cast)
    due = today() + dt.timedelta(days=15)

    item = follow_up_item_add(
        topic=topic, actor=cast.office, task="完成路灯安装", department=cast.department, due_on=due
    )

    notice = Notification.objects.get(kind=Kind.ITEM_ASSIGNED)
    assert (notice.recipient, notice.subject, notice.due_on) == (cast.department_user, item, due)
    assert not Notification.objects.filter(recipient=other).exists()


def test_an_evaluator_is_told_with_the_evaluation_deadline(cast):
    cast.everyone()
    DeadlinePolicy.objects.create(committee=cast.committee, evaluation_days=20)
    topic = advance(cast.topic(), State.FOLLOWING_UP, cast=cast)
    prepare_step(topic, "start_evaluation", cast)

    run_step(topic, "start_evaluation", cast.office, cast)

    notice = Notification.objects.get(kind=Kind.EVALUATION_ASSIGNED)
    assert notice.recipient == cast.evaluator_user
    assert notice.due_on == today() + dt.timedelta(days=20) == notice.topic.deadline_on


@pytest.mark.django_db(transaction=True)
def test_while_the_broker_is_down_the_action_succeeds_and_the_next_pass_delivers(cast, caplog):
    cast.everyone()
    topic = advance(cast.topic(), State.DRAFT, cast=cast)
    mail.outbox.clear()

    with celery_sending_to(DEAD_BROKER), caplog.at_level(logging.WARNING, "notifications.delivery"):
        run_step(topic, "submit", cast.office, cast)

    assert Topic.objects.get(pk=topic.pk).state == State.PROPOSED
    notice = Notification.objects.get(kind=Kind.TOPIC_SUBMITTED)
    assert notice.state == Notification.State.PENDING
    assert "stay pending" in caplog.text
    assert mail.outbox == []

    dispatch_pending()  # back to in-process tasks, as when the broker answers again
    dispatch_pending()

    assert [message.to for message in mail.outbox] == [[cast.chair.email]]


def test_an_extension_request_goes_to_the_office_and_its_decision_to_the_department(cast):
    from followup.services import extension_decide, extension_request

    cast.everyone()
    topic = advance(cast.topic(), State.FOLLOWING_UP, cast=cast)
    item = follow_up_item_add(
        topic=topic,
        actor=cast.office,
        task="完成路灯安装",
        department=cast.department,
        due_on=today() + dt.timedelta(days=5),
    )
    later = today() + dt.timedelta(days=40)

    request = extension_request(
        item=item, actor=cast.department_user, due_on=later, reason="雨季施工受阻"
    )
    assert told(Kind.EXTENSION_REQUESTED) == [cast.office.pk]
    assert not told(Kind.EXTENSION_DECIDED)

    extension_decide(request=request, actor=cast.office, grant=True, note="同意延期")
    notice = Notification.objects.get(kind=Kind.EXTENSION_DECIDED)
    assert (notice.recipient, notice.subject, notice.due_on) == (cast.department_user, item, later)


def test_a_reopened_evaluation_is_announced_to_its_evaluator(cast):
    from evaluations.services import evaluation_reopen

    cast.everyone()
    topic = advance(cast.topic(), State.EVALUATING, cast=cast)
    prepare_step(topic, "close", cast)  # the evaluator submits
    assignment = topic.evaluation_assignments.get()

    evaluation_reopen(assignment=assignment, actor=cast.office, reason="第三项评分依据不足，请复核")

    notice = Notification.objects.get(kind=Kind.EVALUATION_REOPENED)
    assert (notice.recipient, notice.subject) == (cast.evaluator_user, assignment)
