"""The public's pages: what they show, what they never show, caching, tracking codes."""

import os
import time
from unittest import mock

import pytest
import redis
from django.core.cache import caches
from django.test import override_settings
from django.urls import reverse

from audit.models import Action, AuditEvent
from core.cache import FailOpenRedisCache
from public import selectors
from public.models import Submission
from public.services import (
    submission_accept,
    submission_merge,
    submission_reply,
    topic_publication_save,
)
from tests.public.factories import ReceptionDayFactory, SubmissionFactory
from tests.workflow import advance

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(cast):
    """A planned topic raised by the public, published with a public summary."""
    topic = advance(cast.topic(title="杜姚线二期沿线无路灯"), "planned", cast=cast)
    topic_publication_save(
        topic=topic,
        actor=cast.office,
        published=True,
        problem="杜姚线二期沿线没有路灯。",
        agreed="由区综合行政执法局牵头安装路灯。",
        outcome="",
    )
    return topic


def public_urls(cast, topic, submission):
    committee = cast.committee.pk
    return [
        reverse("public:landing", args=[committee]),
        reverse("public:topic", args=[committee, topic.pk]),
        reverse("public:submit", args=[committee]),
        reverse("public:poster", args=[committee]),
        reverse("public:track_form", args=[committee]),
        reverse("public:track", args=[committee, submission.code]),
    ]


def test_every_public_page_shows_no_submitters_name_or_phone(client, cast, published):
    day = ReceptionDayFactory(committee=cast.committee, members=[cast.member])
    submissions = [
        SubmissionFactory(committee=cast.committee, name="王秀英", mobile="13812345678"),
        SubmissionFactory(committee=cast.committee, reception_day=day, channel="reception"),
        SubmissionFactory(committee=cast.committee, email="li@example.org"),
    ]
    submission_accept(
        submission=submissions[0],
        actor=cast.office,
        title="新议题",
        description=submissions[0].description,
        category="roads",
    )
    submission_merge(submission=submissions[1], actor=cast.office, topic=published)
    submission_reply(submission=submissions[2], actor=cast.office, text="正在核实")
    pages = public_urls(cast, published, submissions[0]) + [
        reverse("public:track", args=[cast.committee.pk, s.code]) for s in submissions[1:]
    ]
    pages.append(reverse("public:day_poster", args=[cast.committee.pk, day.pk]))
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        for submission in Submission.objects.all():
            assert submission.name not in page, url
            assert submission.mobile not in page, url
            assert submission.mobile_masked not in page, url
            assert not submission.email or submission.email not in page, url


def test_the_landing_page_shows_plan_closed_topics_and_reception_days(client, cast, published):
    day = ReceptionDayFactory(committee=cast.committee, members=[cast.member])
    page = client.get(reverse("public:landing", args=[cast.committee.pk])).content.decode()
    assert "杜姚线二期沿线无路灯" in page
    assert reverse("public:topic", args=[cast.committee.pk, published.pk]) in page
    assert "已开展协商活动0场，年度目标35场" in page
    assert day.venue_name in page and str(cast.member) in page
    assert 'property="og:title"' in page
    assert reverse("public:landing_qr", args=[cast.committee.pk]) in page
    assert "<script" not in page and "style=" not in page


def test_the_topic_page_shows_stages_and_the_public_summary_only(client, cast, published):
    page = client.get(reverse("public:topic", args=[cast.committee.pk, published.pk]))
    text = page.content.decode()
    assert "由区综合行政执法局牵头安装路灯。" in text
    assert published.description not in text  # the internal description stays internal
    assert 'property="og:type" content="article"' in text
    assert "调查研究" in text


def test_an_unpublished_or_other_committees_topic_is_404(client, cast, published):
    draft = cast.topic()
    assert (
        client.get(reverse("public:topic", args=[cast.committee.pk, draft.pk])).status_code == 404
    )
    other = reverse("public:topic", args=[cast.other_committee.pk, published.pk])
    assert client.get(other).status_code == 404
    topic_publication_save(
        topic=published, actor=cast.office, published=False, problem="x", agreed="", outcome=""
    )
    own = reverse("public:topic", args=[cast.committee.pk, published.pk])
    assert client.get(own).status_code == 404


