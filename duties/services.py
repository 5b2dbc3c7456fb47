"""Writes of members' duties: attendance (marked by the office or by checking in with the
QR code), leave requests and their decision, versions of the scoring rule, and disputes.

The two small machines (a leave request, a dispute) are declared in `catalogue/duties.py`
and decided through `core.workflow.transition_perform`.
"""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.workflow import transition_perform
from people.models import Membership
from people.roles import Role

from .events import ACTIVITY, RECEPTION, SESSION, Event
from .models import (
    MAX_POINTS,
    PENALTIES,
    Attendance,
    Dispute,
    LeaveRequest,
    LineKind,
    ScoringRule,
)

CHECK_IN_SALT = "duties.check-in"
Status = Attendance.Status


def _members_of(committee_id, members) -> None:
    """Refuse anyone who is not a member of the committee, naming them."""
    allowed = set(
        Membership.objects.filter(
            committee_id=committee_id, role=Role.MEMBER, user__in=members
        ).values_list("user_id", flat=True)
    )
    strangers = sorted(str(member) for member in members if member.pk not in allowed)
    if strangers:
        raise ValidationError(
            _("Only members of this committee have an attendance record: %(names)s.")
            % {"names": "、".join(strangers)}
        )


def _event_sync(event: Event) -> None:
    """Keep the event's own lists (who was present, who was on leave) in step with the
    attendance records: the session page and the research record read them. (A reception
    day's members are those it was planned with, not an attendance list.)"""
    if event.kind == RECEPTION:
        return
    records = list(Attendance.objects.filter(**event.foreign_key).values_list("member", "status"))
    present = [member for member, status in records if status == Status.PRESENT]
    if event.kind == SESSION:
        event.obj.members.set(present)
        event.obj.members_on_leave.set(
            [member for member, status in records if status == Status.LEAVE]
        )
    elif event.kind == ACTIVITY:
        event.obj.members.set(
            present + [member for member, status in records if status == Status.OBSERVER]
        )


def attendance_mark(*, event: Event, actor, statuses: dict) -> None:
    """Office staff mark attendance: `statuses` maps each member to a status, or to "" to
    leave the member without a record."""
    if not actor.has_perm("duties.mark_attendance", event):
        raise PermissionDenied
    invalid = [status for status in statuses.values() if status and status not in Status.values]
    if invalid:
        raise ValidationError(_("Choose an attendance from the list."))
    _members_of(event.committee_id, [member for member, status in statuses.items() if status])
    now = timezone.now()
    with transaction.atomic():
        existing = {
            record.member_id: record
            for record in Attendance.objects.select_for_update().filter(**event.foreign_key)
        }
        for member, status in statuses.items():
            record = existing.get(member.pk)
            if not status:
                if record is not None:
                    record._history_user = actor
                    record.delete()
                continue
            if record is not None and record.status == status:
                continue
            record = record or Attendance(
                committee_id=event.committee_id, member=member, **event.foreign_key
            )
            record.status, record.source = status, Attendance.Source.OFFICE
            record.recorded_by, record.recorded_at = actor, now
            record._history_user = actor
            record.save()
        _event_sync(event)


# Checking in with the QR code shown at the venue


def check_in_code(event: Event, *, day: dt.date | None = None) -> str:
    """A signed code for this event and day, valid for DUTIES_CHECK_IN_CODE_MAX_AGE seconds."""
    day = day or timezone.localdate()
    return signing.TimestampSigner(salt=CHECK_IN_SALT).sign(f"{event.key}@{day.isoformat()}")


def check_in_code_verify(event: Event, code: str) -> None:
    """Refuse a code that is forged, expired, of another day or of another event, saying so."""
    signer = signing.TimestampSigner(salt=CHECK_IN_SALT)
    try:
        signed = signer.unsign(code or "", max_age=settings.DUTIES_CHECK_IN_CODE_MAX_AGE)
    except signing.SignatureExpired as expired:
        raise ValidationError(
            _("This check-in code has expired. Scan the code shown at the venue now."),
            code="expired",
        ) from expired
    except signing.BadSignature as forged:
        raise ValidationError(
            _("This is not a valid check-in code. Scan the code shown at the venue."),
            code="invalid",
        ) from forged
    key, _at, day = signed.partition("@")
    if key != event.key:
        raise ValidationError(
            _("This check-in code belongs to another event. Scan the code shown at this venue."),
            code="other_event",
        )
    today = timezone.localdate()
    if day != today.isoformat():
        raise ValidationError(
            _("This check-in code is from %(day)s, not today. Scan today's code at the venue.")
            % {"day": day},
            code="other_day",
        )
    if event.day != today:
        raise ValidationError(
            _("Check-in for this event is open on its day only (%(day)s).")
            % {"day": event.day.isoformat()},
            code="not_today",
        )


