"""Reads of members' duties: attendance sheets, the minutes' lists, the scoring rule of a
year, and the duty record (履职档案) computed line by line from the work recorded here.

`duty_record(member, year)` is the record of one member; `duty_records` reads many members'
records in the same constant number of queries (seven), for the office's overview.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from followup.models import SatisfactionRating
from people.models import CommitteeBody, Membership, User
from people.roles import Role
from public.models import ReceptionDay, Submission
from research.models import ResearchActivity
from topics.models import STAGE_OF_STATE, State, TopicProposer

from .events import ACTIVITY, RECEPTION, SESSION, Event
from .models import Attendance, Dispute, LeaveRequest, LineKind, ScoringRule

Status = Attendance.Status
ATTENDED = (Status.PRESENT, Status.OBSERVER)
# The line an attendance record makes, by the kind of event and the status.
KIND_OF_STATUS = {
    SESSION: {
        Status.PRESENT: LineKind.SESSION_ATTENDED,
        Status.OBSERVER: LineKind.SESSION_ATTENDED,
        Status.ABSENT: LineKind.SESSION_MISSED,
        Status.LEAVE: LineKind.LEAVE,
    },
    RECEPTION: {
        Status.PRESENT: LineKind.RECEPTION_DAY,
        Status.OBSERVER: LineKind.RECEPTION_DAY,
        Status.ABSENT: LineKind.RECEPTION_MISSED,
        Status.LEAVE: LineKind.LEAVE,
    },
}


def minutes_attendance(session) -> tuple[list[str], list[str], list[str]]:
    """The minutes' 出席, 请假 and 列席 lists of names, from the attendance records."""
    names = defaultdict(list)
    for record in session.attendances.select_related("member"):
        names[record.status].append(str(record.member))
    return (
        sorted(names[Status.PRESENT]),
        sorted(names[Status.LEAVE]),
        sorted(names[Status.OBSERVER]),
    )


def expected_members(event: Event) -> list[User]:
    """Whom the office expects at the event: the topic's research team (the members planned
    for a reception day), and anyone with an attendance record or on the event's own list."""
    lookup = Q(attendances__in=Attendance.objects.filter(**event.foreign_key))
    if event.kind == RECEPTION:
        lookup |= Q(reception_days=event.obj)
    else:
        lookup |= Q(research_plans__topic=event.topic)
    if event.kind == SESSION:
        lookup |= Q(sessions=event.obj) | Q(sessions_missed=event.obj)
    elif event.kind == ACTIVITY:
        lookup |= Q(research_activities=event.obj)
    return list(
        User.objects.filter(lookup, memberships__committee_id=event.committee_id)
        .filter(memberships__role=Role.MEMBER)
        .distinct()
        .order_by("full_name", "username")
    )


def attendance_sheet(event: Event) -> list[tuple[User, Attendance | None]]:
    """Each expected member with their attendance record, if any."""
    records = {
        record.member_id: record
        for record in Attendance.objects.filter(**event.foreign_key).select_related("recorded_by")
    }
    return [(member, records.get(member.pk)) for member in expected_members(event)]


def initial_status(event: Event, member: User, record: Attendance | None) -> str:
    """What the marking page starts from: the record, else the event's own lists."""
    if record is not None:
        return record.status
    if event.kind == SESSION:
        if member in event.obj.members.all():
            return Status.PRESENT
        if member in event.obj.members_on_leave.all():
            return Status.LEAVE
        return ""
    if event.kind == ACTIVITY and member in event.obj.members.all():
        return Status.PRESENT
    return ""


def rule_for(committee_id: int, year: int) -> ScoringRule | None:
    """The version a year is scored with: the latest in force from that year or before."""
    return (
        ScoringRule.objects.filter(committee_id=committee_id, from_year__lte=year)
        .order_by("-version")
        .first()
    )


@dataclass
class Line:
    key: str  # "<kind>:<pk of the record that earned it>"
    kind: str
    on: dt.date
    title: str
    detail: str
    url: str
    points: Decimal = Decimal(0)
    dispute: Dispute | None = None

    @property
    def kind_label(self) -> str:
        return LineKind(self.kind).label

    @property
    def counted(self) -> bool:
        return self.dispute is None or self.dispute.state != Dispute.State.ACCEPTED

    @property
    def disputable(self) -> bool:
        return self.dispute is None or self.dispute.state == Dispute.State.REJECTED

    @property
    def summary(self) -> str:
        return f"{self.kind_label} · {self.on:%Y-%m-%d} · {self.title}"


@dataclass
class Total:
    kind: str
    label: str
    count: int = 0
    points: Decimal = Decimal(0)