def test_cached_pages_change_when_what_they_show_changes(client, cast, published):
    landing = reverse("public:landing", args=[cast.committee.pk])
    topic_url = reverse("public:topic", args=[cast.committee.pk, published.pk])
    with mock.patch("public.selectors.landing", wraps=selectors.landing) as built:
        client.get(landing)
        client.get(landing)
    assert built.call_count == 1  # the second request is served from the cache
    client.get(topic_url)
    topic_publication_save(
        topic=published,
        actor=cast.office,
        published=True,
        problem="杜姚线二期沿线没有路灯。",
        agreed="路灯已列入年度建设计划。",
        outcome="",
    )
    assert "路灯已列入年度建设计划。" in client.get(topic_url).content.decode()
    day = ReceptionDayFactory(committee=cast.committee, venue_name="慈城镇委员会客厅")
    assert "慈城镇委员会客厅" in client.get(landing).content.decode()
    before = client.get(landing).content.decode()
    researching = advance(published, "researching", cast=cast)
    after = client.get(landing).content.decode()
    assert str(researching.get_state_display()) not in before
    assert str(researching.get_state_display()) in after
    day.delete()
    assert "慈城镇委员会客厅" not in client.get(landing).content.decode()


def test_a_cached_page_is_served_from_the_cache(
    client, cast, published, django_assert_max_num_queries
):
    for number in range(5):
        ReceptionDayFactory(committee=cast.committee, members=[cast.member, cast.proposer])
        advance(cast.topic(title=f"议题{number}"), "planned", cast=cast)
    landing = reverse("public:landing", args=[cast.committee.pk])
    with django_assert_max_num_queries(12):
        assert client.get(landing).status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get(landing).status_code == 200


LIVE_REDIS = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/4")
REDIS_CACHE = {
    "default": {
        "BACKEND": "core.cache.FailOpenRedisCache",
        "LOCATION": LIVE_REDIS,
        "KEY_PREFIX": f"public-test-{os.getpid()}",
    }
}


def test_pages_cached_in_redis_change_when_what_they_show_changes(client, cast, published):
    try:
        redis.Redis.from_url(LIVE_REDIS, socket_connect_timeout=1).ping()
    except redis.RedisError:
        pytest.skip(f"no Redis at {LIVE_REDIS}")
    with override_settings(CACHES=REDIS_CACHE):
        assert isinstance(caches["default"], FailOpenRedisCache)
        url = reverse("public:topic", args=[cast.committee.pk, published.pk])
        with mock.patch("public.selectors.stage_dates", wraps=selectors.stage_dates) as built:
            client.get(url)
            client.get(url)
        assert built.call_count == 1  # the second one came from Redis
        assert "由区综合行政执法局牵头安装路灯。" in client.get(url).content.decode()
        topic_publication_save(
            topic=published,
            actor=cast.office,
            published=True,
            problem="杜姚线二期沿线没有路灯。",
            agreed="路灯已列入年度建设计划。",
            outcome="",
        )
        assert "路灯已列入年度建设计划。" in client.get(url).content.decode()


def test_qr_codes_are_svg(client, cast, published):
    for url in (
        reverse("public:landing_qr", args=[cast.committee.pk]),
        reverse("public:topic_qr", args=[cast.committee.pk, published.pk]),
        reverse("public:submit_qr", args=[cast.committee.pk]),
    ):
        response = client.get(url)
        assert response["Content-Type"] == "image/svg+xml"
        assert response.content.lstrip().startswith(b"<?xml") or b"<svg" in response.content[:200]