def check_in(*, event: Event, member, code: str) -> tuple[Attendance, bool]:
    """A member checks in at the venue; returns the record and whether it is new."""
    if not member.has_perm("duties.check_in", event):
        raise PermissionDenied
    check_in_code_verify(event, code)
    with transaction.atomic():
        record = (
            Attendance.objects.select_for_update()
            .filter(member=member, **event.foreign_key)
            .first()
        )
        if record is not None and record.status == Status.PRESENT:
            return record, False
        record = record or Attendance(
            committee_id=event.committee_id, member=member, **event.foreign_key
        )
        record.status, record.source = Status.PRESENT, Attendance.Source.CHECK_IN
        record.recorded_by, record.recorded_at = member, timezone.now()
        record._history_user = member
        record.save()
        _event_sync(event)
    return record, True


# Leave (请假)


def leave_request_create(*, event: Event, member, reason: str) -> LeaveRequest:
    """A member asks for leave from a session or a reception day, with a reason, before it
    starts."""
    if not event.takes_leave or not member.has_perm("duties.request_leave", event):
        raise PermissionDenied
    if not event.is_to_come:
        raise ValidationError(
            {
                "reason": _("Leave can be asked for only before the event starts (%(start)s).")
                % {"start": timezone.localtime(event.starts_at).strftime("%Y-%m-%d %H:%M")}
            }
        )
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for your leave.")})
    request = LeaveRequest(
        committee_id=event.committee_id, member=member, reason=reason.strip(), **event.foreign_key
    )
    request._history_user = member
    try:
        with transaction.atomic():
            request.save()
    except IntegrityError as taken:
        raise ValidationError(
            {"reason": _("You have already asked for leave from this event.")}
        ) from taken
    return request


def leave_decide(
    *, request: LeaveRequest, actor, approve: bool, note: str = "", expected_state=None
) -> LeaveRequest:
    """Office staff approve the leave (the member is then recorded as on leave) or refuse
    it with a reason."""
    note = note.strip()
    if not approve and not note:
        raise ValidationError({"note": _("Give the reason for refusing the leave.")})
    return transition_perform(
        obj=request,
        name="approve" if approve else "refuse",
        actor=actor,
        comment=note,
        expected_state=expected_state,
        args=(actor, note),
    )


def leave_attendance_record(request: LeaveRequest, log) -> None:
    """The approve step's effect: the member's attendance at the event is “on leave”."""
    event = request.event
    Attendance.objects.update_or_create(
        **event.foreign_key,
        member=request.member,
        defaults={
            "committee_id": request.committee_id,
            "status": Status.LEAVE,
            "source": Attendance.Source.LEAVE,
            "recorded_by": log.actor,
            "recorded_at": timezone.now(),
        },
    )
    _event_sync(event)


def session_attendance_settle(topic, log) -> None:
    """The record_session step's effect: the lists the office recorded with the session are
    the attendance; a research team member in neither list was absent."""
    session = topic.session
    listed = {member.pk: Status.PRESENT for member in session.members.all()}
    listed |= {member.pk: Status.LEAVE for member in session.members_on_leave.all()}
    plan = getattr(topic, "research_plan", None)
    team = set(plan.team.values_list("pk", flat=True)) if plan else set()
    now = timezone.now()
    records = {record.member_id: record for record in session.attendances.all()}
    for member_id, record in records.items():
        if member_id not in listed and record.status in (Status.PRESENT, Status.LEAVE):
            record._history_user = log.actor
            record.delete()
    for member_id in team - set(listed) - set(records):
        listed[member_id] = Status.ABSENT
    for member_id, status in listed.items():
        record = records.get(member_id)
        if record is not None and record.status == status:
            continue
        Attendance.objects.update_or_create(
            session=session,
            member_id=member_id,
            defaults={
                "committee_id": topic.committee_id,
                "status": status,
                "source": Attendance.Source.SESSION,
                "recorded_by": log.actor,
                "recorded_at": now,
            },
        )


# The scoring rule of duty points


