"""TOTP second factor: enrolment with a QR code, backup codes, sign-in with the code, the
requirement for some roles, the administrator's reset, and the re-ask before signing minutes."""

import datetime as dt

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import UserSession
from audit.models import Action, AuditEvent
from consultations.models import SignOff
from people.administrators import AdministratorRole
from tests.people.factories import UserFactory
from tests.workflow import advance

from .otp import code_of, enrolled

pytestmark = pytest.mark.django_db

HOME = reverse("portal:home")
VERIFY = reverse("accounts:verify")
ENROL = reverse("accounts:second_factor")


def next_window():
    """The authenticator's next code (a code is accepted once)."""
    return time_machine.travel(timezone.now() + dt.timedelta(seconds=31), tick=True)


class TestEnrolment:
    def test_the_page_shows_a_qr_code_and_the_key(self, client, person):
        client.force_login(person)
        page = client.get(ENROL)
        assert page.status_code == 200
        html = page.content.decode()
        assert 'src="data:image/svg+xml;base64,' in html
        device = TOTPDevice.objects.get(user=person, confirmed=False)
        assert page.context["secret"].replace(" ", "") in html.replace(" ", "")
        assert device.config_url.startswith("otpauth://totp/")

    def test_a_wrong_code_confirms_nothing(self, client, person):
        client.force_login(person)
        client.get(ENROL)
        response = client.post(ENROL, {"otp_token": "000000"})
        assert response.status_code == 400
        assert not TOTPDevice.objects.filter(user=person, confirmed=True).exists()
        assert AuditEvent.objects.filter(action=Action.SECOND_FACTOR_FAILED).exists()
        assert not AuditEvent.objects.filter(action=Action.SECOND_FACTOR_ENROL).exists()

    def test_the_right_code_confirms_it_and_gives_backup_codes(self, client, person, settings):
        client.force_login(person)
        client.get(ENROL)
        device = TOTPDevice.objects.get(user=person, confirmed=False)
        response = client.post(ENROL, {"otp_token": code_of(device)})
        assert response.status_code == 200
        codes = response.context["codes"]
        assert len(codes) == settings.BACKUP_CODES == len(set(codes))
        device.refresh_from_db()
        assert device.confirmed
        assert StaticToken.objects.filter(device__user=person).count() == settings.BACKUP_CODES
        event = AuditEvent.objects.get(action=Action.SECOND_FACTOR_ENROL)
        assert event.user_id == person.pk
        # The session is verified now: new backup codes may be made, the old ones stop.
        again = client.post(reverse("accounts:backup_codes"))
        assert set(again.context["codes"]).isdisjoint(codes)

    def test_anonymous_is_sent_to_log_in(self, client):
        assert client.get(ENROL).url.startswith(reverse("login"))

    def test_backup_codes_need_a_verified_session(self, client, person):
        enrolled(person)
        client.force_login(person)
        response = client.post(reverse("accounts:backup_codes"))
        assert response.status_code == 302
        assert not StaticDevice.objects.filter(user=person).exists()


class TestSignIn:
    def test_with_a_device_the_code_is_asked_before_anything(self, client, sign_in, person):
        device = enrolled(person)
        assert sign_in(person.username).status_code == 302
        blocked = client.get(HOME)
        assert blocked.status_code == 302
        assert blocked.url.startswith(VERIFY)
        assert client.get(reverse("topics:list")).url.startswith(VERIFY)
        wrong = client.post(VERIFY, {"otp_token": "123456"})
        assert wrong.status_code == 400
        assert client.get(HOME).status_code == 302
        failed = AuditEvent.objects.get(action=Action.SECOND_FACTOR_FAILED)
        assert failed.user_id == person.pk
        with next_window():
            right = client.post(VERIFY, {"otp_token": code_of(device), "next": HOME})
            assert right.status_code == 302
            assert right.url == HOME
            assert client.get(HOME).status_code == 200
        assert AuditEvent.objects.filter(action=Action.SIGN_IN, user_id=person.pk).get().detail == (
            "password; second factor: verify"
        )

    def test_the_next_address_must_be_on_this_site(self, client, sign_in, person):
        device = enrolled(person)
        sign_in(person.username)
        response = client.post(
            VERIFY, {"otp_token": code_of(device), "next": "https://evil.example/"}
        )
        assert response.url == HOME

    def test_a_backup_code_works_once(self, client, sign_in, person):
        enrolled(person)
        static = StaticDevice.objects.create(user=person, name="backup", confirmed=True)
        static.token_set.create(token="abcd2345")
        sign_in(person.username)
        assert client.post(VERIFY, {"otp_token": "abcd2345"}).status_code == 302
        client.post(reverse("logout"))
        sign_in(person.username)
        assert client.post(VERIFY, {"otp_token": "abcd2345"}).status_code == 400

    def test_without_a_device_nothing_more_is_asked(self, client, sign_in, person):
        sign_in(person.username)
        assert client.get(HOME).status_code == 200
        assert client.get(VERIFY).status_code == 302  # nothing to verify: on to the site

    def test_the_code_page_lets_one_sign_out(self, client, sign_in, person):
        enrolled(person)
        sign_in(person.username)
        assert client.post(reverse("logout")).status_code == 302
        assert AuditEvent.objects.filter(action=Action.SIGN_OUT).exists()


