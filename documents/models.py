"""Issuing numbers of the minutes, and the annual work reports built by a Celery task."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from core.models import TransitionRecord
from people.models import Committee


class IssuingCounter(models.Model):
    """The last serial issued to a committee's minutes in a year (…纪〔2026〕12号).

    Numbers come from this row, locked for the rest of the submitting transaction, so that
    two submissions at the same moment wait for each other and a number is never issued
    twice; a refused submission rolls its increment back with it, so none is skipped.
    """

    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="issuing_counters"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    last_serial = models.PositiveIntegerField(_("last number issued"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("issuing counter")
        verbose_name_plural = _("issuing counters")
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "year"], name="one_issuing_counter_per_year"
            )
        ]

    def __str__(self):
        return f"{self.committee.short_name}纪〔{self.year}〕{self.last_serial}"


def annual_report_path(instance, filename):
    return f"documents/annual/{uuid.uuid4().hex}.pdf"


class AnnualReport(models.Model):
    """An annual work report (年度工作报告) requested by a user and rendered by a Celery task."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Being prepared")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    committee = models.ForeignKey(
        Committee,
        verbose_name=_("committee"),
        on_delete=models.PROTECT,
        related_name="annual_reports",
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    state = FSMField(
        _("status"), max_length=10, choices=State.choices, default=State.QUEUED, protected=True
    )
    progress = models.PositiveSmallIntegerField(
        _("progress"), default=0, validators=[MaxValueValidator(100)]
    )
    file = models.FileField(_("file"), upload_to=annual_report_path, max_length=200, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["progress"])

    class Meta:
        verbose_name = _("annual work report")
        verbose_name_plural = _("annual work reports")
        ordering = ["-requested_at", "-pk"]

    def __str__(self):
        return f"{self.committee} {self.year}"

    @property
    def is_pending(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.RUNNING)

    # A worker that died mid-way leaves the report running; the task delivered again restarts it.
    @transition(
        field=state,
        source=[State.QUEUED, State.RUNNING],
        target=State.RUNNING,
        custom={"label": _("Start preparing")},
    )
    def start(self):
        self.progress = 5

    @transition(field=state, source=State.RUNNING, target=State.DONE, custom={"label": _("Finish")})
    def finish(self, name):
        self.file.name = name
        self.progress = 100
        self.finished_at = timezone.now()

    @transition(
        field=state,
        source=[State.QUEUED, State.RUNNING],
        target=State.FAILED,
        custom={"label": _("Give up")},
    )
    def fail(self):
        self.finished_at = timezone.now()


class AnnualReportLog(TransitionRecord):
    """The report's changes of state, made by its task on behalf of whoever asked for it."""

    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="transitions")
    source = models.CharField(_("from"), max_length=10, choices=AnnualReport.State.choices)
    target = models.CharField(_("to"), max_length=10, choices=AnnualReport.State.choices)

    class Meta(TransitionRecord.Meta):
        verbose_name = _("annual work report record")
        verbose_name_plural = _("annual work report records")
