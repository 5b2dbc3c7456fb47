"""Reads of follow-up, and what follow-up contributes to the topic page and the topic list."""

from django import forms
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import LeanSelect
from people.models import Department
from people.predicates import READING_ROLES
from people.roles import Role
from topics.selectors import ListFilter

from .models import ExtensionRequest, FollowUpItem, SatisfactionRating


def visible_items(user) -> Q:
    """Every item of the committees where the user reads all topics (or evaluates them); in
    other committees, only the items of the user's own department."""
    everything = user.committees_with_role(*READING_ROLES, Role.EVALUATOR)
    return Q(topic__committee_id__in=everything) | Q(department_id__in=user.department_ids)


def items_for_topic_page(user) -> QuerySet[FollowUpItem]:
    """The items the topic page shows the user (a department, only its own), with what each
    item's card reads."""
    items = FollowUpItem.objects.select_related(
        "department", "consensus_point", "sign_off__leader"
    ).prefetch_related(
        "reports__author",
        "reports__evidence",
        "transitions__actor",
        Prefetch(
            "extension_requests",
            queryset=ExtensionRequest.objects.select_related("requested_by", "decided_by"),
        ),
        Prefetch("ratings", queryset=SatisfactionRating.objects.select_related("member")),
    )
    return items.filter(visible_items(user))


# The topic page shows the first items by due date; the rest are on the items page.
ITEMS_SHOWN = 10


def topic_page_prefetch(user):
    """`topic.shown_items`: the first ITEMS_SHOWN items (one more to tell whether there are
    others)."""
    shown = items_for_topic_page(user)[: ITEMS_SHOWN + 1]
    return [Prefetch("follow_up_items", queryset=shown, to_attr="shown_items")]


def with_next_item_due(topics: QuerySet, user) -> QuerySet:
    """Annotate `next_item_due`: the earliest due date of the open items the user may see
    (a department sees only its own items)."""
    items = FollowUpItem.objects.open().filter(visible_items(user), topic=OuterRef("pk"))
    return topics.annotate(next_item_due=Subquery(items.order_by("due_on").values("due_on")[:1]))


def _filter_fields(user):
    departments = Department.objects.none()
    if user is not None:
        departments = Department.objects.filter(committee_id__in=user.committee_ids)
    return {
        "department": forms.ModelChoiceField(
            label=_("Responsible department"),
            required=False,
            queryset=departments,
            empty_label=_("All departments"),
            widget=LeanSelect,
        ),
        "overdue": forms.BooleanField(label=_("With overdue follow-up items"), required=False),
    }


def _filter_by_items(topics, *, department=None, overdue=False):
    """Topics with an item of the department, overdue if asked (both of the same item)."""
    items = FollowUpItem.objects.filter(topic=OuterRef("pk"))
    if department:
        items = items.filter(department=department)
    if overdue:
        items = items.open().filter(due_on__lt=timezone.localdate())
    return topics.filter(Exists(items))


ITEM_FILTERS = ListFilter(order=20, fields=_filter_fields, apply=_filter_by_items)
