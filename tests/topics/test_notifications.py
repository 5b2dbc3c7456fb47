"""E-mail after each transition: after commit only, to the people the step hands work to, once."""

import pytest
from django.core import mail
from django.utils import translation

from tests.factories import UserFactory, advance, prepare_step, run_step
from tests.topics.test_transitions import SOURCE
from topics.models import State, Topic, TransitionLog
from topics.notifications import send_transition_notice
from topics.services import TransitionRefused
from topics.tasks import notify_transition


def recipients(messages=None):
    return sorted(address for message in (messages or mail.outbox) for address in message.to)


def emails(*users):
    return sorted(user.email for user in users)


def at_source(cast, name):
    cast.everyone()
    topic = advance(cast.topic(), SOURCE[name], cast=cast)
    prepare_step(topic, name, cast)
    return Topic.objects.get(pk=topic.pk)


# Who hears of each step (the actor never writes to themselves).
EXPECTED = {
    "submit": lambda cast: [cast.chair],
    "approve": lambda cast: [cast.proposer],
    "reject": lambda cast: [cast.proposer],
    "start_research": lambda cast: [cast.proposer, cast.member],
    "schedule_session": lambda cast: [cast.proposer, cast.member],
    "record_session": lambda cast: [],
    "submit_minutes": lambda cast: [cast.leader_a, cast.leader_b],
    "sign_off": lambda cast: [cast.office],
    "return_minutes": lambda cast: [cast.office],
    "start_evaluation": lambda cast: [cast.evaluator_user],
    "close": lambda cast: [cast.proposer],
}


@pytest.mark.parametrize("name", list(SOURCE))
def test_each_transition_notifies_the_right_people_after_commit(
    cast, django_capture_on_commit_callbacks, name
):
    topic = at_source(cast, name)
    # People who must not hear of it: another committee, a deactivated account.
    cast.other("chair_meeting"), cast.other("office_staff"), cast.inactive("chair_meeting")
    cast.inactive("office_staff")
    actor = cast.actor(
        "leader_a"
        if name in ("sign_off", "return_minutes")
        else {
            "submit": "proposer",
            "approve": "chair",
            "reject": "chair",
        }.get(name, "office")
    )
    if name == "submit":
        actor = cast.office  # so that the proposer is not the actor here

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        run_step(topic, name, actor, cast)
    assert len(callbacks) == 1
    assert mail.outbox == []  # nothing is sent before the commit

    for callback in callbacks:
        callback()

    assert recipients() == emails(*EXPECTED[name](cast))
    log = TransitionLog.objects.filter(topic=topic).latest("pk")
    assert log.notified_at is not None
    for message in mail.outbox:
        assert topic.title in message.subject
        assert topic.get_absolute_url() in message.body
        assert len(message.to) == 1  # nobody sees the other recipients


def test_subject_is_in_chinese(cast, django_capture_on_commit_callbacks):
    topic = at_source(cast, "submit")

    with django_capture_on_commit_callbacks(execute=True):
        run_step(topic, "submit", cast.office, cast)

    (message,) = mail.outbox
    with translation.override("zh-hans"):
        state_label = str(State.PROPOSED.label)
    assert topic.title in message.subject
    assert state_label in message.subject
    rest = message.subject.replace(topic.title, "")
    assert any("\u4e00" <= char <= "\u9fff" for char in rest), message.subject


def test_notice_is_sent_once_even_if_the_task_runs_twice(cast, django_capture_on_commit_callbacks):
    topic = at_source(cast, "submit_minutes")

    with django_capture_on_commit_callbacks(execute=True):
        run_step(topic, "submit_minutes", cast.office, cast)
    first = recipients()
    log = TransitionLog.objects.filter(topic=topic).latest("pk")

    assert send_transition_notice(log.pk) == 0
    notify_transition.delay(log.pk)  # a retried Celery task
    notify_transition(log.pk)

    assert first == emails(cast.leader_a, cast.leader_b)
    assert recipients() == first


def test_nothing_is_sent_when_the_transition_is_refused(cast, django_capture_on_commit_callbacks):
    cast.everyone()
    topic = advance(cast.topic(), State.PROPOSED, cast=cast)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(TransitionRefused):
            run_step(topic, "reject", cast.chair, cast, reason=" ")

    assert callbacks == [] and mail.outbox == []


def test_joint_proposers_all_hear_of_the_decision(cast, django_capture_on_commit_callbacks):
    from topics.services import cosignature_confirm

    cast.everyone()
    cosigner = UserFactory(role="member", committee=cast.committee, full_name="杨联名")
    no_email = UserFactory(role="member", committee=cast.committee, email="")
    topic = cast.topic(cosigners=[cosigner, no_email])
    cosignature_confirm(topic=topic, member=cosigner)
    cosignature_confirm(topic=topic, member=no_email)
    topic = advance(topic, State.PROPOSED, cast=cast)

    with django_capture_on_commit_callbacks(execute=True):
        run_step(topic, "approve", cast.chair, cast)

    assert recipients() == emails(cast.proposer, cosigner)


def test_the_actor_is_not_notified(cast, django_capture_on_commit_callbacks):
    cast.everyone()
    topic = advance(cast.topic(), State.PLANNED, cast=cast)

    with django_capture_on_commit_callbacks(execute=True):
        run_step(topic, "start_research", cast.office, cast, team=[cast.office, cast.member])

    assert recipients() == emails(cast.member)
