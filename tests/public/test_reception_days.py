"""Office staff plan reception days; nobody else may, and another committee's are 404."""

import pytest
from django.urls import reverse

from public.models import ReceptionDay
from tests.helpers import assert_unchanged, db_state
from tests.public.factories import ReceptionDayFactory

pytestmark = pytest.mark.django_db


def form_data(cast, **overrides):
    data = {
        "kind": ReceptionDay.Kind.RECEPTION_DAY,
        "venue_name": "孔浦街道委员之家",
        "venue_address": "宁波市江北区孔浦街道",
        "starts_at": "2030-05-06T09:00",
        "ends_at": "2030-05-06T11:30",
        "members": [cast.member.pk, cast.proposer.pk],
    }
    data.update(overrides)
    return data


def test_office_staff_create_a_reception_day(client, cast):
    client.force_login(cast.office)
    url = reverse("public:reception_day_new", args=[cast.committee.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, form_data(cast))
    assert response.status_code == 302
    day = ReceptionDay.objects.get()
    assert day.committee == cast.committee
    assert set(day.members.all()) == {cast.member, cast.proposer}
    listing = client.get(reverse("public:reception_days", args=[cast.committee.pk]))
    assert "孔浦街道委员之家" in listing.content.decode()


def test_office_staff_change_a_reception_day(client, cast):
    day = ReceptionDayFactory(committee=cast.committee, members=[cast.member])
    client.force_login(cast.office)
    url = reverse("public:reception_day_edit", args=[cast.committee.pk, day.pk])
    response = client.post(url, form_data(cast, venue_name="慈城镇委员会客厅", members=[]))
    assert response.status_code == 302
    day.refresh_from_db()
    assert day.venue_name == "慈城镇委员会客厅"
    assert not day.members.exists()


def test_end_before_start_and_a_stranger_are_refused(client, cast):
    client.force_login(cast.office)
    url = reverse("public:reception_day_new", args=[cast.committee.pk])
    response = client.post(url, form_data(cast, ends_at="2030-05-06T08:00"))
    assert response.status_code == 400
    assert "结束时间必须晚于开始时间" in response.content.decode()
    assert not ReceptionDay.objects.exists()


@pytest.mark.parametrize(
    ("actor", "status"),
    [
        ("member", 403),
        ("chair", 403),
        ("leader", 403),
        ("department_user", 403),
        ("evaluator_user", 403),
        ("other:office_staff", 404),
        ("anonymous", 302),
    ],
)
def test_others_may_not_plan_reception_days(client, cast, actor, status):
    day = ReceptionDayFactory(committee=cast.committee)
    user = cast.actor(actor)
    if user.is_authenticated:
        client.force_login(user)
    cast.everyone()
    before = db_state()
    for url in (
        reverse("public:reception_days", args=[cast.committee.pk]),
        reverse("public:reception_day_new", args=[cast.committee.pk]),
        reverse("public:reception_day_edit", args=[cast.committee.pk, day.pk]),
    ):
        assert client.get(url).status_code == status
        assert client.post(url, form_data(cast)).status_code == status
    assert_unchanged(before)


def test_another_committees_reception_day_is_404(client, cast):
    elsewhere = ReceptionDayFactory()
    client.force_login(cast.office)
    url = reverse("public:reception_day_edit", args=[cast.committee.pk, elsewhere.pk])
    assert client.get(url).status_code == 404
