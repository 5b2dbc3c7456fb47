"""Writes of the public's side: reception days, submissions and their triage."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from people.roles import Role

from .models import ReceptionDay


def reception_day_save(
    *, committee, actor, members, instance: ReceptionDay | None = None, **fields
) -> ReceptionDay:
    """Create or change a reception day of `committee`; its members must be members of it."""
    day = instance or ReceptionDay(committee=committee)
    if day.committee_id != committee.pk:
        raise ValidationError(_("This reception day belongs to another committee."))
    for name, value in fields.items():
        setattr(day, name, value)
    errors = {}
    if day.starts_at and day.ends_at and day.ends_at <= day.starts_at:
        errors["ends_at"] = _("The end must be after the start.")
    strangers = [user for user in members if not user.has_role(Role.MEMBER, committee.pk)]
    if strangers:
        errors["members"] = _("%(names)s is not a member of this committee.") % {
            "names": "、".join(str(user) for user in strangers)
        }
    if errors:
        raise ValidationError(errors)
    day.full_clean()
    day._history_user = actor
    with transaction.atomic():
        day.save()
        day.members.set(members)
    return day