@dataclass
class DutyRecord:
    member: User
    committee_id: int
    year: int
    rule: ScoringRule | None
    lines: list[Line] = field(default_factory=list)

    def line(self, key: str) -> Line | None:
        return next((line for line in self.lines if line.key == key), None)

    @property
    def totals(self) -> list[Total]:
        totals = {kind: Total(kind, kind.label) for kind in LineKind}
        for line in self.lines:
            if line.counted:
                totals[line.kind].count += 1
                totals[line.kind].points += line.points
        return list(totals.values())

    def count(self, kind: str) -> int:
        return sum(1 for line in self.lines if line.kind == kind and line.counted)

    @property
    def points(self) -> Decimal:
        return sum((line.points for line in self.lines if line.counted), Decimal(0))

    @property
    def open_disputes(self) -> int:
        return sum(
            1 for line in self.lines if line.dispute and line.dispute.state == Dispute.State.OPEN
        )


class _Labels:
    """The labels of choices, translated once per reading rather than once per line."""

    def __init__(self):
        self.topic_state = {
            value: f"{STAGE_OF_STATE[value].label} · {label}" for value, label in State.choices
        }
        self.activity_kind = {k: str(v) for k, v in ResearchActivity.Kind.choices}
        self.status = {k: str(v) for k, v in Status.choices}
        self.level = {k: str(v) for k, v in SatisfactionRating.Level.choices}
        self.reception_kind = {k: str(v) for k, v in ReceptionDay.Kind.choices}
        self.session = str(_("Session"))


class _Urls:
    """Each address reversed once, however many lines link to it."""

    def __init__(self):
        self.known = {}

    def __call__(self, name: str, pk: int) -> str:
        if (name, pk) not in self.known:
            self.known[name, pk] = reverse(name, args=[pk])
        return self.known[name, pk]


def duty_records(committee_id: int, year: int, members) -> dict[int, DutyRecord]:
    """{member pk: their duty record of `year` in the committee}, in seven queries.

    The rows are read as values, not model instances: an overview of hundreds of members
    reads thousands of lines.
    """
    members = list(members)
    ids = [member.pk for member in members]
    rule = rule_for(committee_id, year)
    records = {member.pk: DutyRecord(member, committee_id, year, rule) for member in members}
    url, labels = _Urls(), _Labels()

    def url_of_day(pk):
        return reverse("duties:event", args=[RECEPTION, pk])

    points_of = {kind: rule.points_for(kind) if rule else Decimal(0) for kind in LineKind}

    def add(member_id, kind, pk, on, title, detail, link):
        line = Line(f"{kind}:{pk}", kind, on, title, detail, link, points_of[kind])
        records[member_id].lines.append(line)

    # One row per proposer of the year's topics: the author's own row (given when the topic
    # was created) is a topic proposed, any other confirmed row a co-signature.
    proposals = (
        TopicProposer.objects.filter(
            member_id__in=ids,
            topic__committee_id=committee_id,
            topic__year=year,
            confirmed_at__isnull=False,
        )
        .exclude(topic__state=State.DRAFT)
        .values_list(
            "pk",
            "member_id",
            "confirmed_at",
            "topic_id",
            "topic__title",
            "topic__state",
            "topic__created_by_id",
            "topic__created_at",
        )
    )
    for pk, member_id, confirmed_at, topic_id, title, state, author_id, created_at in proposals:
        own = author_id == member_id
        add(
            member_id,
            LineKind.PROPOSED if own else LineKind.COSIGNED,
            topic_id if own else pk,
            timezone.localdate(created_at if own else confirmed_at),
            title,
            labels.topic_state[state],
            url("topics:detail", topic_id),
        )
    joined = ResearchActivity.members.through.objects.filter(
        user_id__in=ids,
        researchactivity__topic__committee_id=committee_id,
        researchactivity__held_on__year=year,
    ).values_list(
        "user_id",
        "researchactivity_id",
        "researchactivity__held_on",
        "researchactivity__kind",
        "researchactivity__place",
        "researchactivity__topic_id",
        "researchactivity__topic__title",
    )
    for member_id, pk, held_on, kind, place, topic_id, title in joined:
        add(
            member_id,
            LineKind.RESEARCH,
            pk,
            held_on,
            title,
            f"{labels.activity_kind[kind]} · {place}",
            f"{url('topics:detail', topic_id)}#s-research",
        )
    attendances = (
        Attendance.objects.filter(committee_id=committee_id, member_id__in=ids)
        .filter(Q(session__starts_at__year=year) | Q(reception_day__starts_at__year=year))
        .values_list(
            "pk",
            "member_id",
            "status",
            "session__starts_at",
            "session__venue",
            "session__topic_id",
            "session__topic__title",
            "reception_day_id",
            "reception_day__starts_at",
            "reception_day__venue_name",
            "reception_day__kind",
        )
    )
    for row in attendances:
        pk, member_id, status, session_at, venue, topic_id, title = row[:7]
        if topic_id is not None:
            add(
                member_id,
                KIND_OF_STATUS[SESSION][status],
                pk,
                timezone.localdate(session_at),
                title,
                f"{labels.session} · {labels.status[status]} · {venue}",
                f"{url('topics:detail', topic_id)}#s-session",
            )
        else:
            day_id, day_at, day_venue, day_kind = row[7:]
            add(
                member_id,
                KIND_OF_STATUS[RECEPTION][status],
                pk,
                timezone.localdate(day_at),
                day_venue,
                f"{labels.reception_kind[day_kind]} · {labels.status[status]} · {day_venue}",
                url_of_day(day_id),
            )
    # Problems the public brought to the member at a reception day (群众出题), recorded by them.
    problems = Submission.objects.filter(
        committee_id=committee_id,
        received_by_id__in=ids,
        reception_day__isnull=False,
        created_at__year=year,
    ).values_list("pk", "received_by_id", "created_at", "title", "place", "reception_day_id")
    for pk, member_id, created_at, title, place, day_id in problems:
        add(
            member_id,
            LineKind.PROBLEM_RECORDED,
            pk,
            timezone.localdate(created_at),
            title,
            place,
            url_of_day(day_id),
        )
    ratings = SatisfactionRating.objects.filter(
        member_id__in=ids, item__topic__committee_id=committee_id, rated_at__year=year
    ).values_list(
        "pk",
        "member_id",
        "rated_at",
        "level",
        "item_id",
        "item__department__name",
        "item__topic_id",
        "item__topic__title",
    )
    for pk, member_id, rated_at, level, item_id, department, topic_id, title in ratings:
        add(
            member_id,
            LineKind.RATING,
            pk,
            timezone.localdate(rated_at),
            title,
            f"{department} · {labels.level[level]}",
            f"{url('topics:detail', topic_id)}#item-{item_id}",
        )
    disputes = Dispute.objects.filter(
        committee_id=committee_id, member_id__in=ids, year=year
    ).order_by("raised_at", "pk")
    latest = {(dispute.member_id, dispute.line_key): dispute for dispute in disputes}
    for record in records.values():
        record.lines.sort(key=lambda line: (line.on, line.kind, line.key))
        for line in record.lines:
            line.dispute = latest.get((record.member.pk, line.key))
    return records


