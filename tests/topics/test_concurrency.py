"""Two people act on one topic at the same moment: exactly one wins, the other is told why."""

import threading
import time

import pytest
from django.core import mail
from django.db import connection, transaction
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition

from core.workflow import TransitionRefused
from tests.helpers import refused
from tests.workflow import advance, run_step
from topics.models import State, Topic, TransitionLog
from topics.services import topic_reject, topic_transition

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="row locks need PostgreSQL (SQLite serialises writers)",
)


def moved_to(state):
    return _(
        "This topic has meanwhile moved to “%(state)s”, probably by someone else; "
        "the page has been refreshed."
    ) % {"state": State(state).label}


def race(*actions):
    """Run the actions in threads, released together; returns each one's result or exception."""
    start = threading.Barrier(len(actions))
    results = [None] * len(actions)

    def run(index, action):
        try:
            start.wait()
            results[index] = action()
        except Exception as error:
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads), "a transition hung"
    return results


def slowly(_locked):
    """Hold the row lock a little, so that the other thread surely arrives meanwhile."""
    time.sleep(0.2)


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_approve_and_reject_at_once_exactly_one_wins(cast):
    cast.everyone()
    topic = advance(cast.topic(), State.PROPOSED, cast=cast)
    second_chair = cast._user("chair_meeting", "冯副主席")
    logs_before = TransitionLog.objects.filter(topic=topic).count()
    mail.outbox.clear()

    approve, reject = race(
        lambda: topic_transition(
            topic=topic,
            name="approve",
            actor=cast.chair,
            expected_state=State.PROPOSED,
            prepare=slowly,
        ),
        lambda: topic_reject(
            topic=topic, actor=second_chair, reason="重复议题", expected_state=State.PROPOSED
        ),
    )

    outcomes = [r for r in (approve, reject) if isinstance(r, Topic)]
    refusals = [r for r in (approve, reject) if isinstance(r, TransitionRefused)]
    assert len(outcomes) == 1 and len(refusals) == 1, (approve, reject)
    final = Topic.objects.get(pk=topic.pk)
    assert final.state == outcomes[0].state in (State.PLANNED, State.REJECTED)
    assert refusals[0].reasons == [moved_to(final.state)]
    assert TransitionLog.objects.filter(topic=topic).count() == logs_before + 1
    # One decision, one notice each: an approval tells the office staff too.
    told = [cast.proposer] + ([cast.office] if final.state == State.PLANNED else [])
    assert sorted(m.to[0] for m in mail.outbox) == sorted(user.email for user in told)


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_same_approval_twice_at_once_is_recorded_once(cast):
    cast.everyone()
    topic = advance(cast.topic(), State.PROPOSED, cast=cast)
    second_chair = cast._user("chair_meeting", "冯副主席")

    results = race(
        *(
            lambda chair=chair: topic_transition(
                topic=topic,
                name="approve",
                actor=chair,
                expected_state=State.PROPOSED,
                prepare=slowly,
            )
            for chair in (cast.chair, second_chair)
        )
    )

    assert sorted(type(r).__name__ for r in results) == ["Topic", "TransitionRefused"], results
    assert TransitionLog.objects.filter(topic=topic, transition="approve").count() == 1
    assert Topic.objects.get(pk=topic.pk).state == State.PLANNED


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_the_row_lock_makes_the_second_wait_for_the_first(cast):
    """While one transaction holds the topic, the other's decision waits, then sees the result."""
    cast.everyone()
    topic = advance(cast.topic(), State.PROPOSED, cast=cast)
    held = threading.Event()
    release = threading.Event()

    def hold(_locked):
        held.set()
        release.wait(5)

    def second():
        held.wait(5)
        started = time.monotonic()
        try:
            topic_reject(
                topic=topic, actor=cast.chair, reason="不予立项", expected_state=State.PROPOSED
            )
        except TransitionRefused as error:
            return time.monotonic() - started, error
        return time.monotonic() - started, None

    def first():
        return topic_transition(topic=topic, name="approve", actor=cast.chair, prepare=hold)

    def let_go():
        held.wait(5)
        time.sleep(0.3)
        release.set()

    first_result, (waited, error), _ = race(first, second, let_go)

    assert isinstance(first_result, Topic)
    assert waited >= 0.25
    assert isinstance(error, TransitionRefused)
    assert error.reasons == [moved_to(State.PLANNED)]
    assert Topic.objects.get(pk=topic.pk).state == State.PLANNED


# Deterministic, on any database


def test_stale_instance_cannot_be_saved(cast):
    """ConcurrentTransitionMixin: an instance loaded before someone else's transition is stale."""
    cast.everyone()
    topic = advance(cast.topic(), State.PROPOSED, cast=cast)
    mine = Topic.objects.get(pk=topic.pk)
    theirs = Topic.objects.get(pk=topic.pk)
    theirs.approve()
    theirs.save()

    mine.reject("迟到的否决")
    with pytest.raises(ConcurrentTransition), transaction.atomic():
        mine.save()
    assert Topic.objects.get(pk=topic.pk).state == State.PLANNED


def test_concurrent_change_inside_the_service_is_refused_cleanly(cast):
    """If the state changes under the service between its read and its write, the service
    turns ConcurrentTransition into a clear refusal and saves nothing."""
    cast.everyone()
    topic = advance(cast.topic(), State.PROPOSED, cast=cast)

    def someone_else_rejects(locked):
        # What another connection's commit would look like to this one.
        Topic.objects.filter(pk=locked.pk).update(state=State.REJECTED, rejection_reason="他人否决")

    error = refused(
        TransitionRefused,
        topic_transition,
        topic=topic,
        name="approve",
        actor=cast.chair,
        expected_state=State.PROPOSED,
        prepare=someone_else_rejects,
    )

    assert error.reasons == [
        _("Someone else changed this topic at the same moment; reload the page and try again.")
    ]
    assert Topic.objects.get(pk=topic.pk).state == State.PROPOSED


def test_second_decision_from_a_stale_page_is_refused(cast):
    cast.everyone()
    topic = advance(cast.topic(), State.PROPOSED, cast=cast)
    stale = Topic.objects.get(pk=topic.pk)
    run_step(topic, "approve", cast.chair, cast)

    error = refused(
        TransitionRefused,
        topic_reject,
        topic=stale,
        actor=cast.chair,
        reason="不同意",
        expected_state=State.PROPOSED,
    )

    assert error.reasons == [moved_to(State.PLANNED)]
    assert (
        TransitionLog.objects.filter(
            topic=topic, target__in=[State.PLANNED, State.REJECTED]
        ).count()
        == 1
    )
