import hashlib
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from simple_history.models import HistoricalRecords

from core.models import TransitionRecord
from people.models import Committee, CommitteeBody, Department
from people.privacy import mask, register_personal_fields
from topics.models import Topic

from . import guards


class ReceptionDay(models.Model):
    """A day when members meet the public: a reception day (接待日), a sector activity day
    (界别活动日) or an opening of a members' lounge (委员会客厅), at a venue, with its members."""

    class Kind(models.TextChoices):
        # The same values as Topic.PublicVenue: a topic raised there names the kind of day.
        RECEPTION_DAY = "reception_day", _("Members' reception day")
        SECTOR_DAY = "sector_day", _("Sector activity day")
        MEMBER_LOUNGE = "member_lounge", _("Members' lounge")

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
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
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


def tracking_hash(code: str) -> str:
    """What is stored of a tracking code: its SHA-256, so the table never holds the code."""
    return hashlib.sha256(code.strip().upper().encode()).hexdigest()


def photo_name(instance, filename):
    return f"public/submissions/{uuid.uuid4().hex}.jpg"


class Submission(ConcurrentTransitionMixin, models.Model):
    """A problem a member of the public brings (群众出题): online, or recorded by a member at a
    reception day. Office staff triage it: accept it as a topic, merge it into one, refer it,
    or decline it; the submitter follows the outcome with the tracking code."""

    class State(models.TextChoices):
        RECEIVED = "received", _("Received")
        ACCEPTED = "accepted", _("Accepted as a topic")
        MERGED = "merged", _("Joined to an existing topic")
        REFERRED = "referred", _("Referred")
        DECLINED = "declined", _("Declined")

    class Channel(models.TextChoices):
        ONLINE = "online", _("Online")
        RECEPTION = "reception", _("At a reception day")

    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), on_delete=models.PROTECT, related_name="+"
    )
    tracking_hash = models.CharField(max_length=64, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), max_length=5000)
    place = models.CharField(_("place"), max_length=200)
    category = models.CharField(_("category"), max_length=20, choices=Topic.Category.choices)
    name = models.CharField(_("name"), max_length=50)
    mobile = models.CharField(_("mobile number"), max_length=11)
    email = models.EmailField(_("e-mail"), blank=True)
    consented_at = models.DateTimeField(_("consented to the notice at"))
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    reception_day = models.ForeignKey(
        ReceptionDay,
        verbose_name=_("reception day"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="submissions",
    )
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("received by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    state = FSMField(
        _("state"),
        max_length=10,
        choices=State.choices,
        default=State.RECEIVED,
        protected=True,
        db_index=True,
    )
    topic = models.ForeignKey(
        Topic,
        verbose_name=_("topic"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="submissions",
    )
    referred_department = models.ForeignKey(
        Department,
        verbose_name=_("referred to department"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    referred_body = models.ForeignKey(
        CommitteeBody,
        verbose_name=_("referred to liaison committee"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    referral_note = models.TextField(_("note for the recipient"), blank=True)
    decline_reason = models.TextField(_("reason (shown to the submitter)"), blank=True)
    created_at = models.DateTimeField(_("received at"), auto_now_add=True, db_index=True)
    first_reply_at = models.DateTimeField(_("first reply at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["name", "mobile", "email", "tracking_hash"])

    class Meta:
        verbose_name = _("public submission")
        verbose_name_plural = _("public submissions")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["committee", "state", "created_at"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("public:submission", args=[self.committee_id, self.pk])

    notification_related = ()

    def notification_details(self):
        return ()

    @property
    def mobile_masked(self) -> str:
        return mask(self.mobile)

    @property
    def email_masked(self) -> str:
        return mask(self.email)

    @property
    def venue_label(self) -> str:
        if self.reception_day_id:
            return self.reception_day.venue_name
        return str(self.Channel.ONLINE.label)

    # Triage: each arrow is one step of catalogue/submission.py

    @transition(
        field=state,
        source=State.RECEIVED,
        target=State.ACCEPTED,
        conditions=[guards.topic_linked],
        permission="public.triage_submission",
        custom={"label": _("Accept as a topic")},
    )
    def accept(self):
        pass

    @transition(
        field=state,
        source=State.RECEIVED,
        target=State.MERGED,
        conditions=[guards.topic_linked],
        permission="public.triage_submission",
        custom={"label": _("Join to an existing topic")},
    )
    def merge(self):
        pass

    @transition(
        field=state,
        source=State.RECEIVED,
        target=State.REFERRED,
        conditions=[guards.referral_recorded],
        permission="public.triage_submission",
        custom={"label": _("Refer")},
    )
    def refer(self):
        pass

    @transition(
        field=state,
        source=State.RECEIVED,
        target=State.DECLINED,
        conditions=[guards.decline_reason_written],
        permission="public.triage_submission",
        custom={"label": _("Decline")},
    )
    def decline(self):
        pass


# The submitter's name, mobile and e-mail (people.privacy: masked unless shown, audited).
register_personal_fields(Submission, "name", "mobile", "email")


class SubmissionPhoto(models.Model):
    """A photo of a submission, re-encoded: shrunk, EXIF (GPS) stripped, a generated name."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(_("photo"), upload_to=photo_name, max_length=200)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["pk"]

    def __str__(self):
        return self.image.name


class PublicReply(models.Model):
    """What the submitter reads on the tracking page: each outcome, and replies in between."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="replies")
    text = models.TextField(_("reply"), max_length=2000)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("at"), auto_now_add=True)
    notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("public reply")
        verbose_name_plural = _("public replies")
        ordering = ["at", "pk"]

    def __str__(self):
        return self.text[:50]


class SubmissionLog(TransitionRecord):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="transitions")
    source = models.CharField(_("from"), max_length=10, choices=Submission.State.choices)
    target = models.CharField(_("to"), max_length=10, choices=Submission.State.choices)

    class Meta(TransitionRecord.Meta):
        verbose_name = _("submission transition record")
        verbose_name_plural = _("submission transition records")


class TopicPublication(models.Model):
    """A topic office staff chose to show the public, with texts written for the public: the
    problem, what the session agreed, and what was done. Nothing internal is shown."""

    topic = models.OneToOneField(
        Topic, verbose_name=_("topic"), on_delete=models.CASCADE, related_name="publication"
    )
    published = models.BooleanField(_("published"), default=False)
    problem = models.TextField(_("the problem"), max_length=3000)
    agreed = models.TextField(_("what the session agreed"), max_length=3000, blank=True)
    outcome = models.TextField(_("what was done"), max_length=3000, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("topic publication")
        verbose_name_plural = _("topic publications")

    def __str__(self):
        return str(self.topic)
