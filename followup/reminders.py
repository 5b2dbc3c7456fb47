"""Who the reminder sweep reminds of an item's due date: its department, escalated to the
office when overdue (declared in the catalogue)."""

from django.contrib.contenttypes.models import ContentType

from notifications.recipients import department_staff_by_department
from notifications.sweep import Remind

from .models import FollowUpItem


def item_departments(due) -> dict[int, list[Remind]]:
    departments = dict(
        FollowUpItem.objects.filter(pk__in=[record.pk for record in due]).values_list(
            "pk", "department_id"
        )
    )
    staff = department_staff_by_department(set(departments.values()))
    item_type = ContentType.objects.get_for_model(FollowUpItem)
    return {
        pk: [Remind(item_type, pk, staff.get(department_id, ()), escalate=True)]
        for pk, department_id in departments.items()
    }
