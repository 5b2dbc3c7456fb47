"""Failed sign-ins lock the account and the address (django-axes); office staff lift it."""

import datetime as dt
import re

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from audit.models import Action, AuditEvent, Outcome
from people.administrators import AdministratorRole
from people.roles import Role
from tests.people.factories import UserFactory

pytestmark = pytest.mark.django_db

LIMIT = 5


@pytest.fixture(autouse=True)
def _limit(settings):
    settings.AXES_FAILURE_LIMIT = LIMIT


def fail(sign_in, username, times, address="10.0.0.1"):
    return [sign_in(username, "wrong-password-1", address=address) for _ in range(times)]


def test_a_wrong_password_and_an_unknown_user_get_the_same_answer(sign_in, person):
    wrong = sign_in(person.username, "wrong-password-1", address="10.0.0.2")
    unknown = sign_in("nobody-here", "wrong-password-1", address="10.0.0.3")
    assert wrong.status_code == unknown.status_code == 200
    assert wrong.context["form"].errors == unknown.context["form"].errors
    rows = AuditEvent.objects.filter(action=Action.SIGN_IN_FAILED).order_by("pk")
    assert [(row.username, row.outcome) for row in rows] == [
        (person.username, Outcome.FAILURE),
        ("nobody-here", Outcome.FAILURE),
    ]
    assert rows[0].source_address == "10.0.0.2"


def test_fewer_failures_than_the_limit_do_not_hinder(sign_in, person):
    fail(sign_in, person.username, LIMIT - 1)
    response = sign_in(person.username)
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action=Action.SIGN_IN, user_id=person.pk).exists()


def test_the_limit_locks_the_account_even_with_the_right_password(sign_in, person):
    responses = fail(sign_in, person.username, LIMIT)
    assert responses[-1].status_code == 429
    assert "登录失败次数过多" in responses[-1].content.decode()
    # From another address too: the account itself is locked.
    locked = sign_in(person.username, address="10.9.9.9")
    assert locked.status_code == 429
    assert "_auth_user_id" not in locked.wsgi_request.session
    lockout = AuditEvent.objects.filter(action=Action.LOCKOUT).order_by("pk").first()
    assert lockout.username == person.username
    assert lockout.outcome == Outcome.REFUSED
    assert lockout.source_address == "10.0.0.1"


def test_an_unknown_user_is_locked_out_the_same_way(sign_in, person):
    known = fail(sign_in, person.username, LIMIT, address="10.0.0.5")[-1]
    unknown = fail(sign_in, "nobody-here", LIMIT, address="10.0.0.6")[-1]
    assert known.status_code == unknown.status_code == 429
    assert without_csrf(known) == without_csrf(unknown)


def without_csrf(response):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def test_the_limit_locks_the_address_for_every_account(sign_in, person):
    for n in range(LIMIT):
        sign_in(f"guess{n}", "wrong-password-1", address="10.0.0.7")
    assert sign_in(person.username, address="10.0.0.7").status_code == 429
    # Another address is not hindered.
    assert sign_in(person.username, address="10.0.0.8").status_code == 302


def test_the_lockout_ends_by_itself_after_the_lockout_period(sign_in, person, settings):
    fail(sign_in, person.username, LIMIT)
    later = timezone.now() + dt.timedelta(minutes=settings.LOCKOUT_MINUTES + 1)
    with time_machine.travel(later):
        assert sign_in(person.username).status_code == 302


class TestLockoutPage:
    url = reverse("accounts:lockouts")

    def test_office_staff_see_and_lift_an_account_lockout(self, client, sign_in, cast):
        fail(sign_in, cast.department_user.username, LIMIT, address="10.0.0.9")
        client.force_login(cast.office)
        page = client.get(self.url)
        assert page.status_code == 200
        assert [row["username"] for row in page.context["accounts"]] == [
            cast.department_user.username
        ]
        assert [row["ip_address"] for row in page.context["addresses"]] == ["10.0.0.9"]
        response = client.post(self.url, {"username": cast.department_user.username})
        assert response.status_code == 302
        lifted = AuditEvent.objects.get(action=Action.LOCKOUT_LIFTED)
        assert lifted.user_id == cast.office.pk
        assert cast.department_user.username in lifted.detail
        client.logout()
        assert sign_in(cast.department_user.username, address="10.0.1.1").status_code == 302

    def test_lifting_an_address(self, client, sign_in, cast):
        for n in range(LIMIT):
            sign_in(f"guess{n}", "wrong-password-1", address="10.0.0.10")
        client.force_login(cast.office)
        client.post(self.url, {"address": "10.0.0.10"})
        client.logout()
        assert sign_in(cast.member.username, address="10.0.0.10").status_code == 302

    def test_the_security_administrator_may(self, client):
        admin = UserFactory(committee=None)
        admin.groups.add(Group.objects.get(name=AdministratorRole.SECURITY.value))
        client.force_login(admin)
        assert client.get(self.url).status_code == 200

    @pytest.mark.parametrize(
        "actor", ["member", "chair", "leader", "department_user", "evaluator_user"]
    )
    def test_other_roles_are_refused_and_nothing_is_lifted(self, client, sign_in, cast, actor):
        fail(sign_in, "target", LIMIT, address="10.0.0.11")
        client.force_login(getattr(cast, actor))
        assert client.get(self.url).status_code == 403
        assert client.post(self.url, {"username": "target"}).status_code == 403
        client.logout()
        assert sign_in("target", address="10.0.2.2").status_code == 429
        assert not AuditEvent.objects.filter(action=Action.LOCKOUT_LIFTED).exists()

    def test_anonymous_is_sent_to_log_in(self, client):
        response = client.get(self.url)
        assert response.status_code in (302, 403)
        assert AuditEvent.objects.filter(action=Action.LOCKOUT_LIFTED).count() == 0

    def test_queries_do_not_grow_with_lockouts(
        self, client, sign_in, cast, django_assert_max_num_queries
    ):
        for n in range(8):
            fail(sign_in, f"someone{n}", LIMIT, address=f"10.0.3.{n}")
        client.force_login(cast.office)
        with django_assert_max_num_queries(8):
            response = client.get(self.url)
        assert len(response.context["accounts"]) == 8


def test_office_staff_role_is_needed_in_some_committee(client):
    outsider = UserFactory(role=Role.MEMBER)
    client.force_login(outsider)
    assert client.get(reverse("accounts:lockouts")).status_code == 403
