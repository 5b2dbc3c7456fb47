"""System checks of the administrator roles (三员分立)."""

from django.core.checks import Error, Warning, register
from django.db import DatabaseError

from .administrators import KEY_PERMISSION, PERMISSIONS


@register()
def administrator_roles_check(app_configs, **kwargs):
    """No administrator group may carry what makes another role."""
    errors = []
    for role, names in PERMISSIONS.items():
        others = [other for other, key in KEY_PERMISSION.items() if other != role and key in names]
        if others:
            errors.append(
                Error(
                    f"The group {role.value} holds the permissions of "
                    f"{', '.join(other.value for other in others)} as well (三员分立).",
                    id="people.E001",
                )
            )
    return errors


@register(deploy=True)
def superuser_check(app_configs, **kwargs):
    """A superuser can do all three administrators' work at once: in daily operation there
    should be none (give the three roles to three people, then deactivate it)."""
    from .models import User

    try:
        names = list(
            User.objects.filter(is_superuser=True, is_active=True).values_list(
                "username", flat=True
            )[:5]
        )
    except DatabaseError:  # no database yet (a check before the first migrate)
        return []
    if not names:
        return []
    return [
        Warning(
            f"Active superuser accounts exist: {', '.join(names)}. A superuser holds the system, "
            "security and audit administrators' powers at once (三员分立).",
            hint="Give the three administrator groups to three people and deactivate the "
            "superuser (admin: is_active off).",
            id="people.W001",
        )
    ]
