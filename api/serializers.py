"""What the API shows of each record: the same fields the pages show the user."""

from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from rest_framework import serializers

from consultations.models import MinutesVersion, Session
from deadlines.services import Status, status_of
from followup.models import FollowUpItem
from topics.models import STAGE_OF_STATE, Stage, State, Topic


class TopicSerializer(serializers.ModelSerializer):
    committee = serializers.CharField(source="committee.name")
    state_label = serializers.CharField(source="get_state_display")
    stage = serializers.IntegerField(source="stage.value")
    stage_label = serializers.CharField(source="stage.label")
    deadline_status = serializers.ChoiceField(choices=Status.choices, allow_null=True)
    next_item_due = serializers.DateField(read_only=True, allow_null=True)
    url = serializers.URLField(help_text="The topic's page")

    class Meta:
        model = Topic
        fields = [
            "id",
            "title",
            "committee",
            "year",
            "channel",
            "category",
            "state",
            "state_label",
            "stage",
            "stage_label",
            "deadline_on",
            "deadline_status",
            "next_item_due",
            "created_at",
            "url",
        ]

    @cached_property
    def _row_constants(self):
        """What is the same for every row of a page: the labels in the request's language
        and the address of a topic page, reversed once. (The fields above describe the
        schema; `to_representation` builds the rows directly, for speed.)"""
        sample = reverse("topics:detail", args=[0])
        return (
            {value: str(label) for value, label in State.choices},
            {stage: str(stage.label) for stage in Stage},
            self.context["request"].build_absolute_uri(sample.removesuffix("0/")),
            self.context.get("today"),
        )

    def to_representation(self, topic):
        states, stages, topic_url, today = self._row_constants
        stage = STAGE_OF_STATE[topic.state]
        status = status_of(topic.deadline_on, today)
        next_item_due = getattr(topic, "next_item_due", None)
        row = {
            "id": topic.pk,
            "title": topic.title,
            "committee": topic.committee.name,
            "year": topic.year,
            "channel": topic.channel,
            "category": topic.category,
            "state": topic.state,
            "state_label": states[topic.state],
            "stage": int(stage),
            "stage_label": stages[stage],
            "deadline_on": topic.deadline_on.isoformat() if topic.deadline_on else None,
            "deadline_status": status.value if status else None,
            "next_item_due": next_item_due.isoformat() if next_item_due else None,
            "created_at": timezone.localtime(topic.created_at).isoformat(),
            "url": f"{topic_url}{topic.pk}/",
        }
        if "description" in self.Meta.fields:
            row["description"] = topic.description
        return row


class TopicDetailSerializer(TopicSerializer):
    class Meta(TopicSerializer.Meta):
        fields = [*TopicSerializer.Meta.fields, "description"]


class FollowUpItemSerializer(serializers.ModelSerializer):
    topic = serializers.IntegerField(source="topic_id")
    topic_title = serializers.CharField(source="topic.title")
    department = serializers.CharField(source="department.name")
    state_label = serializers.CharField(source="get_state_display")
    due_status = serializers.SerializerMethodField()

    class Meta:
        model = FollowUpItem
        fields = [
            "id",
            "topic",
            "topic_title",
            "task",
            "department",
            "state",
            "state_label",
            "due_on",
            "due_status",
            "percent_done",
            "completed_on",
            "created_at",
        ]

    def get_due_status(self, item) -> str | None:
        if item.state != FollowUpItem.State.ASSIGNED:
            return None
        status = status_of(item.due_on, self.context.get("today"))
        return status.value if status else None


class ProgressReportInput(serializers.Serializer):
    """Documented shape of a report (multipart/form-data); checked by the page's own form."""

    percent_done = serializers.IntegerField(min_value=0, max_value=100)
    text = serializers.CharField(max_length=5000)
    files = serializers.ListField(child=serializers.FileField(), required=False)
    completed = serializers.BooleanField(required=False, default=False)


class ProgressReportOutput(serializers.Serializer):
    id = serializers.IntegerField()
    item = serializers.IntegerField(source="item_id")
    percent_done = serializers.IntegerField()
    text = serializers.CharField()
    created_at = serializers.DateTimeField()
    evidence = serializers.SerializerMethodField()
    item_state = serializers.CharField(source="item.state")

    def get_evidence(self, report) -> list[dict]:
        return [
            {
                "name": evidence.original_name,
                "content_type": evidence.content_type,
                "size": evidence.size,
            }
            for evidence in report.evidence.all()
        ]


class SessionSerializer(serializers.ModelSerializer):
    topic = serializers.IntegerField(source="topic_id")
    topic_title = serializers.CharField(source="topic.title")
    starts_at = serializers.SerializerMethodField()

    class Meta:
        model = Session
        fields = ["id", "topic", "topic_title", "starts_at", "venue"]

    def get_starts_at(self, session) -> str:
        return timezone.localtime(session.starts_at).isoformat()


class DocumentSerializer(serializers.ModelSerializer):
    """A version of a topic's minutes: its metadata and, once signed, the signed PDF."""

    topic = serializers.IntegerField(source="minutes.topic_id")
    topic_title = serializers.CharField(source="minutes.topic.title")
    issuing_number = serializers.CharField(source="minutes.issuing_number")
    signed = serializers.BooleanField(source="is_signed")
    signed_pdf = serializers.SerializerMethodField()

    class Meta:
        model = MinutesVersion
        fields = [
            "id",
            "topic",
            "topic_title",
            "issuing_number",
            "number",
            "submitted_at",
            "signed",
            "pdf_sha256",
            "signed_pdf_sha256",
            "signed_pdf",
        ]

    def get_signed_pdf(self, version) -> str | None:
        if not version.is_signed:
            return None
        return self.context["request"].build_absolute_uri(
            reverse("api:document-signed-pdf", args=[version.pk])
        )


class EventSerializer(serializers.Serializer):
    key = serializers.CharField()
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    title = serializers.CharField()
    all_day = serializers.BooleanField()
    start = serializers.SerializerMethodField()
    end = serializers.SerializerMethodField()
    location = serializers.CharField()
    topic_title = serializers.CharField()
    url = serializers.SerializerMethodField()

    def _moment(self, value) -> str:
        if hasattr(value, "tzinfo"):
            value = timezone.localtime(value)
        return value.isoformat()

    def get_start(self, event) -> str:
        return self._moment(event.start)

    def get_end(self, event) -> str:
        return self._moment(event.end)

    def get_url(self, event) -> str:
        return self.context["request"].build_absolute_uri(event.path)
