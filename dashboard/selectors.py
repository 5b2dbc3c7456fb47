"""The year at a glance: each figure is one query over the topics of the chosen year.

Every figure carries, per row, the URL of the topic list filtered to the topics it counts,
so that a number on the dashboard can always be opened and checked.
"""

from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import urlencode

from django.db import connection
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from evaluations.models import EvaluationResult, Grade
from followup.models import FollowUpItem, SatisfactionRating
from people.models import CommitteeBody
from people.roles import Role
from public.selectors import submission_counts
from topics.models import STAGE_OF_STATE, Stage, Topic, TransitionLog
from topics.selectors import cached_plan_progress


@dataclass
class Row:
    label: str
    values: list
    url: str | None = None


@dataclass
class Figure:
    """A titled table; the chart beside it draws the first `charted` value columns."""

    key: str
    title: str
    columns: list
    rows: list[Row] = field(default_factory=list)
    chart: str = "bar"  # bar, hbar or pie
    charted: int = 1
    note: str = ""

    def chart_data(self) -> dict:
        return {
            "key": self.key,
            "type": self.chart,
            "labels": [row.label for row in self.rows],
            "series": [
                {
                    "name": str(self.columns[index + 1]),
                    "values": [_plain(row.values[index]) for row in self.rows],
                }
                for index in range(self.charted)
            ],
            "urls": [row.url for row in self.rows],
        }


def bounded(figure: Figure, limit: int) -> Figure:
    """The figure with at most `limit` rows, the largest first (by the first value), saying
    how many there are: the page stays small for a province, the Excel export has them all."""
    if len(figure.rows) <= limit:
        return figure
    rows = sorted(figure.rows, key=lambda row: (row.values[0] is None, -(row.values[0] or 0)))
    shown = ngettext(
        "The %(shown)d largest of %(count)d are shown; the Excel export has them all.",
        "The %(shown)d largest of %(count)d are shown; the Excel export has them all.",
        limit,
    ) % {"shown": limit, "count": len(figure.rows)}
    return replace(figure, rows=rows[:limit], note=f"{figure.note} {shown}".strip())


def _plain(value):
    # JSON for the chart: a Decimal becomes a number, a missing figure stays empty.
    return float(value) if isinstance(value, Decimal) else value


class Scope:
    """The committees and year the figures cover, and the topic-list URL for a filter."""

    def __init__(self, year: int, committee_ids, *, chosen_committee=None):
        self.year = year
        self.committee_ids = list(committee_ids)
        self.chosen_committee = chosen_committee

    def topics(self):
        return Topic.objects.filter(committee_id__in=self.committee_ids, year=self.year)

    def items(self):
        return FollowUpItem.objects.filter(
            topic__committee_id__in=self.committee_ids, topic__year=self.year
        )

    def list_url(self, **filters) -> str:
        query = {"year": self.year}
        if self.chosen_committee:
            query["committee"] = self.chosen_committee
        query.update(filters)
        return f"{reverse('topics:list')}?{urlencode(query)}"


def dashboard_figures(scope: Scope) -> list[Figure]:
    figures = [
        plan_figure(scope),
        stage_figure(scope),
        channel_figure(scope),
    ]
    if len(scope.committee_ids) > 1:
        figures.append(committee_figure(scope))
    figures += [
        body_figure(scope),
        category_figure(scope),
        stage_days_figure(scope),
        overdue_figure(scope),
        grade_figure(scope),
        on_time_figure(scope),
        *public_figures(scope),
    ]
    return figures


