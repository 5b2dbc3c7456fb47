"""The calendar page, the personal .ics feed and single events: exactly what the user may see."""

import datetime as dt
import hashlib

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from agenda.models import CalendarFeed
from followup.services import follow_up_item_add
from people.roles import Role
from public.models import ReceptionDay
from tests.people.factories import UserFactory
from tests.public.factories import ReceptionDayFactory
from tests.workflow import advance, today


@pytest.fixture
def dossier(cast):
    """A topic in follow-up (session, research activities) with an open item of the cast's
    department, a second topic whose stage is due, and a topic of another committee."""
    cast.everyone()
    topic = advance(cast.topic(), "following_up", cast=cast)
    item = follow_up_item_add(
        topic=topic,
        actor=cast.office,
        task="完成管网施工",
        department=cast.department,
        due_on=today() + dt.timedelta(days=10),
    )
    planned = advance(cast.topic(title="老旧小区加装电梯"), "planned", cast=cast)
    # Held by `member`; planned by the office; no one else's.
    ReceptionDayFactory(committee=cast.committee, members=[cast.member])
    ReceptionDayFactory(committee=cast.other_committee, members=[cast.other(Role.MEMBER)])
    return topic, item, planned


def expected_keys(topic, item, planned, *, dossier, department_only=False, reception=False):
    keys = {f"session-{topic.session.pk}", f"item-due-{item.pk}"}
    if reception:
        keys |= {f"reception-{day.pk}" for day in topic.committee.reception_days.all()}
    if dossier:
        keys |= {f"research-{activity.pk}" for activity in topic.research_activities.all()}
    if not department_only and planned.deadline_on:
        keys.add(f"topic-due-{planned.pk}")
    return keys


def feed_keys(content):
    calendar = icalendar.Calendar.from_ical(content)
    assert calendar.get("version") == "2.0"
    zones = list(calendar.walk("VTIMEZONE"))
    assert [str(zone["TZID"]) for zone in zones] == ["Asia/Shanghai"]
    keys = set()
    for event in calendar.walk("VEVENT"):
        start = event.decoded("dtstart")
        if isinstance(start, dt.datetime):
            assert str(start.tzinfo) == "Asia/Shanghai"
            assert event["DTSTART"].params["TZID"] == "Asia/Shanghai"
        keys.add(str(event["UID"]).split("@")[0])
    return keys


def subscribe(client, user):
    client.force_login(user)
    response = client.post(reverse("agenda:feed_settings"), {"action": "renew"})
    assert response.status_code == 200
    address = response.context["address"]
    client.logout()
    return address


@pytest.mark.parametrize(
    ("who", "sees_dossier", "department_only", "reception"),
    [
        ("office", True, False, True),
        ("member", True, False, True),
        ("proposer", True, False, False),  # holds no reception day
        ("leader", True, False, False),
        ("department_user", False, True, False),
    ],
)
def test_the_feed_holds_exactly_what_the_user_may_see(
    client, cast, dossier, who, sees_dossier, department_only, reception
):
    topic, item, planned = dossier
    user = cast.actor(who)
    address = subscribe(client, user)
    response = client.get(address)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert feed_keys(response.content) == expected_keys(
        topic,
        item,
        planned,
        dossier=sees_dossier,
        department_only=department_only,
        reception=reception,
    )
    # The same rule as the pages decides each reception day.
    for day in ReceptionDay.objects.all():
        assert user.has_perm("agenda.view_reception_day", day) is (
            f"reception-{day.pk}" in feed_keys(response.content)
        )


@pytest.mark.parametrize("who", ["other:office", "other:member", "stranger_department"])
def test_outsiders_see_nothing_of_the_committee(client, cast, dossier, who):
    user = (
        UserFactory(role=Role.DEPARTMENT, committee=cast.committee)
        if who == "stranger_department"
        else cast.actor(who)
    )
    response = client.get(subscribe(client, user))
    assert response.status_code == 200
    # Nothing of this committee; the other committee's people see their own reception day.
    own = {
        f"reception-{day.pk}"
        for day in ReceptionDay.objects.filter(committee=cast.other_committee)
        if who != "stranger_department"
    }
    assert feed_keys(response.content) == own


def test_the_feed_address_is_stored_hashed_renewed_and_revoked(client, cast, dossier):
    first = subscribe(client, cast.office)
    token = first.rstrip("/").rsplit("/", 1)[1].removesuffix(".ics")
    stored = CalendarFeed.objects.get(user=cast.office)
    assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert client.get(first).status_code == 200
    second = subscribe(client, cast.office)
    assert second != first
    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 200
    client.force_login(cast.office)
    page = client.get(reverse("agenda:feed_settings")).content.decode()
    assert second not in page  # shown once only
    client.post(reverse("agenda:feed_settings"), {"action": "revoke"})
    client.logout()
    assert client.get(second).status_code == 404
    assert not CalendarFeed.objects.exists()


