"""The duties part of the API: a member's duty record, and attendance recorded by office staff."""

from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from core.access import scoped_get_or_404
from duties import services as duties_services
from duties.events import event_get
from duties.models import Attendance, Dispute, LineKind
from duties.selectors import duty_record
from people.models import Membership, User
from people.roles import Role

from .views import query_number


class LineSerializer(serializers.Serializer):
    key = serializers.CharField()
    kind = serializers.ChoiceField(choices=LineKind.choices)
    kind_label = serializers.CharField()
    on = serializers.DateField()
    title = serializers.CharField()
    detail = serializers.CharField()
    url = serializers.CharField(help_text="The page of the record that earned the line")
    points = serializers.DecimalField(max_digits=8, decimal_places=2)
    counted = serializers.BooleanField(help_text="False once a dispute of it was accepted")
    dispute = serializers.ChoiceField(choices=Dispute.State.choices, allow_null=True)


class TotalSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=LineKind.choices)
    label = serializers.CharField()
    count = serializers.IntegerField()
    points = serializers.DecimalField(max_digits=8, decimal_places=2)


class DutyRecordSerializer(serializers.Serializer):
    """The fields describe the schema; `to_representation` builds the answer directly (a
    record has hundreds of lines: DRF's field machinery per line would double the time)."""

    member = serializers.IntegerField()
    member_name = serializers.CharField()
    committee = serializers.IntegerField()
    year = serializers.IntegerField()
    scoring_rule_version = serializers.IntegerField(allow_null=True)
    points = serializers.DecimalField(max_digits=8, decimal_places=2)
    totals = TotalSerializer(many=True)
    lines = LineSerializer(many=True)

    def to_representation(self, record):
        labels = {kind: str(label) for kind, label in LineKind.choices}
        return {
            "member": record.member.pk,
            "member_name": str(record.member),
            "committee": record.committee_id,
            "year": record.year,
            "scoring_rule_version": record.rule.version if record.rule else None,
            "points": _decimal(record.points),
            "totals": [
                {
                    "kind": total.kind,
                    "label": labels[total.kind],
                    "count": total.count,
                    "points": _decimal(total.points),
                }
                for total in record.totals
            ],
            "lines": [
                {
                    "key": line.key,
                    "kind": line.kind,
                    "kind_label": labels[line.kind],
                    "on": line.on.isoformat(),
                    "title": line.title,
                    "detail": line.detail,
                    "url": line.url,
                    "points": _decimal(line.points),
                    "counted": line.counted,
                    "dispute": line.dispute.state if line.dispute else None,
                }
                for line in record.lines
            ],
        }


def _decimal(value: Decimal) -> str:
    return f"{value:.2f}"


class DutyRecordView(APIView):
    """A member's duty record of a year: every line with the record that earned it, its
    points and any dispute (the member's own; office staff, any member of their committee)."""

    @extend_schema(
        parameters=[
            OpenApiParameter("year", int, description="The year (this year by default)"),
            OpenApiParameter("member", int, description="The member (yourself by default)"),
            OpenApiParameter(
                "committee", int, description="The committee (the member's first by default)"
            ),
        ],
        responses=DutyRecordSerializer,
    )
    def get(self, request):
        user = request.user
        year = query_number(request, "year", timezone.localdate().year)
        member = query_number(request, "member", user.pk)
        memberships = Membership.objects.filter(user_id=member, role=Role.MEMBER)
        committee = query_number(request, "committee")
        if committee is None:
            first = memberships.order_by("committee_id").values_list("committee_id", flat=True)
            committee = first.first()
        # As the record's page: another committee's member is not found, a record of this
        # committee that is not the user's to read is refused.
        owner = scoped_get_or_404(
            memberships.filter(committee_id__in=user.committee_ids).select_related(
                "user", "committee"
            ),
            committee_id=committee,
        )
        if not user.has_perm("duties.view_record", owner):
            raise exceptions.PermissionDenied(
                _("A member reads their own duty record; office staff read every member's.")
            )
        record = duty_record(owner.user, year, committee=owner.committee)
        return Response(DutyRecordSerializer(record).data)


class AttendanceEntry(serializers.Serializer):
    member = serializers.IntegerField()
    status = serializers.ChoiceField(choices=[*Attendance.Status.choices, ("", "")])


class AttendanceInput(serializers.Serializer):
    attendance = AttendanceEntry(many=True)


class AttendanceView(APIView):
    """Office staff record who attended a session, a research visit or a reception day
    (`kind`: session, activity, reception_day); "" as a status removes the member's record."""

    @extend_schema(request=AttendanceInput, responses={200: AttendanceInput})
    def post(self, request, kind, pk):
        event = event_get(kind, pk, committee_ids=request.user.committee_ids)
        if not request.user.has_perm("duties.mark_attendance", event):
            raise exceptions.PermissionDenied(_("Only office staff record attendance."))
        data = AttendanceInput(data=request.data)
        data.is_valid(raise_exception=True)
        entries = data.validated_data["attendance"]
        users = User.objects.in_bulk([entry["member"] for entry in entries])
        unknown = [entry["member"] for entry in entries if entry["member"] not in users]
        if unknown:
            raise exceptions.ValidationError(
                {"attendance": [_("Unknown members: %(ids)s.") % {"ids": unknown}]}
            )
        statuses = {users[entry["member"]]: entry["status"] for entry in entries}
        duties_services.attendance_mark(event=event, actor=request.user, statuses=statuses)
        records = Attendance.objects.filter(**event.foreign_key).order_by("member_id")
        return Response(
            {
                "attendance": [
                    {"member": record.member_id, "status": record.status} for record in records
                ]
            }
        )
