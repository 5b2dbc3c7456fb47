"""Who may open which page: the right role can, every other role is refused, nothing changes.

A record of another committee, department or evaluator is a 404, never a 403, so that its
existence does not leak.
"""

import datetime as dt

import pytest
from django.urls import reverse

from followup.models import FollowUpItem
from followup.services import follow_up_item_add
from people.roles import Role
from research.models import ResearchActivity
from tests.cast import Cast
from tests.helpers import assert_unchanged, db_state
from tests.people.factories import DepartmentFactory, UserFactory
from tests.workflow import advance, today

# page name → (state the topic must be in, actor keys allowed to open it)
RESEARCHERS = ("office", "proposer", "member")  # the office and the research team
ACTION_PAGES = {
    "topics:reject": ("proposed", ("chair",)),
    "research:start": ("planned", ("office",)),
    "research:activity": ("researching", RESEARCHERS),
    "research:report": ("researching", RESEARCHERS),
    "consultations:schedule": ("researching", ("office",)),
    "consultations:record": ("session_scheduled", ("office",)),
    "consultations:minutes": ("deliberated", ("office",)),
    "consultations:sign": ("minutes_submitted", ("leader_a",)),
    "followup:item_add": ("following_up", ("office",)),
    "evaluations:commission": ("following_up", ("office",)),
    "evaluations:score": ("evaluating", ("evaluator_user",)),
}
TRANSITION_PAGES = {
    "submit": ("draft", ("proposer", "office")),
    "approve": ("proposed", ("chair",)),
    "close": ("evaluating", ("office",)),
}
ALL_ACTORS = [
    "office",
    "proposer",
    "member",
    "chair",
    "leader_a",
    "leader",
    "department_user",
    "evaluator_user",
]


def page_url(name, topic):
    if name in TRANSITION_PAGES:
        return reverse("topics:transition", args=[topic.pk, name])
    return reverse(name, args=[topic.pk])


def topic_in(cast, state):
    return advance(cast.topic(), state, cast=cast)


@pytest.fixture
def staged(db):
    """A cast with an evaluator assigned on evaluating topics and the department's item in place."""
    return Cast()


@pytest.mark.parametrize("name", [*ACTION_PAGES, *TRANSITION_PAGES])
def test_each_step_page_opens_for_its_role_only(client, staged, name):
    state, allowed = {**ACTION_PAGES, **TRANSITION_PAGES}[name]
    topic = topic_in(staged, state)
    url = page_url(name, topic)
    for key in allowed:
        client.force_login(staged.actor(key))
        assert client.get(url).status_code == 200, key
    for key in ALL_ACTORS:
        if key in allowed:
            continue
        client.force_login(staged.actor(key))
        before = db_state()
        # Departments and evaluators cannot see a topic not assigned to them at all.
        blind = (key == "department_user" and not topic.follow_up_items.exists()) or (
            key == "evaluator_user" and not topic.evaluation_assignments.exists()
        )
        expected = {404} if blind else {403, 404}
        get_status = client.get(url).status_code
        post_status = client.post(
            url, {"expected_state": state, "comment": "x", "reason": "x"}
        ).status_code
        assert get_status in expected and post_status in expected, (key, get_status, post_status)
        assert_unchanged(before)


