from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from simple_history.models import HistoricalRecords

from core.models import TransitionRecord
from people.models import Committee, CommitteeBody
from people.privacy import register_personal_fields

from . import guards


class AnnualPlan(models.Model):
    """A committee's plan for one year: its approved topics against a target of sessions."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="plans")
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    target_sessions = models.PositiveSmallIntegerField(_("target number of sessions"), default=35)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("annual plan")
        verbose_name_plural = _("annual plans")
        ordering = ["-year", "committee"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "year"], name="unique_plan_per_year")
        ]

    def __str__(self):
        return _("%(committee)s plan for %(year)s") % {
            "committee": self.committee,
            "year": self.year,
        }


class Stage(models.IntegerChoices):
    SELECTION = 1, _("Topic selection")
    RESEARCH = 2, _("Research")
    DELIBERATION = 3, _("Deliberation")
    RESULTS = 4, _("Results submitted")
    FOLLOW_UP = 5, _("Follow-up")
    EVALUATION = 6, _("Quality evaluation")


class State(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PROPOSED = "proposed", _("Awaiting approval")
    REJECTED = "rejected", _("Not approved")
    PLANNED = "planned", _("In the annual plan")
    RESEARCHING = "researching", _("Under research")
    SESSION_SCHEDULED = "session_scheduled", _("Session scheduled")
    DELIBERATED = "deliberated", _("Deliberated")
    MINUTES_SUBMITTED = "minutes_submitted", _("Minutes awaiting sign-off")
    FOLLOWING_UP = "following_up", _("Following up")
    EVALUATING = "evaluating", _("Under evaluation")
    CLOSED = "closed", _("Closed")


STAGE_OF_STATE = {
    State.DRAFT: Stage.SELECTION,
    State.PROPOSED: Stage.SELECTION,
    State.REJECTED: Stage.SELECTION,
    State.PLANNED: Stage.RESEARCH,
    State.RESEARCHING: Stage.RESEARCH,
    State.SESSION_SCHEDULED: Stage.DELIBERATION,
    State.DELIBERATED: Stage.DELIBERATION,
    State.MINUTES_SUBMITTED: Stage.RESULTS,
    State.FOLLOWING_UP: Stage.FOLLOW_UP,
    State.EVALUATING: Stage.EVALUATION,
    State.CLOSED: Stage.EVALUATION,
}

STATES_OF_STAGE = {
    stage: [state for state, s in STAGE_OF_STATE.items() if s == stage] for stage in Stage
}


class Topic(ConcurrentTransitionMixin, models.Model):
    """A consultation topic (议题) carried through the six stages by one state machine."""

    class Channel(models.TextChoices):
        PARTY_GOVERNMENT = "party_government", _("Set by the Party and government")
        MEMBER = "member", _("Recommended by members")
        PUBLIC = "public", _("Raised by the public")

    class Category(models.TextChoices):
        INFRASTRUCTURE = "infrastructure", _("Utilities and infrastructure")
        OLD_COMMUNITIES = "old_communities", _("Old residential communities")
        ROADS = "roads", _("Roads and transport")
        ENVIRONMENT = "environment", _("Environment and waste sorting")
        ELDERLY_CARE = "elderly_care", _("Elderly care")
        HEALTH = "health", _("Health care")
        AGRICULTURE = "agriculture", _("Agriculture and rural areas")
        SOCIAL_GOVERNANCE = "social_governance", _("Social governance")
        PUBLIC_SERVICES = "public_services", _("Public convenience services")
        OTHER = "other", _("Other")

    class PublicVenue(models.TextChoices):
        RECEPTION_DAY = "reception_day", _("Members' reception day")
        SECTOR_DAY = "sector_day", _("Sector activity day")
        MEMBER_LOUNGE = "member_lounge", _("Members' lounge")
        ONLINE = "online", _("Online (群众出题 form)")

    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), on_delete=models.PROTECT, related_name="topics"
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    plan = models.ForeignKey(
        AnnualPlan,
        verbose_name=_("annual plan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="topics",
    )
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), max_length=5000)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    channel = models.CharField(_("source channel"), max_length=20, choices=Channel.choices)
    proposer_body = models.ForeignKey(
        CommitteeBody,
        verbose_name=_("proposing body"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="topics",
    )
    public_contact = models.CharField(
        _("resident's contact"),
        max_length=100,
        blank=True,
        help_text=_("Name and phone number of the resident who raised the problem."),
    )
    public_venue = models.CharField(
        _("venue where it was raised"), max_length=20, choices=PublicVenue.choices, blank=True
    )
    state = FSMField(
        _("state"),
        max_length=20,
        choices=State.choices,
        default=State.DRAFT,
        protected=True,
        db_index=True,
    )
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    # The deadline of the stage the topic is in, computed when it entered the stage
    # (deadlines.services.topic_deadline); empty where the stage has none.
    deadline_on = models.DateField(
        _("deadline"), null=True, blank=True, editable=False, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["-year", "-created_at"]
        indexes = [
            models.Index(fields=["committee", "year", "state"]),
            # The topic list's order (topics.selectors.topic_list), across committees and
            # within one: the first page is read from the index, not sorted.
            models.Index(fields=["-year", "-updated_at", "-id"], name="topic_list_order"),
            models.Index(
                fields=["committee", "-year", "-updated_at", "-id"],
                name="topic_committee_list_order",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("topics:detail", args=[self.pk])

    notification_related = ()

    def notification_details(self):
        return ()

    @property
    def stage(self) -> Stage:
        return STAGE_OF_STATE[self.state]

    # Stage 1: topic selection

    @transition(
        field=state,
        source=State.DRAFT,
        target=State.PROPOSED,
        conditions=[guards.has_proposer, guards.public_source_recorded, guards.cosigners_confirmed],
        permission="topics.submit_topic",
        custom={"label": _("Submit for approval"), "stage": Stage.SELECTION},
    )
    def submit(self):
        pass

    @transition(
        field=state,
        source=State.PROPOSED,
        target=State.PLANNED,
        permission="topics.decide_topic",
        custom={"label": _("Approve into the annual plan"), "stage": Stage.SELECTION},
    )
    def approve(self):
        self.plan, _created = AnnualPlan.objects.get_or_create(
            committee_id=self.committee_id, year=self.year
        )
        self.rejection_reason = ""

    @transition(
        field=state,
        source=State.PROPOSED,
        target=State.REJECTED,
        permission="topics.decide_topic",
        custom={"label": _("Reject"), "stage": Stage.SELECTION},
    )
    def reject(self, reason):
        self.rejection_reason = reason

    # Stage 2: research

    @transition(
        field=state,
        source=State.PLANNED,
        target=State.RESEARCHING,
        conditions=[guards.has_research_plan],
        permission="topics.run_process",
        custom={"label": _("Start research"), "stage": Stage.RESEARCH},
    )
    def start_research(self):
        pass

    # Stage 3: deliberation

    @transition(
        field=state,
        source=State.RESEARCHING,
        target=State.SESSION_SCHEDULED,
        conditions=[
            guards.has_research_findings,
            guards.has_research_report,
            guards.session_planned,
        ],
        permission="topics.run_process",
        custom={"label": _("Schedule the session"), "stage": Stage.DELIBERATION},
    )
    def schedule_session(self):
        pass

    @transition(
        field=state,
        source=State.SESSION_SCHEDULED,
        target=State.DELIBERATED,
        conditions=[
            guards.session_started,
            guards.session_has_attendees,
            guards.session_has_consensus,
        ],
        permission="topics.run_process",
        custom={"label": _("Record the session as held"), "stage": Stage.DELIBERATION},
    )
    def record_session(self):
        pass

    # Stage 4: results submitted

    @transition(
        field=state,
        source=State.DELIBERATED,
        target=State.MINUTES_SUBMITTED,
        conditions=[
            guards.session_has_attendees,
            guards.session_has_consensus,
            guards.minutes_written,
        ],
        permission="topics.run_process",
        custom={"label": _("Submit minutes to leaders"), "stage": Stage.RESULTS},
    )
    def submit_minutes(self):
        pass

    @transition(
        field=state,
        source=State.MINUTES_SUBMITTED,
        target=State.FOLLOWING_UP,
        conditions=[guards.all_signoffs_in],
        permission="topics.sign_minutes",
        custom={"label": _("Sign off the minutes"), "stage": Stage.RESULTS},
    )
    def sign_off(self):
        pass

    @transition(
        field=state,
        source=State.MINUTES_SUBMITTED,
        target=State.DELIBERATED,
        permission="topics.sign_minutes",
        custom={"label": _("Return the minutes for revision"), "stage": Stage.RESULTS},
    )
    def return_minutes(self):
        pass

    # Stage 5 → 6

    @transition(
        field=state,
        source=State.FOLLOWING_UP,
        target=State.EVALUATING,
        conditions=[
            guards.has_follow_up_items,
            guards.follow_up_settled,
            guards.evaluation_commissioned,
        ],
        permission="topics.run_process",
        custom={"label": _("Commission the evaluation"), "stage": Stage.EVALUATION},
    )
    def start_evaluation(self):
        pass

    @transition(
        field=state,
        source=State.EVALUATING,
        target=State.CLOSED,
        conditions=[guards.evaluations_submitted],
        permission="topics.run_process",
        custom={"label": _("Close the topic"), "stage": Stage.EVALUATION},
    )
    def close(self):
        pass


# The resident's contact: in full for the committee's office staff only (people.privacy).
register_personal_fields(Topic, "public_contact")


class TopicProposer(models.Model):
    """A member who proposes a topic, alone or jointly; a co-signer confirms before submission."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="proposers")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="proposals",
        verbose_name=_("member"),
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("proposer")
        verbose_name_plural = _("proposers")
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["topic", "member"], name="unique_proposer")]

    def __str__(self):
        return str(self.member)


class TransitionLog(TransitionRecord):
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="transitions")
    source = models.CharField(_("from"), max_length=20, choices=State.choices)
    target = models.CharField(_("to"), max_length=20, choices=State.choices)

    class Meta(TransitionRecord.Meta):
        verbose_name = _("transition record")
        verbose_name_plural = _("transition records")


class TopicSearchDocument(models.Model):
    """What the search reads of one topic (topics.search): its texts and their words."""

    topic = models.OneToOneField(
        Topic, on_delete=models.CASCADE, primary_key=True, related_name="search_document"
    )
    text = models.TextField()
    words = models.TextField()  # the texts cut into words by jieba, separated by spaces
    vector = SearchVectorField(null=True)  # PostgreSQL: the words as a tsvector (GIN index)

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")

    def __str__(self):
        return str(self.topic_id)
