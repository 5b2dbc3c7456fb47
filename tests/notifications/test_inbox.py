"""The in-app inbox: each user sees and marks only their own notifications; unread count in
the header; e-mail settings."""

import datetime as dt

import pytest
from django.urls import reverse

from followup.services import follow_up_item_add
from notifications.models import Kind, Notification, Preference
from tests.helpers import assert_unchanged, db_state
from tests.workflow import advance, today
from topics.models import State

INBOX = reverse("notifications:inbox")


@pytest.fixture
def noticed(cast):
    """A topic in follow-up with two items: the department has two notices, and the office
    those of the topic's transitions."""
    cast.everyone()
    topic = advance(cast.topic(), State.FOLLOWING_UP, cast=cast)
    for task in ("完成一期管网施工", "制定二期方案"):
        follow_up_item_add(
            topic=topic,
            actor=cast.office,
            task=task,
            department=cast.department,
            due_on=today() + dt.timedelta(days=20),
        )
    return topic


def mine(user):
    return Notification.objects.filter(recipient=user)


def test_a_user_sees_only_their_own_notifications(client, cast, noticed):
    client.force_login(cast.department_user)
    response = client.get(INBOX)

    assert response.status_code == 200
    shown = [notification for notification, _message in response.context["entries"]]
    assert {notification.recipient_id for notification in shown} == {cast.department_user.pk}
    assert len(shown) == 2
    assert response.context["inbox_unread"] == 2
    assert "完成一期管网施工" in response.content.decode()
    assert mine(cast.office).exists()  # the office has notices of its own, not shown here


def test_the_header_shows_the_unread_count(client, cast, noticed):
    client.force_login(cast.department_user)
    page = client.get(reverse("portal:home")).content.decode()
    assert 'class="badge badge-count">2<' in page


def test_marking_one_read(client, cast, noticed):
    notification = mine(cast.department_user).first()
    client.force_login(cast.department_user)

    response = client.post(reverse("notifications:read", args=[notification.pk]))

    assert response.status_code == 302
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert client.get(INBOX).context["inbox_unread"] == 1
    unread = client.get(INBOX, {"show": "unread"}).context["entries"]
    assert [shown.pk for shown, _message in unread] == [
        mine(cast.department_user).exclude(pk=notification.pk).get().pk
    ]


def test_marking_all_read_touches_only_ones_own(client, cast, noticed):
    client.force_login(cast.department_user)
    office_unread = mine(cast.office).filter(read_at__isnull=True).count()

    assert client.post(reverse("notifications:read_all")).status_code == 302

    assert not mine(cast.department_user).filter(read_at__isnull=True).exists()
    assert mine(cast.office).filter(read_at__isnull=True).count() == office_unread


@pytest.mark.parametrize("key", ["office", "other:department_user", "member"])
def test_another_users_notification_is_not_found(client, cast, noticed, key):
    notification = mine(cast.department_user).first()
    client.force_login(cast.actor(key))
    before = db_state()

    assert client.post(reverse("notifications:read", args=[notification.pk])).status_code == 404
    assert_unchanged(before)


def test_reading_needs_a_post_and_a_login(client, cast, noticed):
    notification = mine(cast.department_user).first()
    assert client.get(INBOX).status_code == 302
    assert client.post(reverse("notifications:read", args=[notification.pk])).status_code == 302
    client.force_login(cast.department_user)
    assert client.get(reverse("notifications:read", args=[notification.pk])).status_code == 405
    notification.refresh_from_db()
    assert notification.read_at is None


def test_the_inbox_query_count_does_not_grow(client, cast, noticed, django_assert_max_num_queries):
    client.force_login(cast.department_user)
    with django_assert_max_num_queries(15) as baseline:
        assert client.get(INBOX).status_code == 200
    for index in range(30):
        follow_up_item_add(
            topic=noticed,
            actor=cast.office,
            task=f"任务{index}",
            department=cast.department,
            due_on=today(),
        )
    with django_assert_max_num_queries(len(baseline.captured_queries)):
        response = client.get(INBOX)
    assert len(response.context["entries"]) == 20  # one page


# E-mail settings

PREFERENCES = reverse("notifications:preferences")


def test_a_user_turns_off_kinds_and_chooses_the_digest(client, cast):
    client.force_login(cast.department_user)
    assert client.get(PREFERENCES).status_code == 200

    wanted = [Kind.ITEM_ASSIGNED, Kind.OVERDUE]
    response = client.post(PREFERENCES, {"email_kinds": wanted, "daily_digest": "on"})

    assert response.status_code == 302
    preference = Preference.objects.get(user=cast.department_user)
    assert preference.daily_digest
    assert preference.wants_email(Kind.OVERDUE) and not preference.wants_email(Kind.DUE_SOON)
    assert set(client.get(PREFERENCES).context["form"].initial["email_kinds"]) == set(wanted)


def test_an_unknown_kind_is_refused(client, cast):
    client.force_login(cast.department_user)
    before = db_state()

    response = client.post(PREFERENCES, {"email_kinds": ["no_such_kind"]})

    assert response.status_code == 400
    assert response.context["form"].errors["email_kinds"]
    assert_unchanged(before)
