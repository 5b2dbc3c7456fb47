"""The demo's three administrators (三员分立), one person each, beside the `admin` superuser
that only sets up a fresh installation."""

from django.contrib.auth.models import Group

from people.administrators import AdministratorRole
from people.models import User

from .reference import PASSWORD

ADMINISTRATORS = [
    ("sysadmin", "韩志刚", AdministratorRole.SYSTEM),
    ("secadmin", "唐安宁", AdministratorRole.SECURITY),
    ("auditor", "丁审言", AdministratorRole.AUDIT),
]


def load_administrators() -> None:
    for username, full_name, role in ADMINISTRATORS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"full_name": full_name, "email": f"{username}@example.org", "is_staff": True},
        )
        if created:
            user.set_password(PASSWORD)
            user.save(update_fields=["password"])
        user.groups.add(Group.objects.get(name=role.value))
