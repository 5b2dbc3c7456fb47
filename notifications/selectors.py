from django.apps import apps
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.db.models import QuerySet

from .models import Notification


def subject_querysets() -> list[QuerySet]:
    """One queryset per kind of subject, with what its `notification_details()` reads: a model
    that can be the subject of a notice names that in `notification_related`."""
    return [
        model._default_manager.select_related(*model.notification_related)
        for model in apps.get_models()
        if hasattr(model, "notification_related")
    ]


def with_subjects(notifications: QuerySet[Notification]) -> QuerySet[Notification]:
    """Load each notification's topic and subject with what `texts.describe` reads: one
    query per kind of subject, however many notifications."""
    return notifications.select_related("topic", "content_type").prefetch_related(
        GenericPrefetch("subject", subject_querysets())
    )


def inbox_of(user, *, unread_only=False) -> QuerySet[Notification]:
    notifications = Notification.objects.filter(recipient=user)
    if unread_only:
        notifications = notifications.filter(read_at__isnull=True)
    return with_subjects(notifications).order_by("-created_at", "-pk")


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
