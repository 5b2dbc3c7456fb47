"""Who is told: active users of a committee in the role the work goes to.

Domain-specific groups (a topic's proposers, its research team, the leaders asked to sign)
live with their apps and are named in the catalogue; these are the building blocks.
"""

from collections import defaultdict

from django.db.models import F, QuerySet

from people.models import User
from people.roles import Role


def in_committee(committee_id) -> QuerySet[User]:
    return User.objects.filter(committees=committee_id, is_active=True)


def with_role(committee_id, role: Role) -> QuerySet[User]:
    return in_committee(committee_id).filter(groups__name=role)


def department_staff(department_id) -> QuerySet[User]:
    return User.objects.filter(
        department_id=department_id,
        is_active=True,
        groups__name=Role.DEPARTMENT,
        committees=F("department__committee"),
    )


def evaluator_staff(evaluator_id) -> QuerySet[User]:
    return User.objects.filter(
        evaluator_id=evaluator_id,
        is_active=True,
        groups__name=Role.EVALUATOR,
        committees=F("evaluator__committee"),
    )


def grouped(pairs) -> dict[int, list[int]]:
    """{key: sorted distinct user ids} from (key, user id) pairs."""
    users_of = defaultdict(set)
    for key, user_id in pairs:
        users_of[key].add(user_id)
    return {key: sorted(users) for key, users in users_of.items()}


def office_staff_by_committee(committee_ids) -> dict[int, list[int]]:
    memberships = User.committees.through.objects.filter(
        committee_id__in=committee_ids,
        user__is_active=True,
        user__groups__name=Role.OFFICE_STAFF,
    )
    return grouped(memberships.values_list("committee_id", "user_id"))


def department_staff_by_department(department_ids) -> dict[int, list[int]]:
    users = User.objects.filter(
        department_id__in=department_ids,
        is_active=True,
        groups__name=Role.DEPARTMENT,
        committees=F("department__committee"),
    )
    return grouped(users.values_list("department_id", "pk"))


def evaluator_staff_by_evaluator(evaluator_ids) -> dict[int, list[int]]:
    users = User.objects.filter(
        evaluator_id__in=evaluator_ids,
        is_active=True,
        groups__name=Role.EVALUATOR,
        committees=F("evaluator__committee"),
    )
    return grouped(users.values_list("evaluator_id", "pk"))
