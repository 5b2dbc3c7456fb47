"""Who is told: active users of the topic's committee in the role the work goes to."""

from collections import defaultdict

from django.db.models import F, Q, QuerySet

from people.models import User
from people.roles import Role
from topics.models import TransitionLog


def in_committee(committee_id) -> QuerySet[User]:
    return User.objects.filter(committees=committee_id, is_active=True)


def transition_recipients(log: TransitionLog) -> QuerySet[User]:
    """The people a topic's transition hands work to (or whose proposal it decides)."""
    topic = log.topic
    committee = in_committee(topic.committee_id)
    proposers = committee.filter(Q(proposals__topic=topic) | Q(pk=topic.created_by_id))
    office = committee.filter(groups__name=Role.OFFICE_STAFF)
    match log.transition:
        case "submit":
            return committee.filter(groups__name=Role.CHAIR_MEETING)
        case "approve":
            return proposers | office
        case "reject" | "close":
            return proposers
        case "start_research" | "schedule_session":
            return committee.filter(research_plans__topic=topic)
        case "submit_minutes":
            return topic.minutes.current_version.leaders.filter(is_active=True)
        case "sign_off" | "return_minutes":
            return office
    return User.objects.none()


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