def duty_record(member: User, year: int, *, committee=None) -> DutyRecord:
    """The member's duty record of `year` in `committee` (by default their first committee
    as a member): every line with the record that earned it, its points and any dispute."""
    if committee is None:
        committee_id = (
            Membership.objects.filter(user=member, role=Role.MEMBER)
            .order_by("committee_id")
            .values_list("committee_id", flat=True)
            .first()
        )
    else:
        committee_id = getattr(committee, "pk", committee)
    return duty_records(committee_id, year, [member])[member.pk]


@dataclass
class OverviewRow:
    record: DutyRecord
    sectors: list[str]
    bodies: list[str]


SORTS = {
    "name": lambda row: row.record.member.full_name or row.record.member.username,
    "-points": lambda row: -row.record.points,
    "-attended": lambda row: -row.record.count(LineKind.SESSION_ATTENDED),
    "-missed": lambda row: -row.record.count(LineKind.SESSION_MISSED),
}


def records_overview(committee_id: int, year: int, *, body=None, sort="name") -> list[OverviewRow]:
    """Every member's record of the year, optionally of one sector or committee body only."""
    members = User.objects.filter(
        memberships__committee_id=committee_id, memberships__role=Role.MEMBER
    ).prefetch_related("bodies")
    if body is not None:
        members = members.filter(bodies=body)
    members = list(members.distinct().order_by("full_name", "username"))
    records = duty_records(committee_id, year, members)
    rows = []
    for member in members:
        bodies = [b for b in member.bodies.all() if b.committee_id == committee_id]
        rows.append(
            OverviewRow(
                records[member.pk],
                [b.name for b in bodies if b.kind == CommitteeBody.Kind.SECTOR],
                [b.name for b in bodies if b.kind != CommitteeBody.Kind.SECTOR],
            )
        )
    rows.sort(key=SORTS.get(sort, SORTS["name"]))
    return rows


def pending_leave_requests(committee_ids):
    return (
        LeaveRequest.objects.filter(
            committee_id__in=committee_ids, state=LeaveRequest.State.PENDING
        )
        .select_related("member", "session__topic", "reception_day")
        .order_by("requested_at", "pk")
    )


def open_disputes(committee_ids):
    return (
        Dispute.objects.filter(committee_id__in=committee_ids, state=Dispute.State.OPEN)
        .select_related("member")
        .order_by("raised_at", "pk")
    )
