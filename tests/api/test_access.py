"""The role × object access tests of the pages, asked again through the API with each person's
token: the same rules decide, what may not be seen is a 404, what may be seen but not done is a
403, and a refused write changes nothing."""

import pytest
from django.urls import reverse

from audit.models import Action, AuditEvent
from followup.models import ProgressReport
from people.roles import Role
from tests.helpers import assert_unchanged, db_state
from tests.pages.test_access import ALL_ACTORS
from tests.people.factories import UserFactory
from tests.topics.test_rules import WHO_SEES_A_FOLLOWING_TOPIC
from tests.workflow import advance

from .files import png


def ids(response):
    return [row["id"] for row in response.json()["results"]]


@pytest.mark.parametrize(("who", "sees"), WHO_SEES_A_FOLLOWING_TOPIC)
def test_who_sees_a_topic_through_the_api(cast, api_as, who, sees):
    cast.everyone()
    topic = advance(cast.topic(), "following_up", cast=cast)
    client = api_as(cast.actor(who))
    detail = client.get(reverse("api:topic-detail", args=[topic.pk]))
    listing = client.get(reverse("api:topic-list"))
    if who in ("anonymous", "inactive:office"):
        # No token, or the token of a disabled account: not signed in at all.
        assert detail.status_code == listing.status_code == 401
        return
    assert detail.status_code == (200 if sees else 404)
    assert (topic.pk in ids(listing)) is sees
    assert cast.actor(who).has_perm("topics.view_topic", topic) is sees


def test_department_sees_topics_with_its_items_only(cast, api_as, following):
    topic, item = following
    other_department_user = UserFactory(role=Role.DEPARTMENT, committee=cast.committee)
    unrelated = cast.topic(title="无关议题")
    mine = api_as(cast.department_user)
    assert mine.get(reverse("api:topic-detail", args=[topic.pk])).status_code == 200
    assert mine.get(reverse("api:topic-detail", args=[unrelated.pk])).status_code == 404
    assert ids(mine.get(reverse("api:item-list"))) == [item.pk]
    theirs = api_as(other_department_user)
    assert theirs.get(reverse("api:topic-detail", args=[topic.pk])).status_code == 404
    assert theirs.get(reverse("api:item-detail", args=[item.pk])).status_code == 404
    assert ids(theirs.get(reverse("api:item-list"))) == []
    assert ids(theirs.get(reverse("api:topic-list"))) == []


def test_an_evaluator_sees_only_topics_assigned_to_it(cast, api_as):
    cast.everyone()
    topic = advance(cast.topic(), "evaluating", cast=cast)
    stranger = UserFactory(role=Role.EVALUATOR, committee=cast.committee)
    assert api_as(stranger).get(reverse("api:topic-detail", args=[topic.pk])).status_code == 404
    assert ids(api_as(stranger).get(reverse("api:topic-list"))) == []
    evaluator = api_as(cast.evaluator_user)
    assert evaluator.get(reverse("api:topic-detail", args=[topic.pk])).status_code == 200
    assert ids(evaluator.get(reverse("api:topic-list"))) == [topic.pk]


def report_data(**fields):
    return {"percent_done": 50, "text": "已完成管线铺设一半", "files": [png()], **fields}


@pytest.mark.parametrize("who", ALL_ACTORS)
def test_only_the_department_reports_on_its_item(cast, api_as, following, who):
    topic, item = following
    url = reverse("api:item-report", args=[item.pk])
    client = api_as(cast.actor(who))
    if who == "department_user":
        response = client.post(url, report_data(), format="multipart")
        assert response.status_code == 201, response.json()
        report = ProgressReport.objects.get(item=item)
        assert report.author == cast.department_user and report.evidence.count() == 1
        assert response.json()["evidence"][0]["content_type"] == "image/png"
        return
    before = db_state()
    response = client.post(url, report_data(), format="multipart")
    # Readers of the committee see the item but may not report (403); the evaluator, not yet
    # commissioned, does not see it at all (404), as on the page.
    expected = 404 if who == "evaluator_user" else 403
    assert response.status_code == expected, (who, response.json())
    assert response.json()["error"]["code"] in {"permission_denied", "not_found"}
    assert_unchanged(before)
    assert not ProgressReport.objects.filter(item=item).exists()


def test_reporting_completion_goes_through_the_transition(cast, api_as, following):
    _topic, item = following
    response = api_as(cast.department_user).post(
        reverse("api:item-report", args=[item.pk]),
        report_data(percent_done=100, completed="true"),
        format="multipart",
    )
    assert response.status_code == 201
    item.refresh_from_db()
    assert item.state == "reported_done" and item.transitions.filter(target="reported_done")
    # The item is no longer open: a second report is refused with the workflow's reason.
    again = api_as(cast.department_user).post(
        reverse("api:item-report", args=[item.pk]), report_data(), format="multipart"
    )
    assert again.status_code == 403
    assert again.json()["error"]["code"] == "permission_denied"


