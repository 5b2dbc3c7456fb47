from django.conf import settings
from django.db import models
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class TransitionRecord(models.Model):
    """One row per state change: who, when, which action, and why.

    Subclasses add the record they describe and `source`/`target` with their own states.
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    transition = models.CharField(_("action"), max_length=40)
    comment = models.TextField(_("comment"), blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    class Meta:
        abstract = True
        ordering = ["at", "pk"]

    notification_related = ("actor",)

    def __str__(self):
        return f"{self.source} → {self.target}"

    def notification_details(self):
        yield gettext("By"), str(self.actor)
        if self.comment:
            yield gettext("Comment"), Truncator(self.comment).chars(500)


class FigureVersion(models.Model):
    """A committee's version of its cached figures (core.figures), raised in the transaction
    of every change they count."""

    committee_id = models.PositiveIntegerField(primary_key=True)  # core knows no committees
    version = models.PositiveBigIntegerField(default=1)

    def __str__(self):
        return f"{self.committee_id}: {self.version}"
