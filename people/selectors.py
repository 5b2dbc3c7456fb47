from django.db.models import QuerySet

from .models import User
from .roles import Role


def users_with_role(committee, role: Role) -> QuerySet[User]:
    """Active users holding `role` in `committee`."""
    committee_id = getattr(committee, "pk", committee)
    return (
        User.objects.filter(
            is_active=True, memberships__committee_id=committee_id, memberships__role=role
        )
        .order_by("full_name", "username")
        .distinct()
    )
