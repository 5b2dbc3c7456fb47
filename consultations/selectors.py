import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from people.models import User
from topics.models import Topic

from .models import ConsensusPoint, Minutes


def leaders_asked(topic: Topic) -> QuerySet[User]:
    """The leaders asked to sign the current version of the minutes."""
    return topic.minutes.current_version.leaders.filter(is_active=True)


def session_held_on(topic: Topic) -> dt.date | None:
    """The day of the session: the first minutes' period runs from it."""
    session = getattr(topic, "session", None)
    return timezone.localdate(session.starts_at) if session else None


def topic_page_prefetch(user):
    return [
        "session__members",
        "session__members_on_leave",
        "session__departments",
        "session__consensus_points",
        "minutes__versions__leaders",
        "minutes__versions__sign_offs__leader",
    ]


def search_texts(topic_ids):
    """What the search reads of the deliberation: consensus points and the minutes' text."""
    yield from ConsensusPoint.objects.filter(session__topic_id__in=topic_ids).values_list(
        "session__topic_id", "text"
    )
    yield from Minutes.objects.filter(topic_id__in=topic_ids).values_list("topic_id", "text")
