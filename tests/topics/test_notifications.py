"""Notices of each transition: written to the outbox with the change, e-mailed after commit, once,
to the people the step hands work to."""

import pytest
from django.core import mail
from django.utils import translation

from core.workflow import TransitionRefused
from notifications.delivery import deliver, dispatch_pending
from notifications.models import Notification
from notifications.tasks import deliver_notifications
from tests.people.factories import UserFactory
from tests.topics.test_transitions import SOURCE
from tests.workflow import advance, prepare_step, run_step
from topics.models import State, Topic


def recipients(messages=None):
    return sorted(address for message in (messages or mail.outbox) for address in message.to)


def emails(*users):
    return sorted(user.email for user in users)


def at_source(cast, name):
    """The topic ready for step `name`, with the notices of the steps before it delivered
    (these tests run in one transaction, so no commit has sent them)."""
    cast.everyone()
    topic = advance(cast.topic(), SOURCE[name], cast=cast)
    prepare_step(topic, name, cast)
    dispatch_pending(inline=True)
    mail.outbox.clear()
    return Topic.objects.get(pk=topic.pk)


def written_after(last_pk):
    return Notification.objects.filter(pk__gt=last_pk)


def last_notification_pk():
    return Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


# Who hears of each step (the actor never writes to themselves).
EXPECTED = {
    "submit": lambda cast: [cast.chair],
    "approve": lambda cast: [cast.proposer, cast.office],
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
        else {"approve": "chair", "reject": "chair"}.get(name, "office")
    )
    before = last_notification_pk()
    expected = EXPECTED[name](cast)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        run_step(topic, name, actor, cast)
    # The inbox rows are written with the change; nothing leaves before the commit.
    rows = written_after(before)
    assert sorted(rows.values_list("recipient_id", flat=True)) == sorted(
        user.pk for user in expected
    )
    assert set(rows.values_list("state", flat=True)) <= {Notification.State.PENDING}
    assert mail.outbox == []
    deliveries = [callback for callback in callbacks if callback.__qualname__.startswith("enqueue")]
    assert len(deliveries) == (1 if expected else 0)

    for callback in deliveries:
        callback()

    assert recipients() == emails(*expected)
    assert set(rows.values_list("state", flat=True)) <= {Notification.State.DONE}
    for message in mail.outbox:
        assert topic.title in message.subject
        assert topic.get_absolute_url() in message.body
        assert len(message.to) == 1  # nobody sees the other recipients


def test_the_email_is_written_in_the_sites_language(cast, django_capture_on_commit_callbacks):
    topic = at_source(cast, "submit")

    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        run_step(topic, "submit", cast.office, cast)

    (message,) = mail.outbox
    assert message.subject.startswith("[委员议事] ")
    assert topic.title in message.subject


def test_notice_is_sent_once_even_if_the_task_runs_twice(cast, django_capture_on_commit_callbacks):
    topic = at_source(cast, "submit_minutes")

    with django_capture_on_commit_callbacks(execute=True):
        run_step(topic, "submit_minutes", cast.office, cast)
    first = recipients()

    assert deliver(cast.leader_a.pk) == 0
    deliver_notifications.delay(cast.leader_a.pk)  # a retried Celery task
    deliver_notifications(cast.leader_b.pk)

    assert first == emails(cast.leader_a, cast.leader_b)
    assert recipients() == first


def test_nothing_is_written_or_sent_when_the_transition_is_refused(
    cast, django_capture_on_commit_callbacks
):
    cast.everyone()
    topic = advance(cast.topic(), State.PROPOSED, cast=cast)
    before = last_notification_pk()

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(TransitionRefused),
    ):
        run_step(topic, "reject", cast.chair, cast, reason=" ")

    assert callbacks == [] and mail.outbox == []
    assert not written_after(before).exists()


def test_joint_proposers_all_hear_of_the_decision(cast, django_capture_on_commit_callbacks):
    from topics.services import cosignature_confirm

    cast.everyone()
    cosigner = UserFactory(role="member", committee=cast.committee, full_name="杨联名")
    no_email = UserFactory(role="member", committee=cast.committee, email="")
    topic = cast.topic(cosigners=[cosigner, no_email])
    cosignature_confirm(topic=topic, member=cosigner)
    cosignature_confirm(topic=topic, member=no_email)
    topic = advance(topic, State.PROPOSED, cast=cast)
    dispatch_pending(inline=True)
    mail.outbox.clear()
    before = last_notification_pk()

    with django_capture_on_commit_callbacks(execute=True):
        run_step(topic, "reject", cast.chair, cast)

    assert recipients() == emails(cast.proposer, cosigner)
    # Without an address the notice is in the inbox only.
    assert written_after(before).filter(recipient=no_email).get().state == Notification.State.DONE


def test_the_actor_is_not_notified(cast, django_capture_on_commit_callbacks):
    cast.everyone()
    topic = advance(cast.topic(), State.PLANNED, cast=cast)
    dispatch_pending(inline=True)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        run_step(topic, "start_research", cast.office, cast, team=[cast.office, cast.member])

    assert recipients() == emails(cast.member)
