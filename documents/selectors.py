"""Reads behind the documents: the year's figures for the annual report, the research report."""

from collections import Counter

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils import timezone

from consultations.models import MinutesVersion, Session, SignOff
from evaluations.models import EvaluationAssignment
from followup.models import FollowUpItem
from people.predicates import READING_ROLES
from research.models import ResearchPlan, ResearchReport
from topics.models import STAGE_OF_STATE, Stage, State, Topic
from topics.selectors import plan_progress, visible_topics

from . import minutes as official

# A topic in these states has held its session.
SESSION_HELD_STATES = [
    state
    for state, stage in STAGE_OF_STATE.items()
    if stage >= Stage.DELIBERATION and state != State.SESSION_SCHEDULED
]


def annual_report_data(*, committee, year: int) -> dict:
    """Plan and target, sessions held, topics by stage and channel, closed topics' results."""
    topics = Topic.objects.filter(committee=committee, year=year)
    states = Counter(topics.values_list("state", flat=True))
    channels = Counter(topics.values_list("channel", flat=True))
    by_stage = [
        (
            stage.label,
            sum(count for state, count in states.items() if STAGE_OF_STATE[state] == stage),
        )
        for stage in Stage
    ]
    closed = (
        topics.filter(state=State.CLOSED)
        .select_related("minutes")
        .prefetch_related(
            Prefetch(
                "follow_up_items", queryset=FollowUpItem.objects.only("pk", "topic_id", "state")
            ),
            Prefetch(
                "evaluation_assignments",
                queryset=EvaluationAssignment.objects.filter(
                    state=EvaluationAssignment.State.SUBMITTED
                ).select_related("evaluator"),
            ),
        )
        .order_by("title")
    )
    return {
        "committee": committee,
        "year": year,
        "plan": plan_progress([committee.pk], year).first(),
        "topics_total": sum(states.values()),
        "by_stage": by_stage,
        "by_channel": [(label, channels.get(value, 0)) for value, label in Topic.Channel.choices],
        "sessions": Session.objects.filter(topic__in=topics, topic__state__in=SESSION_HELD_STATES)
        .select_related("topic")
        .order_by("starts_at"),
        "closed": [_closed_row(topic) for topic in closed],
        "date": official.chinese_date(timezone.localdate()),
    }


def _closed_row(topic: Topic) -> dict:
    items = topic.follow_up_items.all()
    minutes = getattr(topic, "minutes", None)
    return {
        "title": topic.title,
        "channel": topic.get_channel_display(),
        "issuing_number": minutes.issuing_number if minutes else "",
        "items_total": len(items),
        "items_done": sum(item.state == FollowUpItem.State.VERIFIED for item in items),
        "evaluations": [
            (assignment.evaluator.name, assignment.total, assignment.get_grade_display())
            for assignment in topic.evaluation_assignments.all()
        ],
    }


def research_report_context(topic: Topic) -> dict | None:
    """What the research report (调研报告) PDF shows, or None if the report is not written yet."""
    report = ResearchReport.objects.filter(topic=topic).first()
    if report is None:
        return None
    plan = ResearchPlan.objects.filter(topic=topic).prefetch_related("team").first()
    return {
        "topic": topic,
        "title": f"关于{topic.title.removeprefix('关于')}的调研报告",
        "content": official.paragraphs_of(report.content),
        "solution": official.paragraphs_of(report.preliminary_solution),
        "plan": plan,
        "plan_period": (
            f"{official.chinese_date(plan.starts_on)}至{official.chinese_date(plan.ends_on)}"
            if plan
            else ""
        ),
        "activities": topic.research_activities.prefetch_related("departments"),
        "date": official.chinese_date(timezone.localdate(report.updated_at)),
    }


def visible_minutes_versions(user):
    """The minutes versions the user may see (`documents.view_minutes_version`) as one query:
    every version of the visible topics of committees where the user reads all topics, and
    elsewhere only versions signed by every leader asked."""
    asked = MinutesVersion.leaders.through.objects.filter(minutesversion_id=OuterRef("pk"))
    approvals = SignOff.objects.filter(
        version_id=OuterRef(OuterRef("pk")), decision=SignOff.Decision.APPROVE
    ).values("leader_id")
    signed = Exists(asked) & ~Exists(asked.exclude(user_id__in=approvals))
    reading = Q(minutes__topic__committee_id__in=user.committees_with_role(*READING_ROLES))
    return MinutesVersion.objects.filter(minutes__topic__in=visible_topics(user)).filter(
        reading | signed
    )
