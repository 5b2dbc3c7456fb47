import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from simple_history.models import HistoricalRecords

from core.models import TransitionRecord
from core.uploads import UploadedFile
from people.models import Department
from topics.models import Topic


class Session(models.Model):
    """The deliberation session (协商议事会) of a topic."""

    topic = models.OneToOneField(Topic, on_delete=models.CASCADE, related_name="session")
    starts_at = models.DateTimeField(_("date and time"))
    venue = models.CharField(_("venue"), max_length=200)
    agenda = models.TextField(_("agenda"), max_length=5000)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("members present"),
        related_name="sessions",
        blank=True,
    )
    # Listed as 请假 in the minutes, beside those present (出席) and attending (列席).
    members_on_leave = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("members on leave"),
        related_name="sessions_missed",
        blank=True,
    )
    departments = models.ManyToManyField(
        Department, verbose_name=_("departments present"), related_name="sessions", blank=True
    )
    residents_count = models.PositiveSmallIntegerField(
        _("residents present"), default=0, validators=[MaxValueValidator(10000)]
    )
    history = HistoricalRecords(m2m_fields=[members, members_on_leave, departments])

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    def __str__(self):
        return _("Session on %(topic)s") % {"topic": self.topic}


class ConsensusPoint(models.Model):
    """One point of consensus reached (达成共识) at the session."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="consensus_points")
    position = models.PositiveSmallIntegerField()
    text = models.TextField(_("consensus point"), max_length=2000)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("consensus point")
        verbose_name_plural = _("consensus points")
        ordering = ["position"]

    def __str__(self):
        return self.text


class Minutes(models.Model):
    """The working text of the minutes (专题协商纪要); each submission freezes a version."""

    topic = models.OneToOneField(Topic, on_delete=models.CASCADE, related_name="minutes")
    text = models.TextField(_("minutes"), max_length=50000)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # The issuing number (发文字号, e.g. 江北政协纪〔2026〕12号), given at the first submission
    # from the committee's counter for that year (documents.services) and kept by every version.
    issuing_number = models.CharField(
        _("issuing number"), max_length=60, blank=True, editable=False
    )
    issuing_year = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    issuing_serial = models.PositiveIntegerField(null=True, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")

    def __str__(self):
        return _("Minutes of %(topic)s") % {"topic": self.topic}

    @property
    def current_version(self):
        return self.versions.order_by("-number").first()


def frozen_document_path(instance, filename):
    return f"documents/minutes/{uuid.uuid4().hex}.pdf"


class MinutesVersion(models.Model):
    """A submitted, frozen text of the minutes and the leaders asked to sign it.

    `particulars` freezes, at submission, everything else the official document shows (the
    committee, the issuing number, the title, who was present, on leave and attending, the
    date), so that its PDF, .docx and web view never change afterwards. The PDF as
    submitted and, once every leader has approved, the signed PDF with the sign-off block
    are stored with their SHA-256, against which a downloaded copy can be verified.
    """

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    text = models.TextField(_("minutes"))
    particulars = models.JSONField(_("document particulars"), default=dict, editable=False)
    leaders = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("leaders asked to sign"),
        related_name="minutes_to_sign",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    pdf = models.FileField(
        _("PDF as submitted"),
        upload_to=frozen_document_path,
        max_length=200,
        blank=True,
        editable=False,
    )
    pdf_sha256 = models.CharField(
        _("SHA-256 of the PDF as submitted"), max_length=64, blank=True, editable=False
    )
    signed_pdf = models.FileField(
        _("signed PDF"), upload_to=frozen_document_path, max_length=200, blank=True, editable=False
    )
    signed_pdf_sha256 = models.CharField(
        _("SHA-256 of the signed PDF"), max_length=64, blank=True, editable=False
    )
    history = HistoricalRecords(m2m_fields=[leaders])

    class Meta:
        verbose_name = _("minutes version")
        verbose_name_plural = _("minutes versions")
        ordering = ["minutes", "number"]
        constraints = [
            models.UniqueConstraint(fields=["minutes", "number"], name="unique_minutes_version")
        ]

    def __str__(self):
        return _("Version %(number)s") % {"number": self.number}

    def awaiting_leaders(self):
        return self.leaders.exclude(sign_offs__version=self)

    @property
    def is_signed(self) -> bool:
        """Every leader asked has approved (read from prefetched rows where there are some)."""
        approved = {
            sign_off.leader_id
            for sign_off in self.sign_offs.all()
            if sign_off.decision == SignOff.Decision.APPROVE
        }
        asked = {leader.pk for leader in self.leaders.all()}
        return bool(asked) and asked <= approved

    @property
    def was_returned(self) -> bool:
        return any(
            sign_off.decision == SignOff.Decision.RETURN for sign_off in self.sign_offs.all()
        )


class SignOff(models.Model):
    """A leader's decision on one version of the minutes, with the opinion (签批意见)."""

    class Decision(models.TextChoices):
        APPROVE = "approve", _("Approved")
        RETURN = "return", _("Returned for revision")

    version = models.ForeignKey(MinutesVersion, on_delete=models.CASCADE, related_name="sign_offs")
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="sign_offs",
        verbose_name=_("leader"),
    )
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    opinion = models.TextField(_("opinion"), max_length=5000)
    signed_at = models.DateTimeField(_("signed at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sign-off")
        verbose_name_plural = _("sign-offs")
        ordering = ["signed_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["version", "leader"], name="one_signoff_per_leader")
        ]

    def __str__(self):
        return f"{self.leader}: {self.get_decision_display()}"


class FollowUpItem(ConcurrentTransitionMixin, models.Model):
    """A task assigned to a responsible department, tracked until verified or closed."""

    class State(models.TextChoices):
        ASSIGNED = "assigned", _("Assigned")
        REPORTED_DONE = "reported_done", _("Completion reported")
        VERIFIED = "verified", _("Verified as completed")
        CLOSED = "closed", _("Closed with a reason")

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="follow_up_items")
    task = models.TextField(_("task"), max_length=2000)
    department = models.ForeignKey(
        Department,
        verbose_name=_("responsible department"),
        on_delete=models.PROTECT,
        related_name="follow_up_items",
    )
    due_on = models.DateField(_("due date"))
    state = FSMField(
        _("status"), max_length=20, choices=State.choices, default=State.ASSIGNED, protected=True
    )
    close_reason = models.TextField(_("reason for closing"), blank=True)
    review_note = models.TextField(_("office's note"), blank=True)
    percent_done = models.PositiveSmallIntegerField(
        _("progress"), default=0, validators=[MaxValueValidator(100)]
    )
    # Where the task comes from: a consensus point of the session or a leader's opinion.
    consensus_point = models.ForeignKey(
        ConsensusPoint,
        verbose_name=_("consensus point"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_up_items",
    )
    sign_off = models.ForeignKey(
        SignOff,
        verbose_name=_("leader's opinion"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_up_items",
    )
    # The day the department last reported completion: on time or late against due_on.
    completed_on = models.DateField(_("completion reported on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("follow-up item")
        verbose_name_plural = _("follow-up items")
        ordering = ["due_on", "pk"]

    def __str__(self):
        return self.task[:60]

    @transition(
        field=state,
        source=[State.ASSIGNED],
        target=State.REPORTED_DONE,
        permission="consultations.report_on_item",
        custom={"label": _("Report completion")},
    )
    def report_completion(self):
        self.percent_done = 100
        self.completed_on = timezone.localdate()

    @transition(
        field=state,
        source=State.REPORTED_DONE,
        target=State.VERIFIED,
        permission="consultations.verify_item",
        custom={"label": _("Verify completion")},
    )
    def verify(self):
        pass

    @transition(
        field=state,
        source=State.REPORTED_DONE,
        target=State.ASSIGNED,
        permission="consultations.verify_item",
        custom={"label": _("Send back")},
    )
    def send_back(self, reason):
        self.review_note = reason
        self.completed_on = None

    @transition(
        field=state,
        source=[State.ASSIGNED, State.REPORTED_DONE],
        target=State.CLOSED,
        permission="consultations.verify_item",
        custom={"label": _("Close with a reason")},
    )
    def close(self, reason):
        self.close_reason = reason


class ProgressReport(models.Model):
    """A department's report on a follow-up item, with evidence files."""

    item = models.ForeignKey(FollowUpItem, on_delete=models.CASCADE, related_name="reports")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    percent_done = models.PositiveSmallIntegerField(
        _("progress (%)"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    text = models.TextField(_("progress"), max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.percent_done}% {self.text[:40]}"


class Evidence(UploadedFile):
    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="evidence")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["pk"]


class ItemTransitionLog(TransitionRecord):
    item = models.ForeignKey(FollowUpItem, on_delete=models.CASCADE, related_name="transitions")
    source = models.CharField(_("from"), max_length=20, choices=FollowUpItem.State.choices)
    target = models.CharField(_("to"), max_length=20, choices=FollowUpItem.State.choices)

    class Meta(TransitionRecord.Meta):
        verbose_name = _("item transition record")
        verbose_name_plural = _("item transition records")


class ExtensionRequest(models.Model):
    """A department's request to move an item's due date; office staff grant or refuse it."""

    class State(models.TextChoices):
        PENDING = "pending", _("Awaiting decision")
        GRANTED = "granted", _("Granted")
        REFUSED = "refused", _("Refused")

    item = models.ForeignKey(
        FollowUpItem, on_delete=models.CASCADE, related_name="extension_requests"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    current_due_on = models.DateField(_("due date when asked"))
    requested_due_on = models.DateField(_("new due date asked for"))
    reason = models.TextField(_("reason"), max_length=2000)
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
        verbose_name = _("extension request")
        verbose_name_plural = _("extension requests")
        ordering = ["requested_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["item"],
                condition=models.Q(state="pending"),
                name="one_pending_extension_per_item",
            ),
        ]

    def __str__(self):
        return f"{self.item_id}: {self.current_due_on} → {self.requested_due_on}"

    @property
    def topic(self):
        # Lets the committee-scoped rules judge a request as they judge its item.
        return self.item.topic

    @transition(
        field=state,
        source=State.PENDING,
        target=State.GRANTED,
        permission="consultations.decide_extension",
    )
    def grant(self, user, note):
        self.decided_by, self.decision_note = user, note
        self.decided_at = timezone.now()

    @transition(
        field=state,
        source=State.PENDING,
        target=State.REFUSED,
        permission="consultations.decide_extension",
    )
    def refuse(self, user, note):
        self.decided_by, self.decision_note = user, note
        self.decided_at = timezone.now()


class SatisfactionRating(models.Model):
    """A proposing member's satisfaction with a completed item (满意 / 基本满意 / 不满意)."""

    class Level(models.TextChoices):
        SATISFIED = "satisfied", _("Satisfied")
        BASICALLY_SATISFIED = "basically_satisfied", _("Basically satisfied")
        DISSATISFIED = "dissatisfied", _("Dissatisfied")

    item = models.ForeignKey(FollowUpItem, on_delete=models.CASCADE, related_name="ratings")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="satisfaction_ratings",
        verbose_name=_("member"),
    )
    level = models.CharField(_("satisfaction"), max_length=20, choices=Level.choices)
    comment = models.TextField(_("comment"), max_length=2000)
    rated_at = models.DateTimeField(_("rated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("satisfaction rating")
        verbose_name_plural = _("satisfaction ratings")
        ordering = ["rated_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "member"], name="one_rating_per_member_and_item"
            )
        ]

    def __str__(self):
        return f"{self.member}: {self.get_level_display()}"
