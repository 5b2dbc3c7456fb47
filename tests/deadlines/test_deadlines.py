"""A topic's deadline is computed when it enters a stage, from its committee's policy."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from deadlines.models import DeadlinePolicy
from tests.helpers import assert_unchanged, db_state
from tests.workflow import advance, run_step
from topics.models import State, Topic

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
# Friday 25 September 2026 is the Mid-Autumn Festival, and the Golden Week follows.
DAY = dt.date(2026, 9, 25)


@pytest.fixture
def on_day():
    with time_machine.travel(dt.datetime.combine(DAY, dt.time(10), tzinfo=SHANGHAI), tick=False):
        yield


def days(count):
    return DAY + dt.timedelta(days=count)


# With the default policy, everything happening on DAY.
EXPECTED = {
    State.DRAFT: None,
    State.PROPOSED: None,
    State.PLANNED: days(60),  # research report: 60 days after approval
    State.RESEARCHING: days(60),  # the same deadline runs on through the research
    State.SESSION_SCHEDULED: days(30),  # session: 30 days after the research report
    State.DELIBERATED: days(7),  # minutes: 7 days after the session
    # Sign-off: 5 working days; the festival and the Golden Week (Oct 1–7) are not counted.
    State.MINUTES_SUBMITTED: dt.date(2026, 10, 9),
    State.FOLLOWING_UP: None,  # each item carries its own due date
    State.EVALUATING: days(30),  # evaluation: 30 days after it is commissioned
    State.CLOSED: None,
}


@pytest.mark.parametrize("state", list(EXPECTED))
def test_each_stage_gets_its_deadline_on_entry(cast, on_day, state):
    topic = advance(cast.topic(), state, cast=cast)
    assert topic.deadline_on == EXPECTED[state]


def test_returned_minutes_are_due_again_a_week_after_the_return(cast, on_day):
    cast.everyone()
    topic = advance(cast.topic(), State.MINUTES_SUBMITTED, cast=cast)
    with time_machine.travel(dt.datetime.combine(days(3), dt.time(9), tzinfo=SHANGHAI), tick=False):
        run_step(topic, "return_minutes", cast.leader_a, cast)
    assert Topic.objects.get(pk=topic.pk).deadline_on == days(3 + 7)


def test_the_committees_policy_sets_the_periods(cast, on_day):
    DeadlinePolicy.objects.create(
        committee=cast.committee,
        sign_off_days=2,
        sign_off_working_days=False,
        research_report_days=10,
        research_report_working_days=True,
    )
    # 9/28–30, 10/8–9, Saturday 10/10 worked in lieu, 10/12–15.
    assert advance(cast.topic(), State.PLANNED, cast=cast).deadline_on == dt.date(2026, 10, 15)
    assert advance(cast.topic(), State.MINUTES_SUBMITTED, cast=cast).deadline_on == days(2)


def test_another_committees_policy_does_not_apply(cast, on_day):
    DeadlinePolicy.objects.create(committee=cast.other_committee, research_report_days=5)
    assert advance(cast.topic(), State.PLANNED, cast=cast).deadline_on == days(60)


# The policy page


def policy_url(committee):
    return reverse("deadlines:policy", args=[committee.pk])


VALID = {
    "research_report_days": "45",
    "session_days": "20",
    "minutes_days": "5",
    "sign_off_days": "3",
    "sign_off_working_days": "on",
    "evaluation_days": "25",
}


def test_office_staff_edit_the_policy(client, cast):
    client.force_login(cast.office)
    assert client.get(policy_url(cast.committee)).status_code == 200

    response = client.post(policy_url(cast.committee), VALID)

    assert response.status_code == 302
    policy = DeadlinePolicy.objects.get(committee=cast.committee)
    assert policy.period("research_report") == (45, False)
    assert policy.period("sign_off") == (3, True)
    assert policy.history.get().history_user == cast.office


@pytest.mark.parametrize(
    "field, value", [("minutes_days", "0"), ("session_days", "400"), ("evaluation_days", "")]
)
def test_bad_input_is_refused_with_a_message_and_nothing_saved(client, cast, field, value):
    client.force_login(cast.office)
    before = db_state()

    response = client.post(policy_url(cast.committee), VALID | {field: value})

    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert_unchanged(before)


@pytest.mark.parametrize(
    "key, status",
    [("member", 403), ("chair", 403), ("department_user", 403), ("other:office", 404)],
)
def test_only_the_committees_office_staff_may(client, cast, key, status):
    client.force_login(cast.actor(key))
    before = db_state()

    assert client.get(policy_url(cast.committee)).status_code == status
    assert client.post(policy_url(cast.committee), VALID).status_code == status
    assert_unchanged(before)