def test_a_deactivated_users_feed_stops(client, cast, dossier):
    address = subscribe(client, cast.member)
    cast.member.is_active = False
    cast.member.save()
    assert client.get(address).status_code == 404


def test_a_single_event_downloads_for_those_who_may_see_it(client, cast, dossier):
    topic, item, _planned = dossier
    session_url = reverse("agenda:event_ics", args=["session", topic.session.pk])
    research = topic.research_activities.first()
    research_url = reverse("agenda:event_ics", args=["research", research.pk])
    client.force_login(cast.department_user)
    response = client.get(session_url)
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert feed_keys(response.content) == {f"session-{topic.session.pk}"}
    assert client.get(research_url).status_code == 404  # departments see no research
    client.force_login(cast.other(Role.OFFICE_STAFF))
    assert client.get(session_url).status_code == 404
    client.force_login(cast.member)
    assert client.get(research_url).status_code == 200
    assert client.get(reverse("agenda:event_ics", args=["unknown", 1])).status_code == 404


def test_the_calendar_page_shows_the_month_and_the_list(client, cast, dossier):
    topic, item, planned = dossier
    month = item.due_on.strftime("%Y-%m")
    client.force_login(cast.department_user)
    for view in ("month", "list"):
        response = client.get(reverse("agenda:calendar"), {"view": view, "month": month})
        assert response.status_code == 200
        page = response.content.decode()
        assert "完成管网施工" in page
        assert reverse("agenda:event_ics", args=["item-due", item.pk]) in page
        assert "<script" not in page and "style=" not in page
    assert (
        'class="month-grid"'
        in client.get(reverse("agenda:calendar"), {"month": month}).content.decode()
    )
    # A month given wrongly falls back to this month.
    assert client.get(reverse("agenda:calendar"), {"month": "2026-99"}).status_code == 200


def test_the_calendar_page_needs_sign_in(client, db):
    response = client.get(reverse("agenda:calendar"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_the_calendar_through_the_api_matches_the_feed(client, cast, dossier, api_as):
    topic, item, planned = dossier
    start = timezone.localdate() - dt.timedelta(days=60)
    end = timezone.localdate() + dt.timedelta(days=300)
    response = api_as(cast.department_user).get(
        reverse("api:calendar"), {"start": start.isoformat(), "end": end.isoformat()}
    )
    assert response.status_code == 200
    assert {event["key"] for event in response.json()} == expected_keys(
        topic, item, planned, dossier=False, department_only=True
    )


def test_calendar_queries_do_not_grow(client, cast, dossier, django_assert_max_num_queries):
    client.force_login(cast.office)
    with django_assert_max_num_queries(12) as small:
        client.get(reverse("agenda:calendar"), {"view": "list"})
    for index in range(5):
        follow_up_item_add(
            topic=dossier[0],
            actor=cast.office,
            task=f"任务{index}",
            department=cast.department,
            due_on=today() + dt.timedelta(days=index),
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("agenda:calendar"), {"view": "list"})


@pytest.mark.parametrize(
    "who", ["office", "member", "department_user", "evaluator_user", "other:evaluator"]
)
def test_research_follows_the_dossier_rule(client, cast, who):
    cast.everyone()
    topic = advance(cast.topic(), "evaluating", cast=cast)
    user = cast.actor(who) if who != "other:evaluator" else cast.other(Role.EVALUATOR)
    keys = feed_keys(client.get(subscribe(client, user)).content)
    research = {f"research-{activity.pk}" for activity in topic.research_activities.all()}
    assert research
    sees = user.has_perm("topics.view_dossier", topic)
    assert sees is (who in ("office", "member", "evaluator_user"))
    assert (research <= keys) is sees and (research & keys == set()) is (not sees)


def test_a_reception_day_links_to_its_page_for_those_who_see_it(client, cast, dossier):
    day = ReceptionDay.objects.get(committee=cast.committee)
    for who in ("member", "office"):
        client.force_login(cast.actor(who))
        page = client.get(
            reverse("agenda:calendar"),
            {"view": "list", "month": f"{timezone.localtime(day.starts_at):%Y-%m}"},
        ).content.decode()
        link = reverse("duties:event", args=["reception_day", day.pk])
        assert link in page, who
        assert client.get(link).status_code == 200, who
