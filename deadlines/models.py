from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from people.models import Committee


class Deadline(models.TextChoices):
    """What is due: one deadline per stage, and each follow-up item's own due date."""

    RESEARCH_REPORT = "research_report", _("Research report")
    SESSION = "session", _("Consultation session")
    MINUTES = "minutes", _("Minutes")
    SIGN_OFF = "sign_off", _("Leaders' sign-off")
    FOLLOW_UP_ITEM = "follow_up_item", _("Follow-up item")
    EVALUATION = "evaluation", _("Evaluation")


def _days_field(label, default):
    return models.PositiveSmallIntegerField(
        label, default=default, validators=[MinValueValidator(1), MaxValueValidator(365)]
    )


class DeadlinePolicy(models.Model):
    """How long each stage may take in one committee; office staff edit it.

    A committee without a saved policy uses the defaults of these fields.
    """

    committee = models.OneToOneField(
        Committee,
        verbose_name=_("committee"),
        on_delete=models.CASCADE,
        related_name="deadline_policy",
    )
    research_report_days = _days_field(_("research report: days after approval"), 60)
    research_report_working_days = models.BooleanField(
        _("research report: count working days only"), default=False
    )
    session_days = _days_field(_("session: days after the research report"), 30)
    session_working_days = models.BooleanField(_("session: count working days only"), default=False)
    minutes_days = _days_field(_("minutes: days after the session"), 7)
    minutes_working_days = models.BooleanField(_("minutes: count working days only"), default=False)
    sign_off_days = _days_field(_("leaders' sign-off: days after submission"), 5)
    sign_off_working_days = models.BooleanField(
        _("leaders' sign-off: count working days only"), default=True
    )
    evaluation_days = _days_field(_("evaluation: days after it is commissioned"), 30)
    evaluation_working_days = models.BooleanField(
        _("evaluation: count working days only"), default=False
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("deadline policy")
        verbose_name_plural = _("deadline policies")

    def __str__(self):
        return _("Deadlines of %(committee)s") % {"committee": self.committee}

    def period(self, deadline: Deadline) -> tuple[int, bool]:
        """(number of days, whether only working days count) for a stage deadline."""
        return getattr(self, f"{deadline}_days"), getattr(self, f"{deadline}_working_days")

    @classmethod
    def of(cls, committee_id) -> "DeadlinePolicy":
        """The committee's saved policy, or an unsaved one with the defaults."""
        return cls.objects.filter(committee_id=committee_id).first() or cls(
            committee_id=committee_id
        )


STAGE_DEADLINES = [
    Deadline.RESEARCH_REPORT,
    Deadline.SESSION,
    Deadline.MINUTES,
    Deadline.SIGN_OFF,
    Deadline.EVALUATION,
]
