"""Members record what residents raise at a reception day, on the same form, signed in."""

import pytest
from django.urls import reverse

from public.models import Submission
from tests.helpers import assert_unchanged, db_state
from tests.public.factories import ReceptionDayFactory

pytestmark = pytest.mark.django_db


def data(**overrides):
    return {
        "title": "老旧小区树木需要修剪",
        "description": "台风前树枝压着电线。",
        "place": "孔浦街道",
        "category": "old_communities",
        "name": "李大伯",
        "mobile": "13600001111",
        "consent": "on",
    } | overrides


def test_a_member_of_the_day_records_a_problem(client, cast):
    day = ReceptionDayFactory(committee=cast.committee, members=[cast.member])
    client.force_login(cast.member)
    hub = client.get(reverse("public:hub")).content.decode()
    url = reverse("public:record", args=[cast.committee.pk, day.pk])
    assert url in hub
    form = client.get(url).content.decode()
    assert day.venue_address in form  # the place is pre-filled
    assert "captcha" not in form and 'name="website"' not in form
    response = client.post(url, data(), follow=True)
    submission = Submission.objects.get()
    assert submission.reception_day == day
    assert submission.received_by == cast.member
    assert submission.channel == Submission.Channel.RECEPTION
    assert "查询码" in response.content.decode()


@pytest.mark.parametrize(
    ("actor", "status"),
    [
        ("member", 403),  # a member, but not on this day
        ("chair", 403),
        ("leader", 403),
        ("department_user", 403),
        ("evaluator_user", 403),
        ("other:member", 404),
        ("anonymous", 302),
    ],
)
def test_others_may_not_record_at_the_day(client, cast, actor, status):
    day = ReceptionDayFactory(committee=cast.committee, members=[cast.proposer])
    user = cast.actor(actor)
    if user.is_authenticated:
        client.force_login(user)
    cast.everyone()
    before = db_state()
    url = reverse("public:record", args=[cast.committee.pk, day.pk])
    assert client.get(url).status_code == status
    assert client.post(url, data()).status_code == status
    assert_unchanged(before)


def test_office_staff_may_record_too_and_bad_input_is_refused(client, cast):
    day = ReceptionDayFactory(committee=cast.committee)
    client.force_login(cast.office)
    url = reverse("public:record", args=[cast.committee.pk, day.pk])
    response = client.post(url, data(mobile="abc"))
    assert response.status_code == 400
    assert "请输入11位中国大陆手机号码" in response.content.decode()
    assert client.post(url, data()).status_code == 302
    assert Submission.objects.get().received_by == cast.office
