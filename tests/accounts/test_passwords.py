"""Password policy on every path that sets one; change, reset by e-mail, expiry."""

import datetime as dt
import os
import re

import pytest
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from audit.models import Action, AuditEvent
from people.models import User
from tests.people.factories import UserFactory

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db

GOOD = "Jiangbei-2026!"


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("Ab1!xyz", "password_too_short"),  # seven characters
        ("abcdefghijk1", "password_too_few_classes"),  # small letters and digits only
        ("ABCDEFGHIJKL", "password_too_few_classes"),
        ("Wanghaiming-99", "password_contains_username"),  # the username, in another case
        ("Qwerty12345", "password_too_common"),  # capitals, small letters, digits
        ("12345678901234", "password_entirely_numeric"),
    ],
)
def test_the_policy_refuses_weak_passwords(password, code):
    user = User(username="wanghaiming", email="whm@example.org")
    with pytest.raises(ValidationError) as refused:
        validate_password(password, user)
    assert code in {error.code for error in refused.value.error_list}


@pytest.mark.parametrize("password", [GOOD, "zhou jian ping 1998", "委员议事Lin2026"])
def test_the_policy_accepts_a_strong_password(password):
    validate_password(password, User(username="wanghaiming"))


def test_a_changed_password_is_recorded_with_its_time(person):
    before = timezone.now()
    person.set_password(GOOD)
    person.save()
    person.refresh_from_db()
    assert person.password_changed_at >= before


def test_a_rehash_on_sign_in_is_not_a_change(person):
    User.objects.filter(pk=person.pk).update(password_changed_at=None)
    person.refresh_from_db()
    person.check_password(PASSWORD)
    person.refresh_from_db()
    assert person.password_changed_at is None


class TestSelfService:
    def test_anonymous_is_sent_to_log_in(self, client):
        response = client.get(reverse("accounts:password_change"))
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))

    def test_a_weak_new_password_is_refused_and_nothing_changes(self, client, person):
        client.force_login(person)
        response = client.post(
            reverse("accounts:password_change"),
            {"old_password": PASSWORD, "new_password1": "short1", "new_password2": "short1"},
        )
        assert response.status_code == 200
        assert "密码" in response.content.decode()
        person.refresh_from_db()
        assert person.check_password(PASSWORD)
        assert not AuditEvent.objects.filter(action=Action.PASSWORD_CHANGE).exists()

    def test_the_wrong_old_password_is_refused(self, client, person):
        client.force_login(person)
        client.post(
            reverse("accounts:password_change"),
            {"old_password": "not-it-at-all", "new_password1": GOOD, "new_password2": GOOD},
        )
        person.refresh_from_db()
        assert person.check_password(PASSWORD)

    def test_a_good_new_password_is_saved_audited_and_keeps_me_signed_in(self, client, person):
        client.force_login(person)
        response = client.post(
            reverse("accounts:password_change"),
            {"old_password": PASSWORD, "new_password1": GOOD, "new_password2": GOOD},
        )
        assert response.status_code == 302
        person.refresh_from_db()
        assert person.check_password(GOOD)
        event = AuditEvent.objects.get(action=Action.PASSWORD_CHANGE)
        assert event.user_id == person.pk
        assert client.get(reverse("accounts:security")).status_code == 200


class TestAdmin:
    def test_the_admin_password_form_applies_the_policy(self, client):
        admin = UserFactory(is_staff=True, is_superuser=True)
        target = UserFactory()
        client.force_login(admin)
        url = reverse("admin:auth_user_password_change", args=[target.pk]).replace(
            "auth/user", "people/user"
        )
        weak = client.post(url, {"password1": "abc12345", "password2": "abc12345"})
        assert weak.status_code == 200
        target.refresh_from_db()
        assert target.check_password(PASSWORD)
        assert not AuditEvent.objects.filter(action=Action.PASSWORD_CHANGE).exists()
        client.post(url, {"password1": GOOD, "password2": GOOD})
        target.refresh_from_db()
        assert target.check_password(GOOD)
        event = AuditEvent.objects.get(action=Action.PASSWORD_CHANGE)
        assert (event.user_id, event.object_id, event.detail) == (
            admin.pk,
            str(target.pk),
            "set by another person",
        )


def test_a_new_account_is_not_a_password_change(tmp_path):
    UserFactory()
    call_command_with_password(GOOD)
    assert not AuditEvent.objects.filter(
        action__in=[Action.PASSWORD_CHANGE, Action.PASSWORD_RESET]
    ).exists()


def test_a_password_set_on_the_server_is_audited(person):
    person.set_password(GOOD)
    person.save()
    event = AuditEvent.objects.get(action=Action.PASSWORD_CHANGE)
    assert (event.user_id, event.object_id, event.detail) == (
        None,
        str(person.pk),
        "set on the server",
    )


