"""Dashboard figures and plan progress come from the cache and are never stale after a change:
the services that change what they count give the committee a new version after commit."""

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.figures import committee_changed, committees_version
from followup.models import FollowUpItem
from tests.workflow import advance
from topics.models import Stage, State

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year


def stage_counts(client):
    response = client.get(reverse("dashboard:index"), {"year": YEAR})
    assert response.status_code == 200
    figure = next(f for f in response.context["figures"] if f.key == "stage")
    return {row.label: row.values[0] for row in figure.rows}


def home_plan(client):
    response = client.get(reverse("portal:home"))
    assert response.status_code == 200
    plans = response.context["plans"]
    return (plans[0].topics_approved, plans[0].sessions_held) if plans else (0, 0)


def test_a_transition_shows_at_once_on_the_dashboard_and_the_home_page(
    cast, client, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        advance(cast.topic(year=YEAR), State.PLANNED, cast=cast)
        second = advance(cast.topic(year=YEAR), State.PROPOSED, cast=cast)
    client.force_login(cast.office)
    before = stage_counts(client)
    assert before[str(Stage.RESEARCH.label)] == 1
    assert home_plan(client) == (1, 0)

    # Warm: the figures are read from the cache, not counted again.
    with django_assert_max_num_queries(12) as warm:
        stage_counts(client)
    assert not any("topics_topic" in query["sql"] for query in warm.captured_queries)

    with django_capture_on_commit_callbacks(execute=True):
        advance(second, State.PLANNED, cast=cast)
    after = stage_counts(client)
    assert after[str(Stage.RESEARCH.label)] == 2
    assert after[str(Stage.SELECTION.label)] == before[str(Stage.SELECTION.label)] - 1
    assert home_plan(client) == (2, 0)


def test_the_version_is_raised_with_the_change_and_rolled_back_with_it(cast):
    token = committees_version([cast.committee.pk])
    with pytest.raises(RuntimeError), transaction.atomic():
        committee_changed(cast.committee.pk)
        assert committees_version([cast.committee.pk]) != token  # seen inside
        raise RuntimeError("the change fails")
    assert committees_version([cast.committee.pk]) == token
    with transaction.atomic():
        committee_changed(cast.committee.pk)
    raised = committees_version([cast.committee.pk])
    assert raised != token
    committee_changed(cast.committee.pk)
    assert committees_version([cast.committee.pk]) not in (token, raised)


def test_other_committees_keep_their_cache(cast):
    other = cast.other_committee
    mine, theirs = committees_version([cast.committee.pk]), committees_version([other.pk])
    both = committees_version([cast.committee.pk, other.pk])
    committee_changed(cast.committee.pk)
    assert committees_version([other.pk]) == theirs
    assert committees_version([cast.committee.pk]) != mine
    assert committees_version([cast.committee.pk, other.pk]) != both


def test_an_emptied_cache_recounts(cast, client):
    cast.topic(year=YEAR)
    client.force_login(cast.office)
    before = stage_counts(client)
    cache.clear()
    assert stage_counts(client) == before


def test_an_item_and_its_verification_update_the_assessment(
    cast, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        topic = advance(cast.topic(year=YEAR), State.FOLLOWING_UP, cast=cast)
    client.force_login(cast.office)

    def assigned():
        response = client.get(reverse("dashboard:assessment"), {"year": YEAR})
        return sum(row.values[0] for row in response.context["figure"].rows)

    count = assigned()
    assert count == FollowUpItem.objects.filter(topic=topic).count()
    with django_capture_on_commit_callbacks(execute=True):
        advance(topic, State.EVALUATING, cast=cast)
    assert assigned() == FollowUpItem.objects.filter(topic=topic).count()


def test_a_closed_topics_page_is_rendered_once_per_reader_until_a_step_changes_it(
    cast, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        topic = advance(cast.topic(year=YEAR), State.CLOSED, cast=cast)
    client.force_login(cast.office)
    with CaptureQueriesContext(connection) as first:
        page = client.get(topic.get_absolute_url())
    with CaptureQueriesContext(connection) as second:
        again = client.get(topic.get_absolute_url())
    assert page.context["rendered"] == again.context["rendered"]
    assert len(second) < len(first) - 5
    assert "s-follow" in again.content.decode() and "s-log" in again.content.decode()
    # Another reader sees their own rendering.
    client.force_login(cast.leader_a)
    assert client.get(topic.get_absolute_url()).status_code == 200
    # A step in the committee (here any change it counts) renders the page again.
    client.force_login(cast.office)
    committee_changed(cast.committee.pk)
    with CaptureQueriesContext(connection) as after:
        assert client.get(topic.get_absolute_url()).status_code == 200
    assert len(after) >= len(first) - 1