def test_tracking_shows_status_and_replies_only(client, cast, published):
    submission = SubmissionFactory(committee=cast.committee, description="内部描述不应出现")
    submission_merge(submission=submission, actor=cast.office, topic=published, message="谢谢")
    page = client.get(reverse("public:track", args=[cast.committee.pk, submission.code]))
    text = page.content.decode()
    assert page["Cache-Control"] == "no-store"
    assert "已并入已有议题" in text and "谢谢" in text
    assert "内部描述不应出现" not in text and submission.place not in text
    assert reverse("public:topic", args=[cast.committee.pk, published.pk]) in text


def test_the_code_form_leads_to_the_tracking_page(client, cast):
    submission = SubmissionFactory(committee=cast.committee)
    response = client.get(
        reverse("public:track_form", args=[cast.committee.pk]),
        {"code": submission.code.lower()},
    )
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200


def test_a_wrong_code_or_another_committees_code_is_404(client, cast):
    mine = SubmissionFactory(committee=cast.committee)
    theirs = SubmissionFactory(committee=cast.other_committee)
    committee = cast.committee.pk
    for code in ("ABCDEFGHJK", theirs.code, mine.code[:-1], "0OIL0OIL0O", "x" * 200, "%20"):
        assert client.get(reverse("public:track", args=[committee, code])).status_code == 404
    assert client.get(reverse("public:track", args=[committee, mine.code])).status_code == 200


def test_a_wrong_code_takes_as_long_as_another_committees_code(cast):
    """The lookup is by hash through one unique index: no timing difference worth measuring."""
    from public.services import submission_by_code

    theirs = SubmissionFactory(committee=cast.other_committee)
    SubmissionFactory(committee=cast.committee)  # the committee has a submission of its own

    def once(code):
        started = time.perf_counter()
        assert submission_by_code(cast.committee.pk, code) is None
        return time.perf_counter() - started

    once(theirs.code)  # warm up
    # Interleaved, so that the machine's load falls on both alike; the fastest of each is the
    # least disturbed measure of the work itself.
    wrong, other = [], []
    for _ in range(80):
        wrong.append(once("ABCDEFGHJK"))
        other.append(once(theirs.code))
    assert abs(min(wrong) - min(other)) < max(0.001, 0.5 * min(min(wrong), min(other)))


def test_showing_the_full_mobile_number_is_audited(client, cast):
    submission = SubmissionFactory(committee=cast.committee)
    client.force_login(cast.office)
    url = reverse("public:submission_mobile", args=[cast.committee.pk, submission.pk])
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert submission.mobile in response.content.decode()
    event = AuditEvent.objects.get(action=Action.PERSONAL_DATA)
    assert (event.user_id, event.object_id) == (cast.office.pk, str(submission.pk))


@pytest.mark.parametrize("actor", ["member", "chair", "leader", "department_user"])
def test_others_cannot_see_the_full_mobile_number(client, cast, actor):
    submission = SubmissionFactory(committee=cast.committee)
    client.force_login(cast.actor(actor))
    url = reverse("public:submission_mobile", args=[cast.committee.pk, submission.pk])
    assert client.post(url).status_code == 403
    assert not AuditEvent.objects.filter(action=Action.PERSONAL_DATA).exists()


def test_the_submitter_is_masked_by_the_one_rule_until_shown(client, cast):
    """people.privacy masks the mobile and the e-mail; the shown page has both in full."""
    submission = SubmissionFactory(
        committee=cast.committee, mobile="13812345678", email="zhang.san@example.org"
    )
    client.force_login(cast.office)
    url = reverse("public:submission", args=[cast.committee.pk, submission.pk])
    page = client.get(url).content.decode()
    assert "138****5678" in page and "z***@example.org" in page
    assert "13812345678" not in page and "zhang.san@example.org" not in page
    shown = client.post(
        reverse("public:submission_mobile", args=[cast.committee.pk, submission.pk])
    ).content.decode()
    assert "13812345678" in shown and "zhang.san@example.org" in shown


def test_the_login_page_leads_the_public_to_their_committees_page(client, cast):
    page = client.get(reverse("login")).content.decode()
    assert reverse("public:landing", args=[cast.committee.pk]) in page
