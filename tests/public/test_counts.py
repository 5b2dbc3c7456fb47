"""Counts of problems from the public on the dashboard."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from public.models import Submission
from public.selectors import submission_counts
from public.services import submission_accept, submission_decline
from tests.public.factories import ReceptionDayFactory, SubmissionFactory

pytestmark = pytest.mark.django_db


def test_counts_per_month_venue_share_and_median_reply(cast):
    day = ReceptionDayFactory(committee=cast.committee, venue_name="前洋e商小镇委员会客厅")
    online = SubmissionFactory.create_batch(3, committee=cast.committee)
    at_day = SubmissionFactory(committee=cast.committee, reception_day=day, channel="reception")
    SubmissionFactory(committee=cast.other_committee)
    submission_accept(
        submission=at_day, actor=cast.office, title="t", description="d", category="roads"
    )
    submission_decline(submission=online[0], actor=cast.office, reason="x")
    now = timezone.now()
    Submission.objects.filter(pk=at_day.pk).update(
        created_at=now - dt.timedelta(days=4), first_reply_at=now
    )
    Submission.objects.filter(pk=online[0].pk).update(
        created_at=now - dt.timedelta(days=2), first_reply_at=now
    )
    counts = submission_counts([cast.committee.pk], timezone.localdate().year)
    assert counts["total"] == 4
    assert counts["accepted"] == 1
    assert counts["share_accepted"] == 0.25
    assert counts["median_days_to_reply"] == 3.0
    assert sum(row["count"] for row in counts["per_month"]) == 4
    venues = {(str(row["channel"]), row["venue"]): row["count"] for row in counts["per_venue"]}
    assert venues[("接待活动现场", "前洋e商小镇委员会客厅")] == 1
    assert venues[("网上提交", "")] == 3


def test_the_dashboard_shows_them(client, cast):
    submissions = SubmissionFactory.create_batch(2, committee=cast.committee)
    submission_decline(submission=submissions[0], actor=cast.office, reason="x")
    client.force_login(cast.office)
    page = client.get(reverse("dashboard:index")).content.decode()
    assert "每月群众出题数" in page
    assert "首次回复的天数（中位数）" in page
    assert "立题比例（%）" in page
