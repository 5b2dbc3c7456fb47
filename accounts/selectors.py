from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Sum
from django.utils import timezone


def lockouts_current() -> dict:
    """The accounts and the addresses locked now: their failures within the lockout period
    reach AXES_FAILURE_LIMIT."""
    recent = AccessAttempt.objects.filter(
        attempt_time__gte=timezone.now() - settings.AXES_COOLOFF_TIME
    )

    def locked(field):
        return list(
            recent.exclude(**{f"{field}__isnull": True})
            .values(field)
            .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
            .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
            .order_by("-last")
        )

    return {"accounts": locked("username"), "addresses": locked("ip_address")}
