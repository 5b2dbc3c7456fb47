"""The demo's public side: reception days, one submission of each outcome, published topics."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from public.models import ReceptionDay, Submission
from topics.models import Topic

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_the_demo_has_the_public_side(client):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    committee = Topic.objects.get(title="费市家苑小区12年未通管道燃气").committee
    states = dict(Submission.objects.values_list("title", "state"))
    assert set(states.values()) == set(Submission.State.values)
    assert ReceptionDay.objects.filter(committee=committee).count() == 4
    lounge = Submission.objects.get(title="前洋一带蔬菜水果卖不出去")
    assert lounge.received_by.username == "member3"
    assert lounge.topic.title == "助力畅通疫情下全区农产品销售渠道"
    page = client.get(reverse("public:landing", args=[committee.pk])).content.decode()
    assert "费市家苑小区12年未通管道燃气" in page and "孔浦街道委员之家" in page
    before = Submission.objects.count()
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Submission.objects.count() == before
