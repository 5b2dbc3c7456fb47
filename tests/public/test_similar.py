"""Similar topics and submissions: pg_trgm on PostgreSQL, character bigrams on SQLite."""

import pytest
from django.urls import reverse

from public.selectors import similar
from tests.public.factories import SubmissionFactory

pytestmark = pytest.mark.django_db


def test_the_most_similar_come_first_and_others_committees_are_left_out(cast):
    lights = cast.topic(title="杜姚线二期沿线无路灯", description="沿线没有路灯，夜间不安全。")
    cast.topic(title="城乡生活垃圾分类", description="垃圾分类投放点不足。")
    elsewhere = SubmissionFactory(committee=cast.other_committee, title="杜姚线二期沿线无路灯")
    near = SubmissionFactory(committee=cast.committee, title="杜姚线路灯不亮")
    topics, submissions = similar(cast.committee.pk, "杜姚线二期路灯", "晚上没有路灯")
    assert topics[0] == lights
    assert [topic.title for topic in topics] == ["杜姚线二期沿线无路灯"]
    assert near in submissions and elsewhere not in submissions


def test_triage_and_a_new_draft_topic_show_similar_ones(client, cast):
    lights = cast.topic(title="杜姚线二期沿线无路灯")
    submission = SubmissionFactory(committee=cast.committee, title="杜姚线二期沿线路灯缺失")
    client.force_login(cast.office)
    detail = client.get(submission.get_absolute_url()).content.decode()
    assert lights.get_absolute_url() in detail
    merge = reverse("public:triage", args=[cast.committee.pk, submission.pk, "merge"])
    assert lights.get_absolute_url() in client.get(merge).content.decode()
    draft = cast.topic(title="杜姚线二期路灯问题", created_by=cast.office)
    page = client.get(draft.get_absolute_url()).content.decode()
    assert lights.get_absolute_url() in page and submission.get_absolute_url() in page
