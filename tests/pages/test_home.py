"""“我的待办”: each role finds what waits for it, and only that."""

import datetime as dt

import pytest
from django.urls import reverse

from followup.services import follow_up_item_add
from people.roles import Role
from tests.cast import Cast
from tests.people.factories import UserFactory
from tests.workflow import advance, today


@pytest.fixture
def cast(db):
    return Cast()


def home(client, user):
    client.force_login(user)
    response = client.get(reverse("portal:home"))
    assert response.status_code == 200
    return response.content.decode()


def test_each_role_sees_the_work_waiting_for_it(client, cast):
    proposed = advance(cast.topic(title="待审定的议题"), "proposed", cast=cast)
    to_sign = advance(cast.topic(title="待签批的议题"), "minutes_submitted", cast=cast)
    following = advance(cast.topic(title="跟踪中的议题"), "following_up", cast=cast)
    item = follow_up_item_add(
        topic=following,
        actor=cast.office,
        task="安装路灯120盏",
        department=cast.department,
        due_on=today() + dt.timedelta(days=9),
    )
    evaluating = advance(cast.topic(title="评估中的议题"), "evaluating", cast=cast)
    joint = cast.topic(title="联名议题", cosigners=[cast.member])

    assert proposed.title in home(client, cast.chair)
    assert to_sign.title in home(client, cast.leader_a)
    assert to_sign.title not in home(client, cast.leader)  # not asked to sign
    assert item.task in home(client, cast.department_user)
    assert evaluating.title in home(client, cast.evaluator_user)
    member_page = home(client, cast.member)
    assert joint.title in member_page
    office_page = home(client, cast.office)
    assert following.title in office_page and to_sign.title not in office_page


def test_a_leader_who_signed_no_longer_sees_the_minutes(client, cast):
    from consultations.models import SignOff
    from consultations.services import minutes_sign

    topic = advance(cast.topic(title="两位领导签批"), "minutes_submitted", cast=cast)
    minutes_sign(
        topic=topic, actor=cast.leader_a, decision=SignOff.Decision.APPROVE, opinion="同意"
    )
    assert topic.title not in home(client, cast.leader_a)
    assert topic.title in home(client, cast.leader_b)


def test_nothing_of_another_committee_appears(client, cast):
    advance(cast.topic(title="本会议题"), "proposed", cast=cast)
    assert "本会议题" not in home(client, cast.other(Role.CHAIR_MEETING))


def test_the_annual_plan_shows_sessions_held_against_the_target(client, cast):
    advance(cast.topic(), "deliberated", cast=cast)
    advance(cast.topic(), "closed", cast=cast)
    advance(cast.topic(), "researching", cast=cast)
    client.force_login(cast.office)
    response = client.get(reverse("portal:home"))
    [plan] = response.context["plans"]
    assert (plan.sessions_held, plan.target_sessions, plan.topics_approved) == (2, 35, 3)
    assert '<progress class="progress-bar" max="35" value="2"' in response.content.decode()


def test_a_user_without_a_role_has_nothing_to_do(client, cast):
    client.force_login(UserFactory(committee=cast.committee))
    response = client.get(reverse("portal:home"))
    assert response.context["sections"] == []
    assert response.status_code == 200


def test_the_language_can_be_switched_to_english(client, cast):
    client.force_login(cast.office)
    assert 'lang="zh-Hans"' in client.get(reverse("portal:home")).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("portal:home")).content.decode()
    assert 'lang="en"' in page and "My to-do" in page
