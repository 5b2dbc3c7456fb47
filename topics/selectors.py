"""Reads: which topics a user may see, and the lists built from them.

Filters and annotations that read other stages' records (follow-up items, evaluation
results) are registered by the apps that own those records.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from people.models import User
from people.predicates import READING_ROLES
from people.roles import Role

from .models import STATES_OF_STAGE, AnnualPlan, State, Topic


def visible_topics(user) -> QuerySet[Topic]:
    """Topics the user may see: every topic of the committees where they hold a reading role,
    drafts only if they propose or co-sign them (or are the office there), and elsewhere only
    what was assigned to their department or their evaluator organisation.

    Anything outside this queryset is a 404 for the user, never a 403, so that the
    existence of another committee's record does not leak.
    """
    if not user.is_authenticated or not user.is_active:
        return Topic.objects.none()
    reading = user.committees_with_role(*READING_ROLES)
    members = user.committees_with_role(Role.MEMBER)
    visible = Q(committee_id__in=reading) & ~Q(state=State.DRAFT)
    visible |= Q(committee_id__in=user.committees_with_role(Role.OFFICE_STAFF), state=State.DRAFT)
    visible |= Q(committee_id__in=members, state=State.DRAFT) & (
        Q(created_by=user) | Q(proposers__member=user)
    )
    if user.department_ids:
        visible |= Q(
            committee_id__in=user.committees_with_role(Role.DEPARTMENT),
            follow_up_items__department_id__in=user.department_ids,
        )
    if user.evaluator_ids:
        visible |= Q(
            committee_id__in=user.committees_with_role(Role.EVALUATOR),
            evaluation_assignments__evaluator_id__in=user.evaluator_ids,
        )
    return Topic.objects.filter(pk__in=Topic.objects.filter(visible).values("pk"))


@dataclass(frozen=True)
class ListFilter:
    """Filters of the topic list contributed by another app: their form fields and the query
    they make together."""

    order: int
    fields: Callable  # fields(user) -> {name: forms.Field}
    apply: Callable  # apply(topics, **values) -> topics, called when one of them is set


_filters: list[ListFilter] = []
_annotations: list[Callable] = []


def register_filter(list_filter: ListFilter) -> None:
    _filters.append(list_filter)
    _filters.sort(key=lambda registered: registered.order)


def list_filters() -> list[ListFilter]:
    return list(_filters)


def register_annotation(annotate: Callable) -> None:
    """`annotate(topics, user)` adds what the list shows of another stage (next item due)."""
    _annotations.append(annotate)


def annotate_for_list(topics: QuerySet, user) -> QuerySet:
    for annotate in _annotations:
        topics = annotate(topics, user)
    return topics


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
    held=False,
    **registered,
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
    if body:
        topics = topics.filter(proposer_body=body)
    if held:
        topics = topics.filter(state__in=HELD_STATES)
    for list_filter in _filters:
        values = {name: registered.pop(name, None) for name in list_filter.fields(None)}
        if any(values.values()):
            topics = list_filter.apply(topics, **values)
    if registered:
        raise TypeError(f"unknown filters of the topic list: {', '.join(registered)}")
    return topics.order_by("-year", "-updated_at", "-pk")


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


def proposers(topic) -> QuerySet:
    """The topic's proposing members and whoever drafted it, if still active here."""
    return (
        User.objects.filter(memberships__committee_id=topic.committee_id, is_active=True)
        .filter(Q(proposals__topic=topic) | Q(pk=topic.created_by_id))
        .distinct()
    )
