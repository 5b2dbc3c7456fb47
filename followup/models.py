"""Follow-up (跟踪问效): the tasks a session's results give to departments, tracked until done.

Two state machines: the item (assigned → completion reported → verified, or closed with a
reason) and a department's request for more time (pending → granted or refused). Their steps
are declared in the catalogue and taken through core.workflow.transition_perform.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from simple_history.models import HistoricalRecords

from consultations.models import ConsensusPoint, SignOff
from core.models import TransitionRecord
from core.uploads import UploadedFile
from people.models import Department
from topics.models import Topic


class ItemQuerySet(models.QuerySet):
    def unsettled(self):
        """Items neither verified as completed nor closed with a reason."""
        return self.exclude(state__in=(FollowUpItem.State.VERIFIED, FollowUpItem.State.CLOSED))

    def open(self):
        return self.filter(state=FollowUpItem.State.ASSIGNED)


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

    objects = ItemQuerySet.as_manager()
    notification_related = ("department",)

    class Meta:
        verbose_name = _("follow-up item")
        verbose_name_plural = _("follow-up items")
        ordering = ["due_on", "pk"]

    def __str__(self):
        return self.task[:60]

    @property
    def notification_anchor(self):
        return f"item-{self.pk}"

    def notification_details(self):
        yield gettext("Task"), self.task[:200]
        yield gettext("Responsible department"), str(self.department)

    @transition(
        field=state,
        source=[State.ASSIGNED],
        target=State.REPORTED_DONE,
        permission="followup.report_on_item",
        custom={"label": _("Report completion")},
    )
    def report_completion(self):
        self.percent_done = 100
        self.completed_on = timezone.localdate()

    @transition(
        field=state,
        source=State.REPORTED_DONE,
        target=State.VERIFIED,
        permission="followup.verify_item",
        custom={"label": _("Verify completion")},
    )
    def verify(self):
        pass

    @transition(
        field=state,
        source=State.REPORTED_DONE,
        target=State.ASSIGNED,
        permission="followup.verify_item",
        custom={"label": _("Send back")},
    )
    def send_back(self, reason):
        self.review_note = reason
        self.completed_on = None

    @transition(
        field=state,
        source=[State.ASSIGNED, State.REPORTED_DONE],
        target=State.CLOSED,
        permission="followup.verify_item",
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
        permission="followup.decide_extension",
        custom={"label": _("Grant")},
    )
    def grant(self, user, note):
        self.decided_by, self.decision_note = user, note
        self.decided_at = timezone.now()

    @transition(
        field=state,
        source=State.PENDING,
        target=State.REFUSED,
        permission="followup.decide_extension",
        custom={"label": _("Refuse")},
    )
    def refuse(self, user, note):
        self.decided_by, self.decision_note = user, note
        self.decided_at = timezone.now()


class ExtensionLog(TransitionRecord):
    request = models.ForeignKey(
        ExtensionRequest, on_delete=models.CASCADE, related_name="transitions"
    )
    source = models.CharField(_("from"), max_length=10, choices=ExtensionRequest.State.choices)
    target = models.CharField(_("to"), max_length=10, choices=ExtensionRequest.State.choices)

    class Meta(TransitionRecord.Meta):
        verbose_name = _("extension request record")
        verbose_name_plural = _("extension request records")


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
