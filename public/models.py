from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from people.models import Committee
from topics.models import Topic


class ReceptionDay(models.Model):
    """A day when members meet the public: a reception day (接待日), a sector activity day
    (界别活动日) or an opening of a members' lounge (委员会客厅), at a venue, with its members."""

    Kind = Topic.PublicVenue

    committee = models.ForeignKey(
        Committee,
        verbose_name=_("committee"),
        on_delete=models.PROTECT,
        related_name="reception_days",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    venue_name = models.CharField(_("venue"), max_length=100)
    venue_address = models.CharField(_("address"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    ends_at = models.DateTimeField(_("ends at"))
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("members"),
        related_name="reception_days",
        blank=True,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[members])

    class Meta:
        verbose_name = _("reception day")
        verbose_name_plural = _("reception days")
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["committee", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="reception_day_ends_after_start",
                violation_error_message=_("The end must be after the start."),
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.venue_name} · {self.starts_at:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("public:reception_day_edit", args=[self.committee_id, self.pk])
