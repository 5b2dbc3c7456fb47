"""Reads: which topics a user may see, and the lists built from them.

Filters and annotations that read other stages' records (follow-up items, evaluation
results) are registered by the apps that own those records.
"""

import hashlib
import operator
from collections.abc import Callable
from dataclasses import dataclass
from functools import reduce

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from core.figures import cached_figure
from people.models import User
from people.predicates import READING_ROLES
from people.roles import Role

from .models import STATES_OF_STAGE, AnnualPlan, State, Topic, TopicProposer
from .search import query_words, search


def visible_topics(user) -> QuerySet[Topic]:
    """Topics the user may see: every topic of the committees where they hold a reading role,
    drafts only if they propose or co-sign them (or are the office there), and elsewhere only
    what was assigned to their department or their evaluator organisation.

    Anything outside this queryset is a 404 for the user, never a 403, so that the
    existence of another committee's record does not leak.

    One condition on the topic table, without joins (what other tables decide is asked with
    EXISTS), so that the list's ordering index and LIMIT apply and no row comes twice.
    """
    if not user.is_authenticated or not user.is_active:
        return Topic.objects.none()
    office = user.committees_with_role(Role.OFFICE_STAFF)
    reading = user.committees_with_role(*READING_ROLES) - office
    members = user.committees_with_role(Role.MEMBER) - office
    visible = []
    if office:
        visible.append(Q(committee_id__in=office))
    if reading:
        visible.append(Q(committee_id__in=reading) & ~Q(state=State.DRAFT))
    if members:
        proposes = TopicProposer.objects.filter(topic=OuterRef("pk"), member=user)
        visible.append(
            Q(committee_id__in=members, state=State.DRAFT) & (Q(created_by=user) | Exists(proposes))
        )
    if user.department_ids:
        items = _related_model("follow_up_items").objects.filter(
            topic=OuterRef("pk"), department_id__in=user.department_ids
        )
        visible.append(
            Q(committee_id__in=user.committees_with_role(Role.DEPARTMENT)) & Exists(items)
        )
    if user.evaluator_ids:
        assignments = _related_model("evaluation_assignments").objects.filter(
            topic=OuterRef("pk"), evaluator_id__in=user.evaluator_ids
        )
        visible.append(
            Q(committee_id__in=user.committees_with_role(Role.EVALUATOR)) & Exists(assignments)
        )
    if not visible:
        return Topic.objects.none()
    return Topic.objects.filter(reduce(operator.or_, visible))


def _related_model(name):
    """The model behind a reverse relation of Topic that a higher app declares."""
    return Topic._meta.get_field(name).related_model


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
    if query and query_words(query):
        return search(topics, query).order_by("-search_rank", "-year", "-updated_at", "-pk")
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


def _asked(user, filters: dict) -> str:
    """The user's roles and the filters, as part of a cache key."""
    asked = sorted((name, str(getattr(value, "pk", value))) for name, value in filters.items())
    return hashlib.blake2b(
        repr((asked, user.memberships_held)).encode(), digest_size=16
    ).hexdigest()


def cached_topic_count(user, topics: QuerySet, filters: dict) -> int:
    """How many topics the list shows the user with these filters, from the cache; recounted
    after any change in the user's committees (or of their roles)."""
    return cached_figure(
        "topic-count", user.committee_ids, topics.count, user.pk, _asked(user, filters)
    )


def cached_result_ids(user, topics: QuerySet, filters: dict, bottom: int, top: int) -> list[int]:
    """The ids of one page of a search's results, best first, from the cache (ranking every
    match is the search's cost); found again after any change in the user's committees."""
    return cached_figure(
        "search-page",
        user.committee_ids,
        lambda: list(topics.values_list("pk", flat=True)[bottom:top]),
        user.pk,
        _asked(user, filters),
        bottom,
    )


def cached_plan_progress(committee_ids, year=None) -> list[AnnualPlan]:
    """`plan_progress` from the cache; recounted after any change in these committees."""
    year = year or timezone.localdate().year
    return cached_figure(
        "plans", committee_ids, lambda: list(plan_progress(committee_ids, year)), year
    )


def proposers(topic) -> QuerySet:
    """The topic's proposing members and whoever drafted it, if still active here."""
    return (
        User.objects.filter(memberships__committee_id=topic.committee_id, is_active=True)
        .filter(Q(proposals__topic=topic) | Q(pk=topic.created_by_id))
        .distinct()
    )
