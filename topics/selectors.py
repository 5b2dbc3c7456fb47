"""Reads: which topics a user may see, and the lists built from them."""

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from people.roles import Role

from .models import STATES_OF_STAGE, AnnualPlan, State, Topic

READING_ROLES = (Role.OFFICE_STAFF, Role.MEMBER, Role.CHAIR_MEETING, Role.LEADER)


def visible_topics(user) -> QuerySet[Topic]:
    """Topics of the user's committees for reading roles; only assigned ones for others.

    Anything outside this queryset is a 404 for the user, never a 403, so that the
    existence of another committee's record does not leak.
    """
    if not user.is_authenticated or not user.is_active:
        return Topic.objects.none()
    committees = user.committee_ids
    visible = Q(pk__in=[])
    if any(user.has_role(role) for role in READING_ROLES):
        visible |= Q(committee_id__in=committees)
    if user.has_role(Role.DEPARTMENT) and user.department_id:
        visible |= Q(committee_id__in=committees, follow_up_items__department_id=user.department_id)
    if user.has_role(Role.EVALUATOR) and user.evaluator_id:
        visible |= Q(
            committee_id__in=committees, evaluation_assignments__evaluator_id=user.evaluator_id
        )
    return Topic.objects.filter(pk__in=Topic.objects.filter(visible).values("pk"))


def sees_only_own_items(user) -> bool:
    """A department user sees its own follow-up items only; reading roles and evaluators see all."""
    return not any(user.has_role(role) for role in (*READING_ROLES, Role.EVALUATOR))


def topic_list(
    user,
    *,
    year=None,
    stage=None,
    channel=None,
    category=None,
    committee=None,
    query="",
    body=None,
    department=None,
    overdue=False,
    grade="",
    held=False,
):
    topics = visible_topics(user).select_related("committee", "proposer_body", "evaluation_result")
    if year:
        topics = topics.filter(year=year)
    if stage:
        topics = topics.filter(state__in=STATES_OF_STAGE[stage])
    if channel:
        topics = topics.filter(channel=channel)
    if category:
        topics = topics.filter(category=category)
    if committee:
        topics = topics.filter(committee=committee)
    if query:
        topics = topics.filter(Q(title__icontains=query) | Q(description__icontains=query))
    topics = _follow_up_filters(
        topics, body=body, department=department, overdue=overdue, grade=grade, held=held
    )
    return topics.order_by("-year", "-updated_at", "-pk")


def _follow_up_filters(topics, *, body, department, overdue, grade, held):
    """The filters the dashboard's figures link to."""
    from consultations.models import FollowUpItem

    if body:
        topics = topics.filter(proposer_body=body)
    if held:
        topics = topics.filter(state__in=HELD_STATES)
    if grade:
        topics = topics.filter(evaluation_result__grade=grade)
    items = FollowUpItem.objects.filter(topic=OuterRef("pk"))
    if department:
        items = items.filter(department=department)
    if overdue:
        items = items.filter(state=FollowUpItem.State.ASSIGNED, due_on__lt=timezone.localdate())
    if department or overdue:
        topics = topics.filter(Exists(items))
    return topics


# A session counts as held once it is recorded; every later state keeps it held.
HELD_STATES = [
    State.DELIBERATED,
    State.MINUTES_SUBMITTED,
    State.FOLLOWING_UP,
    State.EVALUATING,
    State.CLOSED,
]


def plan_progress(committee_ids, year=None):
    """Each plan of the year with its sessions held, counted from recorded sessions."""
    year = year or timezone.localdate().year
    return (
        AnnualPlan.objects.filter(committee_id__in=committee_ids, year=year)
        .select_related("committee")
        .annotate(
            sessions_held=Count("topics", filter=Q(topics__state__in=HELD_STATES)),
            topics_approved=Count("topics"),
        )
        .order_by("committee__name")
    )