@pytest.mark.parametrize("role", list(Role))
def test_another_committee_gets_404_everywhere(cast, api_as, following, role):
    topic, item = following
    advance_topic = advance(cast.topic(title="已办结"), "closed", cast=cast)
    version = advance_topic.minutes.versions.get()
    session = topic.session
    client = api_as(cast.other(role))
    for name, pk in [
        ("api:topic-detail", topic.pk),
        ("api:item-detail", item.pk),
        ("api:session-detail", session.pk),
        ("api:document-detail", version.pk),
        ("api:document-signed-pdf", version.pk),
    ]:
        response = client.get(reverse(name, args=[pk]))
        assert response.status_code == 404, name
        assert response.json()["error"]["code"] == "not_found"
    for name in ("api:topic-list", "api:item-list", "api:session-list", "api:document-list"):
        assert ids(client.get(reverse(name))) == []
    before = db_state()
    response = client.post(reverse("api:item-report", args=[item.pk]), report_data())
    assert response.status_code == 404
    assert_unchanged(before)


def test_departments_see_only_signed_minutes_and_the_download_is_audited(cast, api_as):
    cast.everyone()
    topic = advance(cast.topic(), "closed", cast=cast)
    versions = list(topic.minutes.versions.order_by("number"))
    signed = [version.pk for version in versions if version.is_signed]
    assert signed and len(versions) >= 1
    department = api_as(cast.department_user)
    assert ids(department.get(reverse("api:document-list"))) == signed
    office = api_as(cast.office)
    assert ids(office.get(reverse("api:document-list"))) == [version.pk for version in versions]
    response = department.get(reverse("api:document-signed-pdf", args=[signed[0]]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    event = AuditEvent.objects.filter(action=Action.DOWNLOAD).latest("pk")
    assert event.user_id == cast.department_user.pk and event.object_id == str(signed[0])


def test_sessions_follow_the_topics(cast, api_as, following):
    topic, _item = following
    response = api_as(cast.member).get(reverse("api:session-list"))
    assert [row["topic"] for row in response.json()["results"]] == [topic.pk]
    assert (
        api_as(cast.department_user)
        .get(reverse("api:session-detail", args=[topic.session.pk]))
        .status_code
        == 200
    )
    stranger = UserFactory(role=Role.DEPARTMENT, committee=cast.committee)
    assert (
        api_as(stranger).get(reverse("api:session-detail", args=[topic.session.pk])).status_code
        == 404
    )


def test_what_a_topic_row_says(cast, api_as, following):
    topic, item = following
    row = api_as(cast.member).get(reverse("api:topic-detail", args=[topic.pk])).json()
    assert row["id"] == topic.pk and row["title"] == topic.title
    assert row["state"] == "following_up" and row["state_label"] == "跟踪问效中"
    assert row["stage"] == 5 and row["stage_label"] == "跟踪问效"
    assert row["committee"] == cast.committee.name
    assert row["next_item_due"] == item.due_on.isoformat()
    assert row["url"] == "http://testserver" + topic.get_absolute_url()
    assert row["description"] == topic.description
    listed = api_as(cast.member).get(reverse("api:topic-list")).json()["results"]
    assert listed == [{key: value for key, value in row.items() if key != "description"}]
    item_row = api_as(cast.department_user).get(reverse("api:item-detail", args=[item.pk])).json()
    assert item_row["department"] == cast.department.name and item_row["state"] == "assigned"
    assert item_row["due_status"] is None  # ten days ahead: neither due soon nor overdue


def test_refused_access_through_the_api_is_audited(cast, api_as, following):
    topic, item = following
    outsider = cast.other(Role.OFFICE_STAFF)
    client = api_as(outsider)
    assert client.get(reverse("api:topic-detail", args=[topic.pk])).status_code == 404
    event = AuditEvent.objects.filter(action=Action.ACCESS_REFUSED).latest("pk")
    assert event.user_id == outsider.pk and event.object_id == str(topic.pk)
    assert event.outcome == "refused" and "404" in event.detail
    # A member may see the item but not report on it: a 403, recorded too.
    api_as(cast.member).post(reverse("api:item-report", args=[item.pk]), report_data())
    event = AuditEvent.objects.filter(action=Action.ACCESS_REFUSED).latest("pk")
    assert event.user_id == cast.member.pk and "403" in event.detail
    # A number that does not exist hides nothing: not recorded.
    count = AuditEvent.objects.filter(action=Action.ACCESS_REFUSED).count()
    assert client.get(reverse("api:topic-detail", args=[999999])).status_code == 404
    assert AuditEvent.objects.filter(action=Action.ACCESS_REFUSED).count() == count
