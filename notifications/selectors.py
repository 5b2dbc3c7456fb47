from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.db.models import QuerySet

from consultations.models import FollowUpItem, MinutesVersion
from evaluations.models import EvaluationAssignment
from topics.models import Topic, TransitionLog

from .models import Notification


def with_subjects(notifications: QuerySet[Notification]) -> QuerySet[Notification]:
    """Load each notification's topic and subject with what `texts.describe` reads: one
    query per kind of subject, however many notifications."""
    return notifications.select_related("topic", "content_type").prefetch_related(
        GenericPrefetch(
            "subject",
            [
                TransitionLog.objects.select_related("actor"),
                FollowUpItem.objects.select_related("department"),
                EvaluationAssignment.objects.select_related("evaluator"),
                MinutesVersion.objects.all(),
                Topic.objects.all(),
            ],
        )
    )


def inbox_of(user, *, unread_only=False) -> QuerySet[Notification]:
    notifications = Notification.objects.filter(recipient=user)
    if unread_only:
        notifications = notifications.filter(read_at__isnull=True)
    return with_subjects(notifications).order_by("-created_at", "-pk")


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