def public_figures(scope: Scope) -> list[Figure]:
    """Problems from the public (群众出题): per month, per channel and venue, and how they
    were answered."""
    counts = submission_counts(scope.committee_ids, scope.year)
    per_month = Figure(
        "public_month",
        _("Problems from the public per month"),
        [_("Month"), _("Submissions")],
        rows=[Row(f"{row['month']:%Y-%m}", [row["count"]]) for row in counts["per_month"]],
    )
    per_venue = Figure(
        "public_venue",
        _("Problems from the public per channel and venue"),
        [_("Channel and venue"), _("Submissions")],
        rows=[
            Row(f"{row['channel']} {row['venue']}".strip(), [row["count"]])
            for row in counts["per_venue"]
        ],
        chart="hbar",
    )
    share = counts["share_accepted"]
    measures = [
        (_("Submissions"), counts["total"]),
        (_("Accepted as topics"), counts["accepted"]),
        (_("Share accepted (%)"), None if share is None else round(share * 100, 1)),
        (_("Median days to the first reply"), counts["median_days_to_reply"]),
    ]
    answered = Figure(
        "public_answered",
        _("How problems from the public were answered"),
        [_("Measure"), _("Value")],
        # A measure without a value yet (no submission, no reply) is left out.
        rows=[Row(str(label), [value]) for label, value in measures if value is not None],
        chart="",
    )
    return [per_month, per_venue, answered]


def plan_figure(scope: Scope) -> Figure:
    figure = Figure(
        "plan",
        _("Sessions held against the annual target"),
        [_("Committee"), _("Sessions held"), _("Target"), _("Share of the target (%)")],
        charted=2,
    )
    for plan in cached_plan_progress(scope.committee_ids, scope.year):
        share = _percent(plan.sessions_held, plan.target_sessions)
        figure.rows.append(
            Row(
                str(plan.committee),
                [plan.sessions_held, plan.target_sessions, share],
                scope.list_url(held=1, committee=plan.committee_id),
            )
        )
    if not figure.rows:
        figure.note = _("No annual plan for this year yet.")
    return figure


def stage_figure(scope: Scope) -> Figure:
    counts = dict(scope.topics().values_list("state").annotate(count=Count("pk")).order_by())
    by_stage = dict.fromkeys(Stage, 0)
    for state, count in counts.items():
        by_stage[STAGE_OF_STATE[state]] += count
    return Figure(
        "stage",
        _("Topics by stage"),
        [_("Stage"), _("Topics")],
        [
            Row(str(stage.label), [count], scope.list_url(stage=stage.value))
            for stage, count in by_stage.items()
        ],
    )


def channel_figure(scope: Scope) -> Figure:
    counts = dict(scope.topics().values_list("channel").annotate(count=Count("pk")).order_by())
    return Figure(
        "channel",
        _("Topics by source channel"),
        [_("Source channel"), _("Topics")],
        [
            Row(str(label), [counts.get(value, 0)], scope.list_url(channel=value))
            for value, label in Topic.Channel.choices
        ],
        chart="pie",
    )


def committee_figure(scope: Scope) -> Figure:
    counts = (
        scope.topics()
        .values_list("committee_id", "committee__name")
        .annotate(count=Count("pk"))
        .order_by("committee__name")
    )
    return Figure(
        "committee",
        _("Topics by committee"),
        [_("Committee"), _("Topics")],
        [Row(name, [count], scope.list_url(committee=pk)) for pk, name, count in counts],
        chart="hbar",
    )


def body_figure(scope: Scope) -> Figure:
    counts = (
        scope.topics()
        .filter(proposer_body__isnull=False)
        .values_list("proposer_body_id", "proposer_body__name", "proposer_body__kind")
        .annotate(count=Count("pk"))
        .order_by("proposer_body__kind", "proposer_body__name")
    )
    kinds = dict(CommitteeBody.Kind.choices)
    return Figure(
        "body",
        _("Topics by proposing committee body and sector"),
        [_("Proposing body"), _("Topics")],
        [
            Row(f"{name}（{kinds[kind]}）", [count], scope.list_url(body=pk))
            for pk, name, kind, count in counts
        ],
        chart="hbar",
        note=_("Topics proposed by members alone, without a body, are not counted here."),
    )


def category_figure(scope: Scope) -> Figure:
    counts = dict(scope.topics().values_list("category").annotate(count=Count("pk")).order_by())
    return Figure(
        "category",
        _("Topics by category"),
        [_("Category"), _("Topics")],
        [
            Row(str(label), [counts.get(value, 0)], scope.list_url(category=value))
            for value, label in Topic.Category.choices
        ],
        chart="hbar",
    )