def weights_clean(weights: dict) -> dict:
    """The points per kind of line, checked: every kind needs its points, at most 100 either
    way, never a gain for a missed session nor a loss for work done, and some line must earn
    points. Raises ValidationError naming each wrong line."""
    errors, cleaned = {}, {}
    for kind in LineKind:
        try:
            points = Decimal(str(weights.get(kind.value))).quantize(Decimal("0.1"))
        except (InvalidOperation, TypeError, ValueError):
            errors[kind.value] = _("Give the points for “%(line)s” as a number.") % {
                "line": kind.label
            }
            continue
        if abs(points) > MAX_POINTS:
            errors[kind.value] = _(
                "The points for “%(line)s” must lie between -100 and 100, not %(points)s."
            ) % {"line": kind.label, "points": points}
        elif kind in PENALTIES and points > 0:
            errors[kind.value] = _(
                "“%(line)s” cannot earn points: give 0 or a negative number, not %(points)s."
            ) % {"line": kind.label, "points": points}
        elif kind not in PENALTIES and points < 0:
            errors[kind.value] = _(
                "“%(line)s” cannot cost points: give 0 or more, not %(points)s."
            ) % {"line": kind.label, "points": points}
        cleaned[kind.value] = str(points)
    if not errors and not any(Decimal(points) > 0 for points in cleaned.values()):
        errors["__all__"] = _("At least one kind of line must earn points.")
    if errors:
        raise ValidationError(errors)
    return cleaned


def scoring_rule_version_create(*, committee, actor, from_year: int, weights: dict, note=""):
    """Put a new version of the scoring rule in force from `from_year` on; a year already
    past keeps the version it was scored with."""
    if not actor.has_perm("duties.manage_scoring", committee):
        raise PermissionDenied
    this_year = timezone.localdate().year
    errors = {}
    try:
        cleaned = weights_clean(weights)
    except ValidationError as invalid:
        errors = invalid.message_dict
    if from_year < this_year:
        errors["from_year"] = [
            _("A finished year keeps the version it was scored with: choose %(year)s or later.")
            % {"year": this_year}
        ]
    if errors:
        raise ValidationError(errors)
    return _rule_save(
        committee=committee, actor=actor, from_year=from_year, weights=cleaned, note=note
    )


def scoring_rule_first(*, committee, actor, from_year: int, weights: dict) -> ScoringRule:
    """The committee's first version, in force from any year (the demo's, or an
    installation's on moving its earlier records here); the weights are checked alike."""
    if ScoringRule.objects.filter(committee=committee).exists():
        raise ValidationError(_("This committee already has a scoring rule."))
    return _rule_save(
        committee=committee, actor=actor, from_year=from_year, weights=weights_clean(weights)
    )


def _rule_save(*, committee, actor, from_year, weights, note="") -> ScoringRule:
    with transaction.atomic():
        current = (
            ScoringRule.objects.select_for_update()
            .filter(committee=committee)
            .order_by("-version")
            .first()
        )
        rule = ScoringRule(
            committee=committee,
            version=(current.version + 1) if current else 1,
            from_year=from_year,
            weights=weights,
            note=note.strip(),
            created_by=actor,
        )
        rule._history_user = actor
        rule.full_clean()
        rule.save()
    return rule


# Disputes of a line of the duty record


def dispute_raise(*, owner: Membership, year: int, line_key: str, reason: str, actor) -> Dispute:
    """The member disputes one line of their record for `year`, with a reason."""
    from .selectors import duty_record  # the record is read, never written, here

    if not actor.has_perm("duties.dispute_line", owner):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError({"reason": _("Say what is wrong with this line.")})
    record = duty_record(owner.user, year, committee=owner.committee)
    line = record.line(line_key)
    if line is None:
        raise ValidationError(
            _("This line is not in your duty record of %(year)s.") % {"year": year}
        )
    if line.dispute is not None and line.dispute.state != Dispute.State.REJECTED:
        raise ValidationError(
            {
                "reason": _("This line is already disputed (%(state)s).")
                % {"state": line.dispute.get_state_display()}
            }
        )
    dispute = Dispute(
        committee_id=owner.committee_id,
        member=owner.user,
        year=year,
        line_key=line_key,
        line_label=line.summary[:300],
        reason=reason.strip(),
    )
    dispute._history_user = actor
    try:
        with transaction.atomic():
            dispute.save()
    except IntegrityError as taken:
        raise ValidationError({"reason": _("This line is already disputed.")}) from taken
    return dispute


def dispute_decide(*, dispute: Dispute, actor, accept: bool, note: str, expected_state=None):
    """Office staff accept the dispute (the line no longer counts) or reject it, always with
    a reason; the decision is recorded with who took it and when."""
    note = note.strip()
    if not note:
        raise ValidationError({"note": _("Give the reason for the decision.")})
    return transition_perform(
        obj=dispute,
        name="accept" if accept else "reject",
        actor=actor,
        comment=note,
        expected_state=expected_state,
        args=(actor, note),
    )
