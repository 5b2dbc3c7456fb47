"""Who is told: active users holding the role the work goes to, in the committee it is in.

Domain-specific groups (a topic's proposers, its research team, the leaders asked to sign)
live with their apps and are named in the catalogue; these are the building blocks.
"""

from collections import defaultdict

from django.db.models import QuerySet

from people.models import Membership, User
from people.roles import Role


def in_committee(committee_id) -> QuerySet[User]:
    return User.objects.filter(is_active=True, memberships__committee_id=committee_id).distinct()


def with_role(committee_id, role: Role) -> QuerySet[User]:
    return User.objects.filter(
        is_active=True, memberships__committee_id=committee_id, memberships__role=role
    ).distinct()


def department_staff(department_id) -> QuerySet[User]:
    return User.objects.filter(
        is_active=True,
        memberships__role=Role.DEPARTMENT,
        memberships__department_id=department_id,
    ).distinct()


def evaluator_staff(evaluator_id) -> QuerySet[User]:
    return User.objects.filter(
        is_active=True,
        memberships__role=Role.EVALUATOR,
        memberships__evaluator_id=evaluator_id,
    ).distinct()


def grouped(pairs) -> dict[int, list[int]]:
    """{key: sorted distinct user ids} from (key, user id) pairs."""
    users_of = defaultdict(set)
    for key, user_id in pairs:
        users_of[key].add(user_id)
    return {key: sorted(users) for key, users in users_of.items()}


def _active(role: Role) -> QuerySet[Membership]:
    return Membership.objects.filter(role=role, user__is_active=True)


def office_staff_by_committee(committee_ids) -> dict[int, list[int]]:
    memberships = _active(Role.OFFICE_STAFF).filter(committee_id__in=committee_ids)
    return grouped(memberships.values_list("committee_id", "user_id"))


def department_staff_by_department(department_ids) -> dict[int, list[int]]:
    memberships = _active(Role.DEPARTMENT).filter(department_id__in=department_ids)
    return grouped(memberships.values_list("department_id", "user_id"))


def evaluator_staff_by_evaluator(evaluator_ids) -> dict[int, list[int]]:
    memberships = _active(Role.EVALUATOR).filter(evaluator_id__in=evaluator_ids)
    return grouped(memberships.values_list("evaluator_id", "user_id"))
