import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from people.models import User
from topics.models import Topic


def research_team(topic: Topic) -> QuerySet[User]:
    return User.objects.filter(
        memberships__committee_id=topic.committee_id, is_active=True, research_plans__topic=topic
    ).distinct()


def report_written_on(topic: Topic) -> dt.date | None:
    """The day the research report was last written: the session's period runs from it."""
    report = getattr(topic, "research_report", None)
    return timezone.localdate(report.updated_at) if report else None


def topic_page_prefetch(user):
    return [
        "research_plan__team",
        "research_activities__members",
        "research_activities__departments",
        "research_activities__attachments",
    ]