def stage_days_figure(scope: Scope) -> Figure:
    days = average_days_in_stage(scope)
    return Figure(
        "days",
        _("Average days spent in each stage"),
        [_("Stage"), _("Average days"), _("Topics counted")],
        [
            Row(str(stage.label), [*days.get(stage, (None, 0))], scope.list_url(stage=stage.value))
            for stage in Stage
        ],
        note=_("Counted from the transition record, for the stages a topic has left."),
    )


def average_days_in_stage(scope: Scope) -> dict:
    """Stage → (mean days spent in it per topic that left it, number of such topics).

    Each transition ends a stay in its source state, begun at the previous transition or,
    for the first one, when the topic was created. A topic's stays in one stage (a return of
    the minutes makes two) are added up before averaging over topics.
    """
    if not scope.committee_ids:
        return {}
    stage_of = " ".join(
        f"WHEN '{state}' THEN {stage.value}" for state, stage in STAGE_OF_STATE.items()
    )
    log, topic = TransitionLog._meta.db_table, Topic._meta.db_table
    previous = (
        "COALESCE(LAG(l.at) OVER (PARTITION BY l.topic_id ORDER BY l.at, l.id), t.created_at)"
    )
    if connection.vendor == "postgresql":
        days = f"EXTRACT(EPOCH FROM (l.at - {previous})) / 86400.0"
    else:
        days = f"julianday(l.at) - julianday({previous})"
    placeholders = ", ".join(["%s"] * len(scope.committee_ids))
    sql = f"""
        WITH stays AS (
            SELECT l.topic_id, CASE l.source {stage_of} END AS stage, {days} AS days
            FROM {log} l JOIN {topic} t ON t.id = l.topic_id
            WHERE t.year = %s AND t.committee_id IN ({placeholders})
        )
        SELECT stage, SUM(days), COUNT(DISTINCT topic_id) FROM stays GROUP BY stage
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [scope.year, *scope.committee_ids])
        rows = cursor.fetchall()
    return {
        Stage(stage): (
            Decimal(str(total / topics)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP),
            topics,
        )
        for stage, total, topics in rows
        if stage is not None and topics
    }


def overdue_figure(scope: Scope) -> Figure:
    overdue = (
        scope.items()
        .filter(state=FollowUpItem.State.ASSIGNED, due_on__lt=timezone.localdate())
        .values_list("department_id", "department__name")
        .annotate(count=Count("pk"))
        .order_by("-count", "department__name")
    )
    figure = Figure(
        "overdue",
        _("Overdue follow-up items"),
        [_("Responsible department"), _("Overdue items")],
        [
            Row(name, [count], scope.list_url(department=pk, overdue=1))
            for pk, name, count in overdue
        ],
        chart="hbar",
    )
    total = sum(row.values[0] for row in figure.rows)
    figure.note = (
        _("%(count)s overdue in all.") % {"count": total} if total else _("No item is overdue.")
    )
    return figure


def grade_figure(scope: Scope) -> Figure:
    counts = dict(
        EvaluationResult.objects.filter(topic__in=scope.topics())
        .values_list("grade")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return Figure(
        "grade",
        _("Evaluation grades"),
        [_("Grade"), _("Topics")],
        [
            Row(str(label), [counts.get(value, 0)], scope.list_url(grade=value))
            for value, label in Grade.choices
        ],
        chart="pie",
        note=_("Topics whose every commissioned evaluation is submitted."),
    )


def on_time_figure(scope: Scope) -> Figure:
    figure = Figure(
        "on_time",
        _("Departments' on-time rate"),
        [
            _("Responsible department"),
            _("On-time rate (%)"),
            _("Items assigned"),
            _("Completed on time"),
            _("Completed late"),
            _("Overdue"),
        ],
        chart="hbar",
        note=_("Completed on time out of the items completed or overdue."),
    )
    for row in department_assessment(scope, with_satisfaction=False):
        figure.rows.append(
            Row(
                row["name"],
                [
                    row["on_time_rate"],
                    row["assigned"],
                    row["on_time"],
                    row["late"],
                    row["overdue"],
                ],
                scope.list_url(department=row["department_id"]),
            )
        )
    return figure


def department_assessment(scope: Scope, *, with_satisfaction=True) -> list[dict]:
    """Per department: items assigned, completed on time or late, overdue, open, closed,
    the on-time rate and, for the annual target assessment, members' satisfaction."""
    today = timezone.localdate()
    State = FollowUpItem.State
    overdue = Q(state=State.ASSIGNED, due_on__lt=today)
    rows = list(
        scope.items()
        .values("department_id", name=F("department__name"))
        .annotate(
            assigned=Count("pk"),
            on_time=Count("pk", filter=Q(state=State.VERIFIED, completed_on__lte=F("due_on"))),
            late=Count("pk", filter=Q(state=State.VERIFIED, completed_on__gt=F("due_on"))),
            overdue=Count("pk", filter=overdue),
            open=Count("pk", filter=Q(state__in=[State.ASSIGNED, State.REPORTED_DONE]) & ~overdue),
            closed=Count("pk", filter=Q(state=State.CLOSED)),
        )
        .order_by("department__name")
    )
    ratings = {}
    if with_satisfaction:
        Level = SatisfactionRating.Level
        ratings = {
            row.pop("department"): row
            for row in SatisfactionRating.objects.filter(
                item__topic__committee_id__in=scope.committee_ids,
                item__topic__year=scope.year,
            )
            .values(department=F("item__department_id"))
            .annotate(
                satisfied=Count("pk", filter=Q(level=Level.SATISFIED)),
                basically_satisfied=Count("pk", filter=Q(level=Level.BASICALLY_SATISFIED)),
                dissatisfied=Count("pk", filter=Q(level=Level.DISSATISFIED)),
            )
            .order_by()
        }
    for row in rows:
        row["on_time_rate"] = _percent(
            row["on_time"], row["on_time"] + row["late"] + row["overdue"]
        )
        if with_satisfaction:
            counts = ratings.get(row["department_id"], {})
            for key in ("satisfied", "basically_satisfied", "dissatisfied"):
                row[key] = counts.get(key, 0)
            rated = row["satisfied"] + row["basically_satisfied"] + row["dissatisfied"]
            row["satisfaction_rate"] = _percent(
                row["satisfied"] + row["basically_satisfied"], rated
            )
    return rows