class TestCreateSuperuser:
    def test_non_interactive_refuses_a_weak_password(self):
        with pytest.raises(CommandError):
            call_command_with_password("demo12345")
        assert not User.objects.filter(username="root2").exists()

    def test_non_interactive_accepts_a_strong_password(self):
        call_command_with_password(GOOD)
        user = User.objects.get(username="root2")
        assert user.is_superuser and user.check_password(GOOD)


def call_command_with_password(password):
    os.environ["DJANGO_SUPERUSER_PASSWORD"] = password
    try:
        call_command(
            "createsuperuser", interactive=False, username="root2", email="root2@example.org",
            verbosity=0,
        )  # fmt: skip
    finally:
        del os.environ["DJANGO_SUPERUSER_PASSWORD"]


class TestImport:
    def write(self, tmp_path, rows):
        path = tmp_path / "users.csv"
        path.write_text(
            "username,full_name,email,password\n" + "\n".join(rows) + "\n", encoding="utf-8"
        )
        return str(path)

    def test_a_weak_password_refuses_the_whole_file(self, tmp_path):
        path = self.write(
            tmp_path,
            [f"liwei,李伟,liwei@example.org,{GOOD}", "zhangmin,张敏,zm@example.org,zhangmin1"],
        )
        with pytest.raises(CommandError, match="zhangmin"):
            call_command("import_users", path)
        assert not User.objects.filter(username__in=["liwei", "zhangmin"]).exists()

    def test_good_rows_are_imported_an_empty_password_is_unusable(self, tmp_path):
        path = self.write(
            tmp_path,
            [f"liwei,李伟,liwei@example.org,{GOOD}", "zhangmin,张敏,zm@example.org,"],
        )
        call_command("import_users", path, stdout=open(os.devnull, "w"))  # noqa: SIM115
        assert User.objects.get(username="liwei").check_password(GOOD)
        assert not User.objects.get(username="zhangmin").has_usable_password()


class TestResetByEmail:
    def ask(self, client, email):
        return client.post(reverse("accounts:password_reset"), {"email": email})

    def link(self):
        return re.search(r"https?://[^/\s]+(/\S+)", mail.outbox[-1].body).group(1)

    def test_unknown_address_gets_the_same_answer_and_no_mail(self, client, person):
        known = self.ask(client, person.email)
        unknown = self.ask(client, "nobody@example.org")
        assert known.status_code == unknown.status_code == 302
        assert known.url == unknown.url
        assert len(mail.outbox) == 1

    def test_the_link_sets_a_new_password_once(self, client, person):
        self.ask(client, person.email)
        assert mail.outbox[0].subject == "设置委员议事的新密码"
        form_url = client.get(self.link()).url  # Django hides the token behind a redirect
        weak = client.post(form_url, {"new_password1": "abc", "new_password2": "abc"})
        assert weak.status_code == 200
        response = client.post(form_url, {"new_password1": GOOD, "new_password2": GOOD})
        assert response.status_code == 302
        person.refresh_from_db()
        assert person.check_password(GOOD)
        assert AuditEvent.objects.get(action=Action.PASSWORD_RESET).user_id == person.pk
        # Used once: the same link no longer works.
        again = client.get(self.link(), follow=True)
        assert "已经使用过或已过期" in again.content.decode()

    def test_the_link_expires(self, client, person, settings, monkeypatch):
        self.ask(client, person.email)
        link = self.link()
        later = dt.datetime.now() + dt.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60)
        # Django's token generator reads the time through _now(), "used for mocking in tests".
        monkeypatch.setattr(PasswordResetTokenGenerator, "_now", lambda self: later)
        response = client.get(link, follow=True)
        assert "已经使用过或已过期" in response.content.decode()
        person.refresh_from_db()
        assert person.check_password(PASSWORD)


class TestExpiry:
    def test_off_by_default(self, client, person):
        User.objects.filter(pk=person.pk).update(
            password_changed_at=timezone.now() - dt.timedelta(days=1000)
        )
        client.force_login(person)
        assert client.get(reverse("portal:home")).status_code == 200

    def test_an_expired_password_must_be_changed_first(self, client, person, settings):
        settings.PASSWORD_EXPIRY_DAYS = 90
        User.objects.filter(pk=person.pk).update(
            password_changed_at=timezone.now() - dt.timedelta(days=91)
        )
        client.force_login(person)
        response = client.get(reverse("portal:home"))
        assert response.status_code == 302
        assert response.url == reverse("accounts:password_change")
        assert client.get(reverse("accounts:password_change")).status_code == 200
        client.post(
            reverse("accounts:password_change"),
            {"old_password": PASSWORD, "new_password1": GOOD, "new_password2": GOOD},
        )
        assert client.get(reverse("portal:home")).status_code == 200

    def test_a_recent_password_is_not_hindered(self, client, person, settings):
        settings.PASSWORD_EXPIRY_DAYS = 90
        User.objects.filter(pk=person.pk).update(
            password_changed_at=timezone.now() - dt.timedelta(days=89)
        )
        client.force_login(person)
        assert client.get(reverse("portal:home")).status_code == 200