@pytest.mark.parametrize("name", ["topics:detail", *ACTION_PAGES, *TRANSITION_PAGES])
def test_another_committee_gets_404_everywhere(client, staged, name):
    state = {**ACTION_PAGES, **TRANSITION_PAGES}.get(name, ("closed", None))[0]
    topic = topic_in(staged, state)
    url = (
        reverse("topics:detail", args=[topic.pk])
        if name == "topics:detail"
        else page_url(name, topic)
    )
    for role in Role:
        client.force_login(staged.other(role))
        assert client.get(url).status_code == 404
        if name != "topics:detail":
            assert client.post(url, {"expected_state": state}).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, staged):
    topic = staged.topic()
    for url in [
        reverse("portal:home"),
        reverse("topics:list"),
        reverse("topics:create"),
        topic.get_absolute_url(),
        reverse("research:start", args=[topic.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_a_department_sees_only_its_own_items_and_not_other_topics(client, staged):
    topic = topic_in(staged, "following_up")
    other_department = DepartmentFactory(committee=staged.committee, name="区综合行政执法局")
    mine = follow_up_item_add(
        topic=topic,
        actor=staged.office,
        task="完成管网施工",
        department=staged.department,
        due_on=today() + dt.timedelta(days=10),
    )
    theirs = follow_up_item_add(
        topic=topic,
        actor=staged.office,
        task="拆除违章搭建",
        department=other_department,
        due_on=today() + dt.timedelta(days=10),
    )
    unrelated = staged.topic(title="无关议题")
    client.force_login(staged.department_user)
    page = client.get(topic.get_absolute_url()).content.decode()
    assert mine.task in page and theirs.task not in page
    assert client.get(unrelated.get_absolute_url()).status_code == 404
    assert (
        client.get(reverse("followup:item_report", args=[topic.pk, theirs.pk])).status_code == 404
    )
    assert client.get(reverse("followup:item_report", args=[topic.pk, mine.pk])).status_code == 200
    # Research and the minutes' drafts are not shown to departments.
    assert "燃气管网距小区仅800米" not in page


def test_an_evaluator_sees_only_topics_assigned_to_it(client, staged):
    mine = topic_in(staged, "evaluating")
    other_cast_evaluator = UserFactory(role=Role.EVALUATOR, committee=staged.committee)
    client.force_login(other_cast_evaluator)
    assert client.get(mine.get_absolute_url()).status_code == 404
    assert client.get(reverse("evaluations:score", args=[mine.pk])).status_code == 404
    client.force_login(staged.evaluator_user)
    assert client.get(mine.get_absolute_url()).status_code == 200
    assert client.get(reverse("evaluations:score", args=[mine.pk])).status_code == 200


def test_topic_list_query_count_does_not_grow(client, staged, django_assert_max_num_queries):
    for index in range(200):
        staged.topic(title=f"议题{index}")
    client.force_login(staged.office)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("topics:list"), {"year": today().year})
    assert response.status_code == 200
    assert response.context["total"] == 200


def test_closed_topic_page_query_count_does_not_grow(db, client, django_assert_max_num_queries):
    small, large = Cast(), Cast()
    small_topic = topic_in(small, "closed")
    large_topic = topic_in(large, "closed")
    # The larger dossier has more of everything a closed topic shows.
    item = large_topic.follow_up_items.get()
    for index in range(5):
        FollowUpItem.objects.create(
            topic=large_topic,
            task=f"任务{index}",
            department=item.department,
            due_on=today(),
            created_by=large.office,
        )
    for _activity in range(5):
        prepare_activity(large_topic, large)
    client.force_login(small.office)
    with django_assert_max_num_queries(40) as baseline:
        assert client.get(small_topic.get_absolute_url()).status_code == 200
    client.force_login(large.office)
    with django_assert_max_num_queries(len(baseline.captured_queries)):
        assert client.get(large_topic.get_absolute_url()).status_code == 200


def prepare_activity(topic, cast):
    activity = ResearchActivity.objects.create(
        topic=topic,
        kind="visit",
        held_on=today(),
        place="村委会",
        findings="发现",
        recorded_by=cast.office,
    )
    activity.members.add(cast.member)


def test_a_settled_item_can_no_longer_be_reviewed(client, staged):
    from followup.services import follow_up_item_verify, progress_report

    topic = topic_in(staged, "following_up")
    item = FollowUpItem.objects.create(
        topic=topic,
        task="安装路灯",
        department=staged.department,
        due_on=today(),
        created_by=staged.office,
    )
    url = reverse("followup:item_review", args=[topic.pk, item.pk])
    client.force_login(staged.office)
    assert client.get(url).status_code == 200
    progress_report(
        item=item, actor=staged.department_user, percent_done=100, text="完成", completed=True
    )
    follow_up_item_verify(item=item, actor=staged.office)
    before = db_state()
    assert client.get(url).status_code == 403
    assert client.post(url, {"decision": "send_back", "reason": "再查"}).status_code == 403
    assert_unchanged(before)
    assert url not in client.get(topic.get_absolute_url()).content.decode()
