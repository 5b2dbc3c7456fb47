from .models import User
from .roles import Role


def users_with_role(committee, role: Role):
    return (
        User.objects.filter(committees=committee, groups__name=role.value, is_active=True)
        .order_by("full_name", "username")
        .distinct()
    )