def _percent(part, whole) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


ASSESSMENT_COLUMNS = [
    ("assigned", _("Items assigned")),
    ("on_time", _("Completed on time")),
    ("late", _("Completed late")),
    ("overdue", _("Overdue")),
    ("open", _("Open")),
    ("closed", _("Closed with a reason")),
    ("on_time_rate", _("On-time rate (%)")),
    ("satisfied", _("Satisfied")),
    ("basically_satisfied", _("Basically satisfied")),
    ("dissatisfied", _("Dissatisfied")),
    ("satisfaction_rate", _("Satisfaction rate (%)")),
]


def assessment_figure(scope: Scope) -> Figure:
    """The annual target assessment (年度目标任务考核): one row per responsible department."""
    return Figure(
        "assessment",
        _("Annual target assessment"),
        [_("Responsible department"), *(title for _key, title in ASSESSMENT_COLUMNS)],
        [
            Row(
                row["name"],
                [row[key] for key, _title in ASSESSMENT_COLUMNS],
                scope.list_url(department=row["department_id"]),
            )
            for row in department_assessment(scope)
        ],
        chart="",
    )


def dashboard_committees(user) -> frozenset[int]:
    """The committees whose year the user may see at a glance: where they are office staff
    or a leader (`dashboard.view_dashboard`)."""
    return user.committees_with_role(Role.OFFICE_STAFF, Role.LEADER)
