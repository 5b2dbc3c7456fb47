"""The transactional outbox, which is also each user's in-app inbox.

A `Notification` row is written in the same transaction as the change that causes it, so
it exists exactly when the change does; the in-app channel needs nothing more. The other
channels (e-mail, and any configured in NOTIFICATION_CHANNELS) deliver it after commit: a
task claims a recipient's pending rows with one conditional UPDATE and sends them in one
message per channel. The unique constraint makes a second row for the same recipient,
subject, kind and due date impossible however many sweeps run at once, and the claim makes
a second send impossible however many tasks are handed the same recipient.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from deadlines.models import Deadline


class Kind(models.TextChoices):
    TOPIC_SUBMITTED = "topic_submitted", _("Topic submitted for approval")
    TOPIC_APPROVED = "topic_approved", _("Topic approved into the plan")
    TOPIC_REJECTED = "topic_rejected", _("Topic not approved")
    COSIGN_REQUESTED = "cosign_requested", _("Co-signature requested")
    RESEARCH_STARTED = "research_started", _("Research started")
    SESSION_SCHEDULED = "session_scheduled", _("Session scheduled")
    MINUTES_SUBMITTED = "minutes_submitted", _("Minutes to sign off")
    MINUTES_SIGNED = "minutes_signed", _("Minutes signed off")
    MINUTES_RETURNED = "minutes_returned", _("Minutes returned for revision")
    ITEM_ASSIGNED = "item_assigned", _("Follow-up item assigned")
    EVALUATION_ASSIGNED = "evaluation_assigned", _("Evaluation assigned")
    EXTENSION_REQUESTED = "extension_requested", _("Extension of a due date requested")
    EXTENSION_DECIDED = "extension_decided", _("Extension request decided")
    EVALUATION_REOPENED = "evaluation_reopened", _("Evaluation reopened")
    TOPIC_CLOSED = "topic_closed", _("Topic closed")
    DUE_SOON = "due_soon", _("Reminder: due in a few days")
    DUE_TODAY = "due_today", _("Reminder: due today")
    OVERDUE = "overdue", _("Reminder: overdue")
    ESCALATED = "escalated", _("Overdue work of others (for the office)")


REMINDER_KINDS = (Kind.DUE_SOON, Kind.DUE_TODAY, Kind.OVERDUE, Kind.ESCALATED)


def current_time():
    """`timezone.now()`, looked up when called: a default of `timezone.now` itself would be
    the function as it was at import, which the demo's clock (portal.demo.clock) cannot move."""
    return timezone.now()


class Notification(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENDING = "sending", _("Being sent")
        DONE = "done", _("Sent, or handed to the daily digest")
        FAILED = "failed", _("Failed")

    # The sweep writes rows by the hundred thousand, so the table carries only what lookups
    # need: the indexes in Meta (each starts with the recipient), and a database constraint
    # on the recipient alone. The topic, like the subject (a generic relation, which no
    # database constraint can check anyway), is a row the same transaction has just read, and
    # deleting it cascades here through the ORM.
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
        db_index=False,
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    topic = models.ForeignKey(
        "topics.Topic",
        verbose_name=_("topic"),
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    # What the notice is about: a transition record, a follow-up item, a version of the
    # minutes, an evaluation assignment, or the topic itself.
    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+", db_index=False, db_constraint=False
    )
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    deadline = models.CharField(_("deadline"), max_length=20, choices=Deadline.choices, blank=True)
    # The due date the notice is about; for a notice without one, the day of the event.
    due_on = models.DateField(_("due date"))
    created_at = models.DateTimeField(_("created at"), default=current_time)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    state = models.CharField(
        _("delivery"), max_length=10, choices=State.choices, default=State.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=current_time)
    claim = models.UUIDField(null=True, blank=True, editable=False)
    claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    handled_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "content_type", "object_id", "kind", "due_on"],
                name="one_notification_per_due_date",
            ),
        ]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox"),
            models.Index(
                fields=["recipient"],
                condition=models.Q(read_at__isnull=True),
                name="notification_unread",
            ),
            models.Index(
                fields=["recipient", "next_attempt_at"],
                condition=models.Q(state="pending"),
                name="notification_pending",
            ),
        ]

    def __str__(self):
        return f"{self.recipient}: {self.get_kind_display()} ({self.topic})"


class Delivery(models.Model):
    """A channel's outcome where the notification's own state does not tell it: waiting for
    (or sent in) the daily digest, or sent on this channel while another channel failed, so
    that the retry does not send it here again."""

    class State(models.TextChoices):
        SENT = "sent", _("Sent")
        DIGEST = "digest", _("Waiting for the daily digest")
        SENDING = "sending", _("In a digest being sent")

    notification = models.ForeignKey(
        Notification, on_delete=models.CASCADE, related_name="deliveries"
    )
    channel = models.CharField(_("channel"), max_length=20)
    state = models.CharField(_("state"), max_length=10, choices=State.choices)
    claim = models.UUIDField(null=True, blank=True, editable=False)
    at = models.DateTimeField(_("at"), auto_now=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["notification", "channel"], name="one_delivery_per_channel"
            ),
        ]
        indexes = [
            models.Index(
                fields=["channel"], condition=models.Q(state="digest"), name="delivery_digest"
            ),
        ]

    def __str__(self):
        return f"{self.channel}: {self.get_state_display()}"


class Preference(models.Model):
    """A user's choices for e-mail: kinds turned off, and one daily digest instead of each."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    email_off = models.JSONField(_("kinds not sent by e-mail"), default=list, blank=True)
    daily_digest = models.BooleanField(
        _("one daily digest"),
        default=False,
        help_text=_("Collect the e-mails of a day into one message, sent each morning."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self):
        return str(self.user)

    def wants_email(self, kind) -> bool:
        return kind not in self.email_off
