from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.uploads import UploadedFile
from people.models import Department
from topics.models import Topic


class ResearchPlan(models.Model):
    """Who researches the topic, when, and what they want to find out."""

    topic = models.OneToOneField(Topic, on_delete=models.CASCADE, related_name="research_plan")
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("research team"), related_name="research_plans"
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    objectives = models.TextField(_("objectives"), max_length=5000)
    history = HistoricalRecords(m2m_fields=[team])

    class Meta:
        verbose_name = _("research plan")
        verbose_name_plural = _("research plans")

    def __str__(self):
        return _("Research plan of %(topic)s") % {"topic": self.topic}

    def is_complete(self) -> bool:
        return bool(self.starts_on and self.ends_on and self.team.exists())


class ResearchActivity(models.Model):
    """A site visit or a symposium held during research."""

    class Kind(models.TextChoices):
        VISIT = "visit", _("Site visit")
        SYMPOSIUM = "symposium", _("Symposium")

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="research_activities")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("members present"),
        related_name="research_activities",
    )
    departments = models.ManyToManyField(
        Department,
        verbose_name=_("departments met"),
        related_name="research_activities",
        blank=True,
    )
    residents_met = models.CharField(
        _("residents met"),
        max_length=500,
        blank=True,
        help_text=_("Who was met, e.g. “12 residents of building 3, village committee”."),
    )
    findings = models.TextField(_("findings"), max_length=10000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords(m2m_fields=[members, departments])

    class Meta:
        verbose_name = _("research activity")
        verbose_name_plural = _("research activities")
        ordering = ["held_on", "pk"]

    def __str__(self):
        return f"{self.held_on} {self.place}"


class ResearchAttachment(UploadedFile):
    activity = models.ForeignKey(
        ResearchActivity, on_delete=models.CASCADE, related_name="attachments"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("research attachment")
        verbose_name_plural = _("research attachments")
        ordering = ["pk"]


class ResearchReport(models.Model):
    """The research report (调研报告) and its preliminary solution (初步方案)."""

    topic = models.OneToOneField(Topic, on_delete=models.CASCADE, related_name="research_report")
    content = models.TextField(_("report"), max_length=50000)
    preliminary_solution = models.TextField(_("preliminary solution"), max_length=20000)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("research report")
        verbose_name_plural = _("research reports")

    def __str__(self):
        return _("Research report of %(topic)s") % {"topic": self.topic}
