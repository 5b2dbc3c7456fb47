from django.db.models import OuterRef, QuerySet, Subquery

from consultations.models import FollowUpItem
from people.roles import Role
from topics.selectors import READING_ROLES


def with_next_item_due(topics: QuerySet, user) -> QuerySet:
    """Annotate `next_item_due`: the earliest due date of the open items the user may see
    (a department sees only its own items)."""
    items = FollowUpItem.objects.filter(topic=OuterRef("pk"), state=FollowUpItem.State.ASSIGNED)
    if not any(user.has_role(role) for role in (*READING_ROLES, Role.EVALUATOR)):
        items = items.filter(department_id=user.department_id)
    return topics.annotate(next_item_due=Subquery(items.order_by("due_on").values("due_on")[:1]))
