from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from simple_history.models import HistoricalRecords

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
        settings.AUTH_USER_MODEL, verbose_name=_("members present"), related_name="sessions", blank=True
    )
    departments = models.ManyToManyField(
        Department, verbose_name=_("departments present"), related_name="sessions", blank=True
    )
    residents_count = models.PositiveSmallIntegerField(
        _("residents present"), default=0, validators=[MaxValueValidator(10000)]
    )
    history = HistoricalRecords(m2m_fields=[members, departments])

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
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")

    def __str__(self):
        return _("Minutes of %(topic)s") % {"topic": self.topic}

    @property
    def current_version(self):
        return self.versions.order_by("-number").first()


class MinutesVersion(models.Model):
    """A submitted, frozen text of the minutes and the leaders asked to sign it."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    text = models.TextField(_("minutes"))
    leaders = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("leaders asked to sign"), related_name="minutes_to_sign"
    )
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)

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


class SignOff(models.Model):
    """A leader's decision on one version of the minutes, with the opinion (签批意见)."""

    class Decision(models.TextChoices):
        APPROVE = "approve", _("Approved")
        RETURN = "return", _("Returned for revision")

    version = models.ForeignKey(MinutesVersion, on_delete=models.CASCADE, related_name="sign_offs")
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="sign_offs",
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
        Department, verbose_name=_("responsible department"), on_delete=models.PROTECT,
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
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("follow-up item")
        verbose_name_plural = _("follow-up items")
        ordering = ["due_on", "pk"]

    def __str__(self):
        return self.task[:60]

    @transition(
        field=state, source=[State.ASSIGNED], target=State.REPORTED_DONE,
        permission="consultations.report_on_item",
        custom={"label": _("Report completion")},
    )
    def report_completion(self):
        self.percent_done = 100

    @transition(
        field=state, source=State.REPORTED_DONE, target=State.VERIFIED,
        permission="consultations.verify_item",
        custom={"label": _("Verify completion")},
    )
    def verify(self):
        pass

    @transition(
        field=state, source=State.REPORTED_DONE, target=State.ASSIGNED,
        permission="consultations.verify_item",
        custom={"label": _("Send back")},
    )
    def send_back(self, reason):
        self.review_note = reason

    @transition(
        field=state, source=[State.ASSIGNED, State.REPORTED_DONE], target=State.CLOSED,
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


class ItemTransitionLog(models.Model):
    """One row per state change of a follow-up item: who, when, from where to where, and why."""

    item = models.ForeignKey(FollowUpItem, on_delete=models.CASCADE, related_name="transitions")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("by"))
    transition = models.CharField(_("action"), max_length=40)
    source = models.CharField(_("from"), max_length=20, choices=FollowUpItem.State.choices)
    target = models.CharField(_("to"), max_length=20, choices=FollowUpItem.State.choices)
    comment = models.TextField(_("comment"), blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("item transition record")
        verbose_name_plural = _("item transition records")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.item_id}: {self.source} → {self.target}"
