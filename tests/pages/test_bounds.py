"""Every page is bounded: its size and its number of queries do not grow with the data.

The same pages are read on a small and a large set of generated data (and a topic with a
handful of research activities and follow-up items against one with 200 and 50); the
number of queries must be the same and the HTML stay under a fixed size.
"""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from followup.models import FollowUpItem
from research.models import ResearchActivity
from tests.dashboard.data import generate
from topics.models import State, Topic

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year
MAX_BYTES = 200_000


def measure(client, url, query=None):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, query or {})
    assert response.status_code == 200, url
    return len(captured), len(response.content), response.content.decode()


def pages_of(client, data):
    client.force_login(data["office"])
    closed = Topic.objects.filter(committee__in=data["committees"], state=State.CLOSED).first()
    return {
        "home": measure(client, reverse("portal:home")),
        "list": measure(client, reverse("topics:list")),
        "list, page 2": measure(client, reverse("topics:list"), {"page": 2}),
        "dashboard": measure(client, reverse("dashboard:index"), {"year": YEAR}),
        "closed topic": measure(client, closed.get_absolute_url()),
        "to-do section": measure(client, reverse("portal:todo", args=["office-topics"])),
    }


def test_pages_do_not_grow_with_the_topics(client):
    small = pages_of(client, generate(committees=2, years=(YEAR,), topics_per_year=40, seed=1))
    large = pages_of(
        client,
        generate(committees=4, years=(YEAR - 1, YEAR), topics_per_year=80, seed=2, prefix="大"),
    )
    for name in small:
        small_queries, small_bytes, _html = small[name]
        large_queries, large_bytes, _html = large[name]
        assert large_queries == small_queries, name
        assert large_bytes < MAX_BYTES, name
        # The large data set has four times the committees and eight times the topics;
        # the page may grow by the committees named in its filters, not by the topics.
        assert large_bytes < small_bytes * 1.5, (name, small_bytes, large_bytes)


def test_home_shows_counts_and_the_first_entries_with_a_link_to_all(client):
    data = generate(committees=2, years=(YEAR,), topics_per_year=60, seed=3)
    client.force_login(data["office"])
    _queries, _size, html = measure(client, reverse("portal:home"))
    waiting = Topic.objects.filter(
        committee__in=data["committees"],
        state__in=[State.PLANNED, State.RESEARCHING, State.SESSION_SCHEDULED],
    )
    assert waiting.count() > 5
    home = client.get(reverse("portal:home"))
    shown = next(s for s in home.context["sections"] if s["section"].slug == "office-topics")
    assert len(shown["entries"]) == 5
    assert shown["count"] == shown["section"].rows.count() > 5
    assert reverse("portal:todo", args=["office-topics"]) in html
    everything = client.get(reverse("portal:todo", args=["office-topics"]))
    assert everything.context["page"].paginator.count == shown["count"]
    assert len(everything.context["entries"]) == min(shown["count"], 25)


def test_another_users_section_is_not_found(client):
    data = generate(committees=1, years=(YEAR,), topics_per_year=5, seed=4)
    client.force_login(data["leader"])
    assert client.get(reverse("portal:todo", args=["office-topics"])).status_code == 404
    assert client.get(reverse("portal:todo", args=["leader-signoff"])).status_code == 200
    client.logout()
    assert client.get(reverse("portal:todo", args=["leader-signoff"])).status_code == 302


def crowd(topic, office, *, activities, items):
    """Give the topic that many research activities and follow-up items."""
    department = topic.committee.departments.first()
    ResearchActivity.objects.bulk_create(
        ResearchActivity(
            topic=topic,
            kind=ResearchActivity.Kind.VISIT,
            held_on=dt.date(YEAR, 1, 1) + dt.timedelta(days=index),
            place=f"走访地点{index}",
            findings=f"发现{index}",
            recorded_by=office,
        )
        for index in range(activities)
    )
    FollowUpItem.objects.bulk_create(
        FollowUpItem(
            topic=topic,
            task=f"任务{index}",
            department=department,
            due_on=dt.date(YEAR, 1, 1) + dt.timedelta(days=index),
            created_by=office,
        )
        for index in range(items)
    )


def test_topic_page_is_bounded_with_200_activities_and_50_items(client):
    data = generate(committees=1, years=(YEAR,), topics_per_year=60, seed=5)
    office = data["office"]
    few, many = Topic.objects.filter(state=State.FOLLOWING_UP)[:2]
    crowd(few, office, activities=2, items=2)
    crowd(many, office, activities=200, items=50)
    client.force_login(office)
    few_queries, few_bytes, _html = measure(client, few.get_absolute_url())
    many_queries, many_bytes, html = measure(client, many.get_absolute_url())
    assert many_queries == few_queries
    assert many_bytes < MAX_BYTES and many_bytes < few_bytes + 30_000, (few_bytes, many_bytes)
    assert "走访地点199" in html and "走访地点194" not in html  # the latest five
    assert reverse("research:activities", args=[many.pk]) in html
    assert reverse("followup:items", args=[many.pk]) in html
    total = many.research_activities.count()
    assert f"({total})" in html

    activities = client.get(reverse("research:activities", args=[many.pk]), {"page": 2})
    page = activities.context["page"]
    assert page.paginator.count == total and len(page) == 20
    assert [a.held_on for a in page] == sorted(a.held_on for a in page)
    item = many.follow_up_items.order_by("due_on", "pk")[37]
    items = client.get(reverse("followup:items", args=[many.pk]), {"item": item.pk})
    assert items.context["page"].number == 4
    assert f'id="item-{item.pk}"' in items.content.decode()


def test_activity_and_item_pages_refuse_outsiders(client):
    data = generate(committees=1, years=(YEAR,), topics_per_year=20, seed=6)
    other = generate(committees=1, years=(YEAR,), topics_per_year=2, seed=7, prefix="他")
    topic = Topic.objects.filter(committee__in=data["committees"], state=State.FOLLOWING_UP)[0]
    client.force_login(other["office"])
    for url in (
        reverse("research:activities", args=[topic.pk]),
        reverse("followup:items", args=[topic.pk]),
    ):
        assert client.get(url).status_code == 404
    client.logout()
    assert client.get(reverse("followup:items", args=[topic.pk])).status_code == 302
