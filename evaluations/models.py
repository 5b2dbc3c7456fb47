from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from core.models import TransitionRecord
from people.models import Committee, EvaluatorOrganisation
from topics.models import Topic


class Grade(models.TextChoices):
    EXCELLENT = "excellent", _("Excellent")
    GOOD = "good", _("Good")
    FAIR = "fair", _("Fair")
    POOR = "poor", _("Poor")


class EvaluationMethod(models.Model):
    """The evaluation method (评价办法): weighted indicators and a grade scale."""

    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="evaluation_methods"
    )
    name = models.CharField(_("name"), max_length=100)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    excellent_from = models.DecimalField(
        _("excellent from"), max_digits=5, decimal_places=2, default=90
    )
    good_from = models.DecimalField(_("good from"), max_digits=5, decimal_places=2, default=75)
    fair_from = models.DecimalField(_("fair from"), max_digits=5, decimal_places=2, default=60)
    in_force = models.BooleanField(_("in force"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evaluation method")
        verbose_name_plural = _("evaluation methods")
        ordering = ["committee", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "version"], name="unique_method_version")
        ]

    def __str__(self):
        return _("%(name)s (version %(version)s)") % {"name": self.name, "version": self.version}

    def grade_for(self, total: Decimal) -> str:
        if total >= self.excellent_from:
            return Grade.EXCELLENT
        if total >= self.good_from:
            return Grade.GOOD
        if total >= self.fair_from:
            return Grade.FAIR
        return Grade.POOR


class Indicator(models.Model):
    method = models.ForeignKey(
        EvaluationMethod, on_delete=models.CASCADE, related_name="indicators"
    )
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("indicator"), max_length=100)
    weight = models.PositiveSmallIntegerField(
        _("weight"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    guidance = models.TextField(_("scoring guidance"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["method", "position", "pk"]

    def __str__(self):
        return f"{self.name} ({self.weight})"


class AssignmentQuerySet(models.QuerySet):
    def pending(self):
        """Assignments whose evaluation has not been submitted (yet, or again)."""
        return self.filter(state=EvaluationAssignment.State.ASSIGNED)


class EvaluationAssignment(models.Model):
    """A topic commissioned to one evaluator organisation, scored against one method."""

    class State(models.TextChoices):
        ASSIGNED = "assigned", _("Assigned")
        SUBMITTED = "submitted", _("Submitted")

    topic = models.ForeignKey(
        Topic, on_delete=models.CASCADE, related_name="evaluation_assignments"
    )
    evaluator = models.ForeignKey(
        EvaluatorOrganisation,
        verbose_name=_("evaluator organisation"),
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    method = models.ForeignKey(
        EvaluationMethod,
        verbose_name=_("evaluation method"),
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    state = FSMField(
        _("status"), max_length=10, choices=State.choices, default=State.ASSIGNED, protected=True
    )
    commissioned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    commissioned_at = models.DateTimeField(auto_now_add=True)
    no_conflict_declared = models.BooleanField(_("no conflict of interest declared"), default=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    total = models.DecimalField(
        _("total score"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    grade = models.CharField(_("grade"), max_length=10, choices=Grade.choices, blank=True)
    summary = models.TextField(_("overall comment"), blank=True, max_length=5000)
    history = HistoricalRecords()

    objects = AssignmentQuerySet.as_manager()
    notification_related = ("evaluator",)

    class Meta:
        verbose_name = _("evaluation assignment")
        verbose_name_plural = _("evaluation assignments")
        ordering = ["commissioned_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["topic", "evaluator"], name="one_assignment_per_evaluator"
            )
        ]

    def __str__(self):
        return f"{self.topic} — {self.evaluator}"

    def notification_details(self):
        yield gettext("Evaluator organisation"), str(self.evaluator)

    @transition(
        field=state,
        source=State.ASSIGNED,
        target=State.SUBMITTED,
        permission="evaluations.score_topic",
        custom={"label": _("Submit the evaluation")},
    )
    def submit(self, user, total, grade, summary):
        self.submitted_by = user
        self.total = total
        self.grade = grade
        self.summary = summary

    @transition(
        field=state,
        source=State.SUBMITTED,
        target=State.ASSIGNED,
        permission="evaluations.reopen_evaluation",
        custom={"label": _("Reopen the evaluation")},
    )
    def reopen(self):
        # The scores stay as the evaluator's starting point; the frozen total no longer counts.
        self.total = None
        self.grade = ""
        self.submitted_at = None


class Score(models.Model):
    assignment = models.ForeignKey(
        EvaluationAssignment, on_delete=models.CASCADE, related_name="scores"
    )
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="scores")
    score = models.DecimalField(
        _("score"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    justification = models.TextField(_("justification"), max_length=5000)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["indicator__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "indicator"], name="one_score_per_indicator"
            )
        ]

    def __str__(self):
        return f"{self.indicator.name}: {self.score}"


class EvaluationLog(TransitionRecord):
    """Submitted, or reopened with the reason."""

    assignment = models.ForeignKey(
        EvaluationAssignment, on_delete=models.CASCADE, related_name="transitions"
    )
    source = models.CharField(_("from"), max_length=10, choices=EvaluationAssignment.State.choices)
    target = models.CharField(_("to"), max_length=10, choices=EvaluationAssignment.State.choices)

    class Meta(TransitionRecord.Meta):
        verbose_name = _("evaluation record")
        verbose_name_plural = _("evaluation records")


class EvaluationResult(models.Model):
    """The topic's evaluation once every commissioned evaluator has submitted.

    The score is the mean of the evaluators' weighted totals, each computed from its exact
    scores (rounded once, at the end); the grade follows the method's scale. Kept up to date
    by the services, so that the topic page, the list and the dashboard read one row.
    """

    topic = models.OneToOneField(Topic, on_delete=models.CASCADE, related_name="evaluation_result")
    method = models.ForeignKey(
        EvaluationMethod,
        verbose_name=_("evaluation method"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    score = models.DecimalField(_("overall score"), max_digits=5, decimal_places=2)
    grade = models.CharField(_("grade"), max_length=10, choices=Grade.choices, db_index=True)
    evaluator_count = models.PositiveSmallIntegerField(_("evaluators"))
    computed_at = models.DateTimeField(_("computed at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evaluation result")
        verbose_name_plural = _("evaluation results")

    def __str__(self):
        return f"{self.topic}: {self.score} ({self.get_grade_display()})"
