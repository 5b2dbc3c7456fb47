"""Reads of members' duties: attendance sheets, the minutes' lists, the scoring rule of a
year, and the duty record (履职档案) computed line by line from the work recorded here.

`duty_record(member, year)` is the record of one member; `duty_records` reads many members'
records in the same constant number of queries (seven), for the office's overview.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import F, Q
from django.utils import timezone

from followup.models import SatisfactionRating
from people.models import CommitteeBody, Membership, User
from people.roles import Role
from research.models import ResearchActivity
from topics.models import State, Topic, TopicProposer

from .events import ACTIVITY, RECEPTION, SESSION, Event, event_of
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


def _topic_detail(topic: Topic) -> str:
    return f"{topic.stage.label} · {topic.get_state_display()}"


def duty_records(committee_id: int, year: int, members) -> dict[int, DutyRecord]:
    """{member pk: their duty record of `year` in the committee}, in seven queries."""
    members = list(members)
    ids = [member.pk for member in members]
    rule = rule_for(committee_id, year)
    records = {member.pk: DutyRecord(member, committee_id, year, rule) for member in members}

    def add(member_id, kind, pk, on, title, detail, url):
        points = rule.points_for(kind) if rule else Decimal(0)
        line = Line(f"{kind}:{pk}", kind, on, title, detail, url, points)
        records[member_id].lines.append(line)

    of_year = Topic.objects.filter(committee_id=committee_id, year=year).exclude(state=State.DRAFT)
    for topic in of_year.filter(created_by_id__in=ids):
        add(
            topic.created_by_id,
            LineKind.PROPOSED,
            topic.pk,
            timezone.localdate(topic.created_at),
            topic.title,
            _topic_detail(topic),
            topic.get_absolute_url(),
        )
    cosigned = (
        TopicProposer.objects.filter(
            member_id__in=ids, topic__in=of_year, confirmed_at__isnull=False
        )
        .exclude(topic__created_by_id=F("member_id"))
        .select_related("topic")
    )
    for proposer in cosigned:
        topic = proposer.topic
        add(
            proposer.member_id,
            LineKind.COSIGNED,
            proposer.pk,
            timezone.localdate(proposer.confirmed_at),
            topic.title,
            _topic_detail(topic),
            topic.get_absolute_url(),
        )
    joined = ResearchActivity.members.through.objects.filter(
        user_id__in=ids,
        researchactivity__topic__committee_id=committee_id,
        researchactivity__held_on__year=year,
    ).select_related("researchactivity__topic")
    for row in joined:
        activity = row.researchactivity
        add(
            row.user_id,
            LineKind.RESEARCH,
            activity.pk,
            activity.held_on,
            activity.topic.title,
            f"{activity.get_kind_display()} · {activity.place}",
            f"{activity.topic.get_absolute_url()}#s-research",
        )
    attendances = (
        Attendance.objects.filter(committee_id=committee_id, member_id__in=ids)
        .filter(Q(session__starts_at__year=year) | Q(reception_day__starts_at__year=year))
        .select_related("session__topic", "reception_day")
    )
    for record in attendances:
        event = event_of(record.session or record.reception_day)
        add(
            record.member_id,
            KIND_OF_STATUS[event.kind][record.status],
            record.pk,
            event.day,
            event.title,
            f"{event.label} · {record.get_status_display()} · {event.place}",
            event.url + ("#s-session" if event.kind == SESSION else ""),
        )
    ratings = SatisfactionRating.objects.filter(
        member_id__in=ids, item__topic__committee_id=committee_id, rated_at__year=year
    ).select_related("item__topic", "item__department")
    for rating in ratings:
        item = rating.item
        add(
            rating.member_id,
            LineKind.RATING,
            rating.pk,
            timezone.localdate(rating.rated_at),
            item.topic.title,
            f"{item.department} · {rating.get_level_display()}",
            f"{item.topic.get_absolute_url()}#item-{item.pk}",
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
