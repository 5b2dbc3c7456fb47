import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

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

    notification_related = ()

    def notification_details(self):
        yield gettext("Version"), str(self.number)

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
