"""三员分立: the system, security and audit administrators each do their own work in the admin
and nothing of the others'; no one role and no one person holds all three."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from audit.models import Action
from audit.services import audit_record
from people import checks
from people.administrators import KEY_PERMISSION, PERMISSIONS, AdministratorRole
from people.models import Committee, Membership
from people.roles import Role
from tests.people.admin_forms import admin_form_data
from tests.people.factories import CommitteeFactory, UserFactory, administrator

pytestmark = pytest.mark.django_db

SYSTEM, SECURITY, AUDIT = (
    AdministratorRole.SYSTEM,
    AdministratorRole.SECURITY,
    AdministratorRole.AUDIT,
)


def _names(group):
    return {
        f"{app_label}.{codename}"
        for app_label, codename in group.permissions.values_list(
            "content_type__app_label", "codename"
        )
    }


@pytest.mark.parametrize("role", list(AdministratorRole))
def test_each_group_has_exactly_its_permissions(role):
    group = Group.objects.get(name=role.value)
    assert _names(group) == set(PERMISSIONS[role])


def test_no_group_holds_what_makes_another_role():
    held = {
        role: {other for other, key in KEY_PERMISSION.items() if key in _names(group)}
        for role in AdministratorRole
        for group in [Group.objects.get(name=role.value)]
    }
    assert held == {role: {role} for role in AdministratorRole}
    assert checks.administrator_roles_check(None) == []


def test_the_check_refuses_a_group_with_two_roles(monkeypatch):
    merged = {**PERMISSIONS, SYSTEM: [*PERMISSIONS[SYSTEM], "audit.view_auditevent"]}
    monkeypatch.setattr(checks, "PERMISSIONS", merged)
    (error,) = checks.administrator_roles_check(None)
    assert error.id == "people.E001" and "审计管理员" in error.msg


def test_groups_are_kept_exact_by_migrate():
    group = Group.objects.get(name=SECURITY.value)
    group.permissions.clear()
    call_command("migrate", verbosity=0)
    assert _names(group) == set(PERMISSIONS[SECURITY])


def test_deploy_check_warns_while_an_active_superuser_exists():
    assert checks.superuser_check(None) == []
    root = UserFactory(committee=None, username="root", is_superuser=True, is_staff=True)
    (warning,) = checks.superuser_check(None)
    assert warning.id == "people.W001" and "root" in warning.msg
    root.is_active = False
    root.save()
    assert checks.superuser_check(None) == []


@pytest.fixture
def admins():
    return {role: administrator(role) for role in AdministratorRole}


def _get(client, user, url):
    client.force_login(user)
    return client.get(url)


ADMIN_PAGES = {
    "committees": reverse("admin:people_committee_changelist"),
    "add committee": reverse("admin:people_committee_add"),
    "deadline policies": reverse("admin:deadlines_deadlinepolicy_changelist"),
    "annual plans": reverse("admin:topics_annualplan_changelist"),
    "users": reverse("admin:people_user_changelist"),
    "add user": reverse("admin:people_user_add"),
    "groups": reverse("admin:auth_group_changelist"),
    "audit log": reverse("admin:audit_auditevent_changelist"),
    "topics": reverse("admin:topics_topic_changelist"),
    "lockouts": reverse("accounts:lockouts"),
    "second-factor reset": reverse("accounts:second_factor_reset"),
    "audit search": reverse("audit:log"),
}
CAN_OPEN = {
    SYSTEM: {"committees", "add committee", "deadline policies", "annual plans", "users",
             "add user"},
    SECURITY: {"users", "committees", "groups", "lockouts", "second-factor reset"},
    AUDIT: {"audit log", "audit search"},
}  # fmt: skip


@pytest.mark.parametrize("role", list(AdministratorRole))
def test_each_administrator_opens_only_their_own_pages(client, admins, role):
    client.force_login(admins[role])
    for name, url in ADMIN_PAGES.items():
        status = client.get(url).status_code
        assert status == (200 if name in CAN_OPEN[role] else 403), (role, name, status)


def test_the_system_administrator_adds_a_committee_but_reads_no_audit_row(client, admins):
    event = audit_record(Action.SIGN_IN, detail="x")
    client.force_login(admins[SYSTEM])
    response = client.post(
        reverse("admin:people_committee_add"),
        {"name": "宁波市北仑区政协", "short_name": "北仑政协"},
    )
    assert (
        response.status_code == 302 and Committee.objects.filter(name="宁波市北仑区政协").exists()
    )
    url = reverse("admin:audit_auditevent_change", args=[event.pk])
    assert client.get(url).status_code == 403
    assert client.get(reverse("admin:audit_auditevent_delete", args=[event.pk])).status_code == 403


def test_the_system_administrator_keeps_accounts_but_not_their_roles(client, admins):
    person = UserFactory(committee=None, username="zhang")
    url = reverse("admin:people_user_change", args=[person.pk])
    page = _get(client, admins[SYSTEM], url)
    assert page.status_code == 200
    fields = page.context["adminform"].form.fields
    assert "email" in fields and "groups" not in fields and "is_staff" not in fields
    assert not any(
        inline.formset.prefix == "memberships" for inline in page.context["inline_admin_formsets"]
    )
    audit_group = Group.objects.get(name=AUDIT.value)
    data = admin_form_data(page, email="zhang@new.example.org", groups=[audit_group.pk])
    assert client.post(url, data).status_code == 302
    person.refresh_from_db()
    assert person.email == "zhang@new.example.org" and not person.groups.exists()
    password = reverse("admin:auth_user_password_change", args=[person.pk])
    assert client.get(password).status_code == 200


@pytest.mark.parametrize("target", [AUDIT, SECURITY, "superuser"])
def test_the_system_administrator_cannot_take_over_an_administrator_account(client, admins, target):
    if target == "superuser":
        person = UserFactory(committee=None, is_superuser=True, is_staff=True)
    else:
        person = admins[target]
    url = reverse("admin:people_user_change", args=[person.pk])
    page = _get(client, admins[SYSTEM], url)
    assert page.status_code == 200
    assert "email" not in page.context["adminform"].form.fields
    client.post(url, admin_form_data(page, email="thief@example.org"))
    person.refresh_from_db()
    assert person.email != "thief@example.org"
    password = reverse("admin:auth_user_password_change", args=[person.pk])
    assert client.get(password).status_code == 403
    assert (
        client.post(
            password, {"password1": "Qz9!kd-72Lmx", "password2": "Qz9!kd-72Lmx"}
        ).status_code
        == 403
    )
    person.refresh_from_db()
    assert not person.check_password("Qz9!kd-72Lmx")


def test_the_security_administrator_gives_roles_but_keeps_no_account(client, admins):
    committee = CommitteeFactory()
    person = UserFactory(committee=None, username="li", email="li@example.org")
    url = reverse("admin:people_user_change", args=[person.pk])
    page = _get(client, admins[SECURITY], url)
    fields = page.context["adminform"].form.fields
    assert {"groups", "is_staff"} <= set(fields) and "email" not in fields
    assert "user_permissions" not in fields and "is_superuser" not in fields
    audit_group = Group.objects.get(name=AUDIT.value)
    data = admin_form_data(
        page,
        groups=[audit_group.pk],
        is_staff="on",
        email="changed@example.org",
        **{
            "memberships-TOTAL_FORMS": "1",
            "memberships-0-committee": committee.pk,
            "memberships-0-role": Role.OFFICE_STAFF,
        },
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    person.refresh_from_db()
    assert list(person.groups.all()) == [audit_group] and person.is_staff
    assert person.email == "li@example.org"
    assert Membership.objects.filter(
        user=person, committee=committee, role=Role.OFFICE_STAFF
    ).exists()
    password = reverse("admin:auth_user_password_change", args=[person.pk])
    assert client.get(password).status_code == 403


def test_no_one_holds_two_administrator_roles(client, admins):
    person = UserFactory(committee=None, is_staff=True)
    url = reverse("admin:people_user_change", args=[person.pk])
    page = _get(client, admins[SECURITY], url)
    both = [Group.objects.get(name=SYSTEM.value).pk, Group.objects.get(name=AUDIT.value).pk]
    response = client.post(url, admin_form_data(page, groups=both, is_staff="on"))
    assert response.status_code == 200
    assert "不能同时" in str(response.context["adminform"].form.errors["groups"])
    assert not person.groups.exists()


def test_the_security_administrator_cannot_change_their_own_roles(client, admins):
    me = admins[SECURITY]
    url = reverse("admin:people_user_change", args=[me.pk])
    page = _get(client, me, url)
    assert page.status_code == 200
    fields = page.context["adminform"].form.fields
    assert "groups" not in fields and "is_staff" not in fields
    memberships = [
        i for i in page.context["inline_admin_formsets"] if i.formset.prefix == "memberships"
    ]
    assert all(not i.has_add_permission and not i.has_change_permission for i in memberships)
    audit_group = Group.objects.get(name=AUDIT.value)
    client.post(url, admin_form_data(page, groups=[audit_group.pk]))
    assert [group.name for group in me.groups.all()] == [SECURITY.value]


def test_the_audit_administrator_reads_the_log_and_changes_nothing(client, admins):
    event = audit_record(Action.SIGN_IN, detail="x")
    client.force_login(admins[AUDIT])
    change = reverse("admin:audit_auditevent_change", args=[event.pk])
    page = client.get(change)
    assert page.status_code == 200 and not page.context["has_change_permission"]
    assert client.post(change, {"detail": "changed"}).status_code == 403
    delete = reverse("admin:audit_auditevent_delete", args=[event.pk])
    assert (
        client.get(delete).status_code == 403
        and client.post(delete, {"post": "yes"}).status_code == 403
    )
    bulk = client.post(
        reverse("admin:audit_auditevent_changelist"),
        {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"},
    )
    assert bulk.status_code in (200, 302, 403)
    event.refresh_from_db()
    assert event.detail == "x"


def test_not_even_a_superuser_changes_or_deletes_an_audit_row_in_the_admin(client):
    event = audit_record(Action.SIGN_IN, detail="x")
    client.force_login(UserFactory(committee=None, is_superuser=True, is_staff=True))
    changelist = client.get(reverse("admin:audit_auditevent_changelist"))
    assert changelist.status_code == 200
    action_form = changelist.context["action_form"]
    actions = [name for name, _label in action_form.fields["action"].choices] if action_form else []
    assert "delete_selected" not in actions
    change = reverse("admin:audit_auditevent_change", args=[event.pk])
    assert not client.get(change).context["has_change_permission"]
    assert client.post(change, {"detail": "changed"}).status_code == 403
    delete = reverse("admin:audit_auditevent_delete", args=[event.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert client.get(reverse("admin:audit_auditevent_add")).status_code == 403
    event.refresh_from_db()
    assert event.detail == "x"