class TestRequirement:
    @pytest.fixture(autouse=True)
    def _required(self, settings):
        settings.SECOND_FACTOR_REQUIRED = True

    @pytest.mark.parametrize("actor", ["office", "leader", "chair"])
    def test_these_roles_must_set_one_up_first(self, client, sign_in, cast, actor):
        user = getattr(cast, actor)
        sign_in(user.username)
        response = client.get(HOME)
        assert response.status_code == 302
        assert response.url == ENROL
        assert client.get(ENROL).status_code == 200

    def test_admin_access_requires_it(self, client, sign_in):
        staff = UserFactory(is_staff=True, committee=None)
        sign_in(staff.username)
        assert client.get(reverse("admin:index")).url == ENROL

    @pytest.mark.parametrize("actor", ["member", "department_user", "evaluator_user"])
    def test_other_roles_may_go_on_without(self, client, sign_in, cast, actor):
        sign_in(getattr(cast, actor).username)
        assert client.get(HOME).status_code == 200

    def test_off_in_the_local_settings_by_default(self, client, sign_in, cast, settings):
        settings.SECOND_FACTOR_REQUIRED = False
        sign_in(cast.office.username)
        assert client.get(reverse("topics:list")).status_code == 200


class TestReset:
    url = reverse("accounts:second_factor_reset")

    @pytest.fixture
    def security_admin(self):
        admin = UserFactory(committee=None)
        admin.groups.add(Group.objects.get(name=AdministratorRole.SECURITY.value))
        return admin

    def test_the_security_administrator_resets_it_and_it_is_audited(
        self, client, security_admin, person
    ):
        enrolled(person)
        StaticDevice.objects.create(user=person, name="backup", confirmed=True)
        UserSession.objects.create(
            user=person, session_key="x" * 32, signed_in_at=timezone.now(), last_seen=timezone.now()
        )
        client.force_login(security_admin)
        page = client.get(self.url, {"username": person.username})
        assert page.context["account_has_second_factor"]
        response = client.post(self.url, {"user": person.pk})
        assert response.status_code == 302
        assert not TOTPDevice.objects.filter(user=person).exists()
        assert not StaticDevice.objects.filter(user=person).exists()
        assert not UserSession.objects.filter(user=person).exists()
        event = AuditEvent.objects.get(action=Action.SECOND_FACTOR_RESET)
        assert (event.user_id, event.object_id) == (security_admin.pk, str(person.pk))

    def test_an_unknown_username_says_so(self, client, security_admin):
        client.force_login(security_admin)
        page = client.get(self.url, {"username": "nobody"})
        assert "没有使用该用户名的账户" in page.content.decode()

    @pytest.mark.parametrize("actor", ["office", "member", "leader", "chair", "department_user"])
    def test_everyone_else_is_refused_and_nothing_changes(self, client, cast, actor, person):
        enrolled(person)
        client.force_login(getattr(cast, actor))
        assert client.get(self.url).status_code == 403
        assert client.post(self.url, {"user": person.pk}).status_code == 403
        assert TOTPDevice.objects.filter(user=person).exists()
        assert not AuditEvent.objects.filter(action=Action.SECOND_FACTOR_RESET).exists()

    def test_anonymous_is_refused(self, client, person):
        enrolled(person)
        assert client.post(self.url, {"user": person.pk}).status_code in (302, 403)
        assert TOTPDevice.objects.filter(user=person).exists()


class TestSignOffReasks:
    """A leader signing minutes gives the code again when it is older than the setting."""

    @pytest.fixture
    def topic(self, cast):
        return advance(cast.topic(), "minutes_submitted", cast=cast)

    @pytest.fixture
    def leader(self, client, sign_in, cast):
        device = enrolled(cast.leader_a)
        sign_in(cast.leader_a.username)
        client.post(VERIFY, {"otp_token": code_of(device)})
        return device

    def url(self, topic):
        return reverse("consultations:sign", args=[topic.pk])

    def sign(self, client, topic, **extra):
        data = {"expected_state": "minutes_submitted", "decision": "approve", "opinion": "同意"}
        return client.post(self.url(topic), {**data, **extra})

    def test_a_recent_code_is_enough(self, client, topic, leader, cast):
        assert "otp_token" not in client.get(self.url(topic)).context["form"].fields
        assert self.sign(client, topic).status_code == 302
        assert SignOff.objects.filter(leader=cast.leader_a).exists()

    def test_an_old_code_is_asked_again(self, client, topic, leader, cast, settings):
        later = timezone.now() + dt.timedelta(seconds=settings.SECOND_FACTOR_REVERIFY_SECONDS + 60)
        with time_machine.travel(later, tick=True) as traveller:
            assert "otp_token" in client.get(self.url(topic)).context["form"].fields
            missing = self.sign(client, topic)
            assert missing.status_code == 400
            wrong = self.sign(client, topic, otp_token="000000")
            assert wrong.status_code == 400
            assert not SignOff.objects.exists()
            traveller.shift(2)  # past the pause django-otp imposes after a wrong code
            right = self.sign(client, topic, otp_token=code_of(leader))
            assert right.status_code == 302
        assert SignOff.objects.filter(leader=cast.leader_a).exists()

    def test_a_leader_without_a_second_factor_is_not_asked(self, client, topic, cast, settings):
        client.force_login(cast.leader_a)
        later = timezone.now() + dt.timedelta(seconds=settings.SECOND_FACTOR_REVERIFY_SECONDS + 60)
        with time_machine.travel(later, tick=True):
            assert self.sign(client, topic).status_code == 302
