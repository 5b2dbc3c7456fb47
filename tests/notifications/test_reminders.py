"""Time travel across each deadline: the sweep sends the right reminders, each exactly once."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from consultations.models import SignOff
from consultations.services import minutes_sign
from followup.services import follow_up_item_add, progress_report
from notifications.delivery import dispatch_pending
from notifications.models import Kind, Notification
from notifications.sweep import reminders_sweep
from tests.workflow import advance
from topics.models import State

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
START = dt.date(2026, 11, 2)  # a Monday
DUE = dt.date(2026, 11, 20)


def at(day, hour=7):
    return time_machine.travel(
        dt.datetime.combine(day, dt.time(hour, 30), tzinfo=SHANGHAI), tick=False
    )


def sweep_on(day):
    with at(day):
        reminders_sweep()


def reminders_since(last_pk):
    return {(row.kind, row.recipient_id) for row in Notification.objects.filter(pk__gt=last_pk)}


def last_pk():
    return Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def delivered_so_far():
    """Deliver what the steps so far left pending, and forget those e-mails."""
    dispatch_pending(inline=True)
    mail.outbox.clear()


@pytest.fixture
def item(cast):
    cast.everyone()
    with at(START, hour=10):
        topic = advance(cast.topic(), State.FOLLOWING_UP, cast=cast)
        item = follow_up_item_add(
            topic=topic,
            actor=cast.office,
            task="完成一期管网施工并通气",
            department=cast.department,
            due_on=DUE,
        )
        delivered_so_far()
    return item


# Days relative to the due date, and what each day's sweep sends (kind, to whom).
ITEM_SCHEDULE = [
    (-6, set()),
    (-3, {(Kind.DUE_SOON, "department_user")}),
    (-2, set()),
    (-1, set()),
    (0, {(Kind.DUE_TODAY, "department_user")}),
    (1, {(Kind.OVERDUE, "department_user"), (Kind.ESCALATED, "office")}),
    (2, set()),
    (40, set()),
]


def test_a_follow_up_item_is_reminded_on_each_threshold_once(cast, item):
    for offset, expected in ITEM_SCHEDULE:
        before = last_pk()
        sweep_on(DUE + dt.timedelta(days=offset))
        sweep_on(DUE + dt.timedelta(days=offset))  # a second run the same day adds nothing

        wanted = {(kind, getattr(cast, key).pk) for kind, key in expected}
        assert reminders_since(before) == wanted, f"day {offset:+d}"
        assert sorted(address for message in mail.outbox for address in message.to) == sorted(
            getattr(cast, key).email for _kind, key in expected
        ), f"day {offset:+d}"
        mail.outbox.clear()


def test_an_item_reported_done_is_not_reminded(cast, item):
    with at(DUE - dt.timedelta(days=5), hour=10):
        progress_report(
            item=item, actor=cast.department_user, percent_done=100, text="已完成。", completed=True
        )
    before = last_pk()
    for offset in (-3, 0, 1):
        sweep_on(DUE + dt.timedelta(days=offset))
    assert reminders_since(before) == set()


def test_the_reminder_says_what_is_due_and_links_to_it(cast, item):
    sweep_on(DUE + dt.timedelta(days=1))
    (overdue,) = [message for message in mail.outbox if message.to == [cast.department_user.email]]
    assert item.topic.title in overdue.subject
    assert "完成一期管网施工并通气" in overdue.body
    assert f"{item.topic.get_absolute_url()}#item-{item.pk}" in overdue.body


def test_a_new_due_date_gets_its_own_reminders(cast, item):
    sweep_on(DUE + dt.timedelta(days=1))
    item.due_on = DUE + dt.timedelta(days=10)  # as an extension granted by the office does
    item.save(update_fields=["due_on"])
    before = last_pk()

    sweep_on(DUE + dt.timedelta(days=11))

    assert reminders_since(before) == {
        (Kind.OVERDUE, cast.department_user.pk),
        (Kind.ESCALATED, cast.office.pk),
    }


# Stage deadlines: who is reminded when overdue, and whether the office gets an escalation.
OVERDUE_TO = {
    State.PLANNED: (["office"], []),
    State.RESEARCHING: (["proposer", "member"], ["office"]),
    State.SESSION_SCHEDULED: (["office"], []),
    State.DELIBERATED: (["office"], []),
    State.MINUTES_SUBMITTED: (["leader_a", "leader_b"], ["office"]),
    State.EVALUATING: (["evaluator_user"], ["office"]),
}


@pytest.mark.parametrize("state", list(OVERDUE_TO))
def test_a_stage_deadline_reminds_who_must_act(cast, state):
    cast.everyone()
    with at(START, hour=10):
        topic = advance(cast.topic(), state, cast=cast)
        delivered_so_far()
    reminded, escalated = OVERDUE_TO[state]

    before = last_pk()
    sweep_on(topic.deadline_on - dt.timedelta(days=3))
    assert reminders_since(before) == {(Kind.DUE_SOON, getattr(cast, key).pk) for key in reminded}

    before = last_pk()
    sweep_on(topic.deadline_on + dt.timedelta(days=1))
    sweep_on(topic.deadline_on + dt.timedelta(days=2))
    assert reminders_since(before) == (
        {(Kind.OVERDUE, getattr(cast, key).pk) for key in reminded}
        | {(Kind.ESCALATED, getattr(cast, key).pk) for key in escalated}
    )


def test_a_leader_who_has_signed_is_no_longer_reminded(cast):
    cast.everyone()
    with at(START, hour=10):
        topic = advance(cast.topic(), State.MINUTES_SUBMITTED, cast=cast)
        minutes_sign(
            topic=topic, actor=cast.leader_b, decision=SignOff.Decision.APPROVE, opinion="同意。"
        )
        delivered_so_far()
    before = last_pk()

    sweep_on(topic.deadline_on)

    assert reminders_since(before) == {(Kind.DUE_TODAY, cast.leader_a.pk)}


def test_send_reminders_runs_the_sweep_by_hand(cast, item, capsys):
    with at(DUE):
        call_command("send_reminders")
    assert "Reminders written: 1;" in capsys.readouterr().out
    assert [message.to for message in mail.outbox] == [[cast.department_user.email]]
