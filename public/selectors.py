"""Reads of the public's side: the public pages, similar topics and submissions, counts."""

import datetime as dt
import statistics
from collections import Counter

from django.contrib.postgres.search import TrigramSimilarity, TrigramWordSimilarity
from django.db import connection
from django.db.models import Count, Max, Prefetch, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from people.models import User
from topics.models import STAGE_OF_STATE, State, Topic, TransitionLog
from topics.selectors import plan_progress

from .models import ReceptionDay, Submission, TopicPublication

PLAN_SHOWN = 30
CLOSED_SHOWN = 10
DAYS_SHOWN = 10
SIMILAR_SHOWN = 5
SIMILARITY_FLOOR = 0.12
FALLBACK_CANDIDATES = 2000


def published_topics(committee_id):
    return Topic.objects.filter(committee_id=committee_id, publication__published=True)


def landing_stamp(committee_id) -> tuple:
    """What changes whenever anything the landing page shows changes: the cache key's tail."""
    year = timezone.localdate().year
    topics = Topic.objects.filter(committee_id=committee_id).aggregate(
        changed=Max("updated_at"), count=Count("pk")
    )
    return (
        year,
        timezone.localdate().isoformat(),  # upcoming days roll over at midnight
        topics["changed"],
        topics["count"],
        TopicPublication.objects.filter(topic__committee_id=committee_id).aggregate(
            changed=Max("updated_at")
        )["changed"],
        ReceptionDay.objects.filter(committee_id=committee_id).aggregate(
            changed=Max("updated_at"), count=Count("pk")
        ),
        tuple(plan_progress([committee_id], year).values_list("target_sessions", flat=True)),
    )


def landing(committee):
    """This year's plan and its progress, closed published topics, upcoming reception days."""
    year = timezone.localdate().year
    plan = plan_progress([committee.pk], year).first()
    plan_topics = []
    more_in_plan = 0
    if plan is not None:
        in_plan = (
            Topic.objects.filter(plan=plan)
            .exclude(state__in=[State.DRAFT, State.PROPOSED, State.REJECTED])
            .select_related("publication")
            .order_by("title", "pk")
        )
        plan_topics = list(in_plan[:PLAN_SHOWN])
        more_in_plan = max(plan.topics_approved - len(plan_topics), 0)
    closed = list(
        published_topics(committee.pk)
        .filter(state=State.CLOSED)
        .select_related("publication", "evaluation_result")
        .order_by("-updated_at", "-pk")[:CLOSED_SHOWN]
    )
    days = list(
        ReceptionDay.objects.filter(committee=committee, ends_at__gte=timezone.now())
        .prefetch_related(
            Prefetch("members", queryset=User.objects.order_by("full_name", "username"))
        )
        .order_by("starts_at")[:DAYS_SHOWN]
    )
    return {
        "year": year,
        "plan": plan,
        "plan_topics": plan_topics,
        "more_in_plan": more_in_plan,
        "closed": closed,
        "days": days,
    }


def public_topic(committee_id, topic_id):
    """A published topic with its publication and result, or None."""
    return (
        published_topics(committee_id)
        .select_related("publication", "evaluation_result", "committee")
        .filter(pk=topic_id)
        .first()
    )


def topic_stamp(topic) -> tuple:
    return (topic.updated_at, topic.publication.updated_at)


def stage_dates(topic) -> list[tuple]:
    """Each of the six stages with the day the topic entered it (None: not yet)."""
    entered = {}
    entered[STAGE_OF_STATE[State.DRAFT]] = timezone.localdate(topic.created_at)
    for target, at in (
        TransitionLog.objects.filter(topic=topic).order_by("at", "pk").values_list("target", "at")
    ):
        entered.setdefault(STAGE_OF_STATE[target], timezone.localdate(at))
    current = topic.stage
    return [
        (stage, entered.get(stage) if stage <= current else None, stage == current)
        for stage in type(current)
    ]


# Similar topics and submissions: PostgreSQL's pg_trgm, or a character-bigram fallback.


def similar(committee_id, title, description="", *, exclude_submission=None, exclude_topic=None):
    """The most similar topics and submissions of the committee to a title and description,
    each with its score (0–1), best first."""
    topics = Topic.objects.filter(committee_id=committee_id)
    submissions = Submission.objects.filter(committee_id=committee_id)
    if exclude_submission is not None:
        submissions = submissions.exclude(pk=exclude_submission)
    if exclude_topic is not None:
        topics = topics.exclude(pk=exclude_topic)
    if connection.vendor == "postgresql":
        return _similar_trigram(topics, title), _similar_trigram(submissions, title)
    text = f"{title} {description}"
    return _similar_bigrams(topics, text), _similar_bigrams(submissions, text)


def _similar_trigram(queryset, title):
    return list(
        queryset.annotate(
            score=TrigramSimilarity("title", title) * 0.7
            + TrigramWordSimilarity(title, "description") * 0.3
        )
        .filter(score__gte=SIMILARITY_FLOOR)
        .order_by("-score", "-pk")[:SIMILAR_SHOWN]
    )


def _bigrams(text):
    text = "".join(text.split())
    return Counter(text[index : index + 2] for index in range(len(text) - 1))


def _similar_bigrams(queryset, text):
    """SQLite: the Dice coefficient of character bigrams over the latest candidates."""
    wanted = _bigrams(text)
    if not wanted:
        return []
    found = []
    for candidate in queryset.order_by("-pk")[:FALLBACK_CANDIDATES]:
        theirs = _bigrams(f"{candidate.title} {candidate.description}")
        shared = sum((wanted & theirs).values())
        total = sum(wanted.values()) + sum(theirs.values())
        candidate.score = 2 * shared / total if total else 0
        if candidate.score >= SIMILARITY_FLOOR:
            found.append(candidate)
    found.sort(key=lambda candidate: (-candidate.score, -candidate.pk))
    return found[:SIMILAR_SHOWN]


# Counts for the dashboard


def submission_counts(committee_ids, year):
    """Submissions of a year: per month, per channel and venue, share accepted, and the median
    days from receipt to the first reply."""
    submissions = Submission.objects.filter(committee_id__in=committee_ids, created_at__year=year)
    per_month = list(
        submissions.annotate(month=TruncMonth("created_at"))
        .values("month")
        .annotate(count=Count("pk"))
        .order_by("month")
    )
    per_venue = list(
        submissions.values("channel", "reception_day__venue_name")
        .annotate(count=Count("pk"))
        .order_by("-count", "channel", "reception_day__venue_name")
    )
    totals = submissions.aggregate(
        total=Count("pk"),
        accepted=Count("pk", filter=Q(state__in=[Submission.State.ACCEPTED])),
        decided=Count("pk", filter=~Q(state=Submission.State.RECEIVED)),
    )
    waits = [
        (replied - received) / dt.timedelta(days=1)
        for received, replied in submissions.filter(first_reply_at__isnull=False).values_list(
            "created_at", "first_reply_at"
        )
    ]
    labels = dict(Submission.Channel.choices)
    return {
        "total": totals["total"],
        "accepted": totals["accepted"],
        "share_accepted": (totals["accepted"] / totals["total"]) if totals["total"] else None,
        "median_days_to_reply": round(statistics.median(waits), 1) if waits else None,
        "per_month": per_month,
        "per_venue": [
            {
                "channel": str(labels.get(row["channel"], row["channel"])),
                "venue": row["reception_day__venue_name"] or "",
                "count": row["count"],
            }
            for row in per_venue
        ],
    }
