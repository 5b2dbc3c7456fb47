import datetime as dt

from django.db.models import Q, QuerySet
from django.utils import timezone

from .models import AuditEvent


def audit_search(
    *, user="", action="", object="", outcome="", since=None, until=None
) -> QuerySet[AuditEvent]:
    """Audit rows matching the audit administrator's search, newest first. A user matches by
    part of the name or by number; an object by part of its name, or as `type number`
    (e.g. `topics.topic 12`); the dates are whole days, both included."""
    rows = AuditEvent.objects.all()
    if user:
        match = Q(username__icontains=user)
        if user.isdigit():
            match |= Q(user_id=int(user))
        rows = rows.filter(match)
    if action:
        rows = rows.filter(action=action)
    if outcome:
        rows = rows.filter(outcome=outcome)
    if object:
        match = Q(object_repr__icontains=object)
        kind, _space, number = object.partition(" ")
        if number.strip():
            match |= Q(object_type=kind.lower(), object_id=number.strip())
        rows = rows.filter(match)
    zone = timezone.get_current_timezone()
    if since:
        rows = rows.filter(at__gte=dt.datetime.combine(since, dt.time.min, zone))
    if until:
        next_day = dt.datetime.combine(until + dt.timedelta(days=1), dt.time.min, zone)
        rows = rows.filter(at__lt=next_day)
    return rows.order_by("-pk")
