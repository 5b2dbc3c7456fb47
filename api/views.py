"""The REST API. Each endpoint reads through the selectors the pages use and checks each
object with the pages' django-rules permission: what a user may not see is a 404, what they
may see but not do is a 403, exactly as on the pages."""

import datetime as dt

from django.http import FileResponse, Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from agenda.selectors import calendar_events
from audit.models import Action
from audit.services import audit_record
from consultations.models import MinutesVersion, Session
from core.access import RefusedAccess, scoped_get_or_404
from documents.selectors import visible_minutes_versions
from documents.services import minutes_pdf_freeze
from followup import services as followup_services
from followup.forms import ProgressReportForm
from followup.models import FollowUpItem
from followup.selectors import visible_items
from topics.models import State, Topic
from topics.selectors import annotate_for_list, visible_topics

from . import serializers

CALENDAR_MAX_DAYS = 366


class RuleCheckedViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """A list scoped by the pages' selector; one object also checked with `view_permission`
    (an object the user may not see is a 404, whether it exists or not; one that exists is
    recorded in the audit log as refused access, as on the pages)."""

    view_permission: str
    model: type
    lookup_value_converter = "int"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular reading the types
            return self.model.objects.none()
        return self.scoped_queryset()

    def get_object(self):
        obj = scoped_get_or_404(self.get_queryset(), pk=self.kwargs["pk"])
        if not self.request.user.has_perm(self.view_permission, self.permission_object(obj)):
            raise RefusedAccess(obj)
        return obj

    def permission_object(self, obj):
        return obj

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "today": timezone.localdate()}


def _choice(request, name, choices):
    value = request.query_params.get(name)
    if value is not None and value not in choices:
        raise exceptions.ValidationError({name: [_("Not one of the accepted values.")]})
    return value


def query_number(request, name, default=None):
    value = request.query_params.get(name)
    if value is None:
        return default
    if not value.isdigit():
        raise exceptions.ValidationError({name: [_("A whole number is needed.")]})
    return int(value)


class TopicViewSet(RuleCheckedViewSet):
    """Topics the user may see, with their stage, state and deadlines."""

    view_permission = "topics.view_topic"

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.TopicDetailSerializer
        return serializers.TopicSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("year", int, description="Only topics of this year"),
            OpenApiParameter("state", str, description="Only topics in this state"),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    model = Topic

    def scoped_queryset(self):
        topics = visible_topics(self.request.user).select_related("committee")
        if (year := query_number(self.request, "year")) is not None:
            topics = topics.filter(year=year)
        if state := _choice(self.request, "state", State.values):
            topics = topics.filter(state=state)
        return annotate_for_list(topics, self.request.user).order_by("pk")


class FollowUpItemViewSet(RuleCheckedViewSet):
    """Follow-up items the user may see (a department, only its own), and their reports."""

    view_permission = "followup.view_item"
    serializer_class = serializers.FollowUpItemSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("topic", int, description="Only items of this topic"),
            OpenApiParameter("state", str, description="Only items in this state"),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    model = FollowUpItem

    def scoped_queryset(self):
        user = self.request.user
        items = FollowUpItem.objects.filter(visible_items(user), topic__in=visible_topics(user))
        if (topic := query_number(self.request, "topic")) is not None:
            items = items.filter(topic_id=topic)
        if state := _choice(self.request, "state", FollowUpItem.State.values):
            items = items.filter(state=state)
        return items.select_related("topic", "department").order_by("pk")

    @extend_schema(
        request={"multipart/form-data": serializers.ProgressReportInput},
        responses={201: serializers.ProgressReportOutput},
        summary="Report progress on the department's item, with evidence files",
    )
    @action(detail=True, methods=["post"], url_path="reports")
    def report(self, request, pk=None):
        item = self.get_object()
        if not request.user.has_perm("followup.report_on_item", item):
            raise exceptions.PermissionDenied(
                _("Only the responsible department reports, on an open item in follow-up.")
            )
        form = ProgressReportForm(data=request.data, files=request.FILES, topic=item.topic)
        if not form.is_valid():
            raise exceptions.ValidationError(
                {
                    field: [error["message"] for error in errors]
                    for field, errors in form.errors.get_json_data().items()
                }
            )
        report = followup_services.progress_report(
            item=item, actor=request.user, **form.cleaned_data
        )
        # The report holds the locked item as saved (its state after a completion).
        return Response(serializers.ProgressReportOutput(report).data, status=201)


class SessionViewSet(RuleCheckedViewSet):
    """Deliberation sessions of the topics the user may see."""

    view_permission = "topics.view_topic"
    serializer_class = serializers.SessionSerializer

    model = Session

    def scoped_queryset(self):
        sessions = Session.objects.filter(topic__in=visible_topics(self.request.user))
        return sessions.select_related("topic").order_by("pk")

    def permission_object(self, session):
        return session.topic


class DocumentViewSet(RuleCheckedViewSet):
    """Versions of the minutes: metadata, and the signed PDF once every leader approved."""

    view_permission = "documents.view_minutes_version"
    serializer_class = serializers.DocumentSerializer

    model = MinutesVersion

    def scoped_queryset(self):
        versions = visible_minutes_versions(self.request.user)
        return (
            versions.select_related("minutes__topic__committee")
            .prefetch_related("leaders", "sign_offs")
            .order_by("pk")
        )

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"], url_path="signed.pdf", url_name="signed-pdf")
    def signed_pdf(self, request, pk=None):
        version = self.get_object()
        if not version.is_signed:
            raise Http404
        version = minutes_pdf_freeze(version=version, signed=True)
        audit_record(
            Action.DOWNLOAD, request=request, obj=version, detail="signed minutes PDF (API)"
        )
        name = version.minutes.issuing_number or version.minutes.topic.title
        return FileResponse(
            version.signed_pdf.open("rb"),
            content_type="application/pdf",
            filename=f"{name}-第{version.number}版-签批件.pdf",
        )


class CalendarView(APIView):
    """Events the user may see between two dates (at most a year; this month by default)."""

    @extend_schema(
        parameters=[
            OpenApiParameter("start", dt.date, description="First day (YYYY-MM-DD)"),
            OpenApiParameter("end", dt.date, description="Day after the last (YYYY-MM-DD)"),
        ],
        responses=serializers.EventSerializer(many=True),
    )
    def get(self, request):
        first = timezone.localdate().replace(day=1)
        start = self._date(request, "start", first)
        end = self._date(request, "end", (first + dt.timedelta(days=32)).replace(day=1))
        if not 0 < (end - start).days <= CALENDAR_MAX_DAYS:
            raise exceptions.ValidationError(
                {"end": [_("The end must be after the start, at most a year later.")]}
            )
        events = calendar_events(request.user, start, end)
        return Response(
            serializers.EventSerializer(events, many=True, context={"request": request}).data
        )

    @staticmethod
    def _date(request, name, default):
        value = request.query_params.get(name)
        if value is None:
            return default
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise exceptions.ValidationError(
                {name: [_("A date in the form YYYY-MM-DD is needed.")]}
            ) from None


class UnknownAddress(APIView):
    """Any other address under /api/: the JSON 404 of the API rather than the site's page."""

    authentication_classes = []
    permission_classes = []
    throttle_classes = []

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        raise exceptions.NotFound()

    post = put = patch = delete = get
