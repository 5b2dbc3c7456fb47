"""Attendance at sessions, research visits and reception days, leave requests, the versioned
scoring rule of duty points (履职积分) and members' disputes of a line of their duty record
(履职档案)."""

import functools
import operator
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from consultations.models import Session
from core.models import TransitionRecord
from people.models import Committee
from public.models import ReceptionDay
from research.models import ResearchActivity

from .events import event_of


def one_of(*fields) -> models.Q:
    """Exactly one of the foreign keys `fields` is set."""
    return functools.reduce(
        operator.or_,
        (models.Q(**{f"{name}__isnull": name != chosen for name in fields}) for chosen in fields),
    )


class Attendance(models.Model):
    """One member's attendance at one event: a session, a research visit or a reception day."""

    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        ABSENT = "absent", _("Absent")
        LEAVE = "leave", _("On leave")
        OBSERVER = "observer", _("Attending without a vote")

    class Source(models.TextChoices):
        OFFICE = "office", _("Marked by the office")
        CHECK_IN = "check_in", _("Checked in with the QR code")
        LEAVE = "leave", _("Leave approved")
        SESSION = "session", _("Recorded with the session")

    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="attendances", editable=False
    )
    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="attendances", null=True, blank=True
    )
    activity = models.ForeignKey(
        ResearchActivity,
        on_delete=models.CASCADE,
        related_name="attendances",
        null=True,
        blank=True,
    )
    reception_day = models.ForeignKey(
        ReceptionDay,
        on_delete=models.CASCADE,
        related_name="attendances",
        null=True,
        blank=True,
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="attendances",
        verbose_name=_("member"),
    )
    status = models.CharField(_("attendance"), max_length=10, choices=Status.choices)
    source = models.CharField(_("recorded by way of"), max_length=10, choices=Source.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        ordering = ["recorded_at", "pk"]
        indexes = [models.Index(fields=["member", "committee"])]
        constraints = [
            models.CheckConstraint(
                condition=one_of("session", "activity", "reception_day"),
                name="attendance_of_one_event",
            ),
            models.UniqueConstraint(
                fields=["session", "member"], name="one_attendance_per_session"
            ),
            models.UniqueConstraint(
                fields=["activity", "member"], name="one_attendance_per_activity"
            ),
            models.UniqueConstraint(
                fields=["reception_day", "member"], name="one_attendance_per_reception_day"
            ),
        ]

    def __str__(self):
        return f"{self.member}: {self.get_status_display()}"


class LeaveRequest(models.Model):
    """A member's request for leave (请假) from a session or a reception day, with a reason,
    before it starts."""

    class State(models.TextChoices):
        PENDING = "pending", _("Awaiting decision")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")

    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="leave_requests", editable=False
    )
    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="leave_requests", null=True, blank=True
    )
    reception_day = models.ForeignKey(
        ReceptionDay,
        on_delete=models.CASCADE,
        related_name="leave_requests",
        null=True,
        blank=True,
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="leave_requests",
        verbose_name=_("member"),
    )
    reason = models.TextField(_("reason"), max_length=2000)
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    state = FSMField(
        _("status"), max_length=10, choices=State.choices, default=State.PENDING, protected=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("reason for the decision"), blank=True, max_length=2000)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("leave request")
        verbose_name_plural = _("leave requests")
        ordering = ["requested_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=one_of("session", "reception_day"), name="leave_from_one_event"
            ),
            models.UniqueConstraint(
                fields=["session", "member"],
                condition=models.Q(state__in=["pending", "approved"]),
                name="one_open_leave_request_per_session",
            ),
            models.UniqueConstraint(
                fields=["reception_day", "member"],
                condition=models.Q(state__in=["pending", "approved"]),
                name="one_open_leave_request_per_reception_day",
            ),
        ]

    def __str__(self):
        return f"{self.member}: {self.event}"

    @property
    def event(self):
        return event_of(self.session or self.reception_day)

    @transition(
        field=state,
        source=State.PENDING,
        target=State.APPROVED,
        permission="duties.decide_leave",
        custom={"label": _("Approve")},
    )
    def approve(self, user, note):
        self.decided_by, self.decision_note, self.decided_at = user, note, timezone.now()

    @transition(
        field=state,
        source=State.PENDING,
        target=State.REFUSED,
        permission="duties.decide_leave",
        custom={"label": _("Refuse")},
    )
    def refuse(self, user, note):
        self.decided_by, self.decision_note, self.decided_at = user, note, timezone.now()


