"""三员分立: the three administrator roles, each a Django group with exactly these permissions.

- the system administrator (系统管理员) keeps committees, their bodies, departments, evaluator
  organisations, user accounts and the settings (deadline policies, annual plans, the
  notification outbox); nothing of the audit log, no roles;
- the security administrator (安全管理员) gives and takes roles: memberships, administrator
  groups and the staff flag, lockouts and second-factor resets, the password policy;
- the audit administrator (审计管理员) reads and exports the security audit log, nothing else.

No group holds the permissions of two roles (`people.checks`), and no person holds two of the
groups (`administrator_roles_clean`, used by the admin). The groups are written by
`groups_sync`, from a data migration and again after every `migrate` (so a permission that a
later app adds reaches its group); a superuser is not needed in daily operation and
`check --deploy` warns while one is active.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class AdministratorRole(models.TextChoices):
    SYSTEM = "系统管理员", _("System administrator")
    SECURITY = "安全管理员", _("Security administrator")
    AUDIT = "审计管理员", _("Audit administrator")


def _crud(app_label, model, *actions):
    return [f"{app_label}.{action}_{model}" for action in actions]


PERMISSIONS = {
    AdministratorRole.SYSTEM: [
        *_crud("people", "committee", "add", "change", "view"),
        *_crud("people", "committeebody", "add", "change", "view"),
        *_crud("people", "department", "add", "change", "view"),
        *_crud("people", "evaluatororganisation", "add", "change", "view"),
        *_crud("people", "user", "add", "change", "view"),
        *_crud("deadlines", "deadlinepolicy", "add", "change", "view"),
        *_crud("topics", "annualplan", "add", "change", "view"),
        *_crud("notifications", "notification", "change", "view"),
    ],
    AdministratorRole.SECURITY: [
        "people.manage_roles",
        *_crud("people", "membership", "add", "change", "delete", "view"),
        "people.view_user",
        # To find a committee, department or organisation when giving a membership.
        "people.view_committee",
        "people.view_department",
        "people.view_evaluatororganisation",
        "auth.view_group",
        "accounts.manage_lockouts",
        "accounts.reset_second_factor",
    ],
    AdministratorRole.AUDIT: [
        "audit.view_auditevent",
    ],
}

# The one permission that makes each role what it is: holding two of them is two roles.
KEY_PERMISSION = {
    AdministratorRole.SYSTEM: "people.change_committee",
    AdministratorRole.SECURITY: "people.manage_roles",
    AdministratorRole.AUDIT: "audit.view_auditevent",
}


def groups_sync(apps, verbosity=0) -> None:
    """Create the three groups and give each exactly its permissions (those of installed
    apps). Idempotent; `apps` is a migration's app registry or `django.apps.apps`."""
    from django.contrib.auth.management import create_permissions
    from django.db.migrations.state import StateApps

    for app_config in apps.get_app_configs():
        if isinstance(apps, StateApps):
            # A migration's registry has no models modules, which create_permissions skips.
            app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=verbosity)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, names in PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role.value)
        wanted = models.Q(pk__in=[])
        for name in names:
            app_label, codename = name.split(".")
            wanted |= models.Q(content_type__app_label=app_label, codename=codename)
        group.permissions.set(Permission.objects.filter(wanted))


def administrator_roles_of_groups(groups) -> list[AdministratorRole]:
    names = {group.name for group in groups}
    return [role for role in AdministratorRole if role.value in names]


def administrator_roles_clean(groups) -> None:
    """Refuse a person in two administrator groups (三员分立)."""
    held = administrator_roles_of_groups(groups)
    if len(held) > 1:
        raise ValidationError(
            _(
                "One person cannot be %(roles)s at once: the system, security and audit "
                "administrators must be different people."
            )
            % {"roles": "、".join(str(role.label) for role in held)}
        )
