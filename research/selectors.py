import datetime as dt

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from people.models import User
from topics.models import Topic

from .models import ResearchActivity

# The topic page shows the latest visits and symposia; the rest are a page away.
ACTIVITIES_SHOWN = 5


def research_team(topic: Topic) -> QuerySet[User]:
    return User.objects.filter(
        memberships__committee_id=topic.committee_id, is_active=True, research_plans__topic=topic
    ).distinct()


def report_written_on(topic: Topic) -> dt.date | None:
    """The day the research report was last written: the session's period runs from it."""
    report = getattr(topic, "research_report", None)
    return timezone.localdate(report.updated_at) if report else None


def activities_with_details() -> QuerySet[ResearchActivity]:
    return ResearchActivity.objects.prefetch_related("members", "departments", "attachments")


def topic_page_prefetch(user):
    """The team and the latest ACTIVITIES_SHOWN activities (`topic.latest_activities`, one
    more to tell whether there are others)."""
    latest = activities_with_details().order_by("-held_on", "-pk")[: ACTIVITIES_SHOWN + 1]
    return [
        "research_plan__team",
        Prefetch("research_activities", queryset=latest, to_attr="latest_activities"),
    ]


def search_texts(topic_ids):
    """What the search reads of research: the findings of every visit and symposium."""
    return ResearchActivity.objects.filter(topic_id__in=topic_ids).values_list(
        "topic_id", "findings"
    )