class LeaveLog(TransitionRecord):
    request = models.ForeignKey(LeaveRequest, on_delete=models.CASCADE, related_name="transitions")
    source = models.CharField(_("from"), max_length=10, choices=LeaveRequest.State.choices)
    target = models.CharField(_("to"), max_length=10, choices=LeaveRequest.State.choices)

    class Meta(TransitionRecord.Meta):
        verbose_name = _("leave request record")
        verbose_name_plural = _("leave request records")


class LineKind(models.TextChoices):
    """The kinds of line in a duty record; each earns the points its scoring rule gives it."""

    PROPOSED = "proposed", _("Topic proposed")
    COSIGNED = "cosigned", _("Topic co-signed")
    RESEARCH = "research", _("Research activity joined")
    SESSION_ATTENDED = "session_attended", _("Session attended")
    SESSION_MISSED = "session_missed", _("Session missed")
    RECEPTION_DAY = "reception_day", _("Reception day held")
    RECEPTION_MISSED = "reception_missed", _("Reception day missed")
    PROBLEM_RECORDED = "problem_recorded", _("Problem recorded at a reception day")
    LEAVE = "leave", _("Leave taken")
    RATING = "rating", _("Rating given on a follow-up item")


# Kinds that can only lose points (a rule must weigh them zero or less); all others gain.
PENALTIES = frozenset({LineKind.SESSION_MISSED, LineKind.RECEPTION_MISSED})
MAX_POINTS = Decimal(100)


class ScoringRule(models.Model):
    """A version of the committee's scoring rule of duty points: points per kind of line.

    Office staff change it by creating the next version, from a year not yet past; a year
    is scored with the latest version in force from that year on, so a finished year keeps
    the version it was scored with.
    """

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="scoring_rules")
    version = models.PositiveSmallIntegerField(_("version"))
    from_year = models.PositiveSmallIntegerField(_("in force from the year"))
    weights = models.JSONField(_("points per line"), default=dict)
    note = models.CharField(_("what changed"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("scoring rule")
        verbose_name_plural = _("scoring rules")
        ordering = ["committee", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "version"], name="unique_rule_version")
        ]

    def __str__(self):
        return _("Scoring rule, version %(version)s (from %(year)s)") % {
            "version": self.version,
            "year": self.from_year,
        }

    def points_for(self, kind: str) -> Decimal:
        return Decimal(str(self.weights.get(kind, 0)))

    @property
    def points_in_order(self) -> list[Decimal]:
        return [self.points_for(kind) for kind in LineKind]


class Dispute(models.Model):
    """A member's objection to one line of their duty record; office staff accept or reject.

    An accepted dispute takes the line's points out of the record; the line stays visible,
    marked as corrected.
    """

    class State(models.TextChoices):
        OPEN = "open", _("Awaiting decision")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")

    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="duty_disputes", editable=False
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="duty_disputes",
        verbose_name=_("member"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    line_key = models.CharField(_("line"), max_length=40)
    line_label = models.CharField(_("line as shown"), max_length=300)
    reason = models.TextField(_("reason"), max_length=2000)
    raised_at = models.DateTimeField(_("raised at"), auto_now_add=True)
    state = FSMField(
        _("status"), max_length=10, choices=State.choices, default=State.OPEN, protected=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("reason for the decision"), blank=True, max_length=2000)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("dispute")
        verbose_name_plural = _("disputes")
        ordering = ["raised_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "member", "year", "line_key"],
                condition=models.Q(state__in=["open", "accepted"]),
                name="one_standing_dispute_per_line",
            ),
        ]

    def __str__(self):
        return f"{self.member}: {self.line_label}"

    @transition(
        field=state,
        source=State.OPEN,
        target=State.ACCEPTED,
        permission="duties.decide_dispute",
        custom={"label": _("Accept")},
    )
    def accept(self, user, note):
        self.decided_by, self.decision_note, self.decided_at = user, note, timezone.now()

    @transition(
        field=state,
        source=State.OPEN,
        target=State.REJECTED,
        permission="duties.decide_dispute",
        custom={"label": _("Reject")},
    )
    def reject(self, user, note):
        self.decided_by, self.decision_note, self.decided_at = user, note, timezone.now()


class DisputeLog(TransitionRecord):
    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="transitions")
    source = models.CharField(_("from"), max_length=10, choices=Dispute.State.choices)
    target = models.CharField(_("to"), max_length=10, choices=Dispute.State.choices)

    class Meta(TransitionRecord.Meta):
        verbose_name = _("dispute record")
        verbose_name_plural = _("dispute records")
