"""Pages of members' duties. Another committee's record is not found (404); a person of the
committee without the permission is refused (403)."""

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import content_disposition_header
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from audit.models import Action
from audit.services import audit_record
from consultations.models import Session
from core.access import scoped_get_or_404
from core.forms import add_validation_errors
from core.workflow import TransitionRefused
from dashboard.exports import figures_workbook, xlsx_response
from dashboard.selectors import Figure, Row
from documents.rendering import DOCUMENT_LANGUAGE, render_pdf
from people.models import Committee, Membership, User
from people.roles import Role
from public.models import ReceptionDay
from research.models import ResearchActivity

from . import services
from .events import event_get, event_of
from .forms import (
    AttendanceForm,
    DecisionForm,
    DisputeForm,
    LeaveRequestForm,
    OverviewForm,
    ScoringRuleForm,
)
from .models import Dispute, LeaveRequest, LineKind, ScoringRule
from .selectors import (
    attendance_sheet,
    duty_record,
    initial_status,
    open_disputes,
    pending_leave_requests,
    records_overview,
)


def _committee(request, pk) -> Committee:
    return scoped_get_or_404(Committee.objects.filter(pk__in=request.user.committee_ids), pk=pk)


def _event(request, kind, pk, permission):
    event = event_get(kind, pk, committee_ids=request.user.committee_ids)
    if not request.user.has_perm(permission, event):
        raise PermissionDenied
    return event


@login_required
def home(request):
    """What the user has to do with duties: for members their record, the sessions to come
    (ask for leave) and their requests; for office staff what waits for a decision."""
    user = request.user
    now = timezone.now()
    member_of = sorted(user.committees_with_role(Role.MEMBER))
    office_of = sorted(user.committees_with_role(Role.OFFICE_STAFF))
    if not user.has_perm("duties.view_duties"):
        raise PermissionDenied
    committees = [*member_of, *office_of]
    sessions = (
        Session.objects.filter(topic__committee_id__in=committees, starts_at__gte=now)
        .select_related("topic")
        .order_by("starts_at")[:20]
    )
    reception_days = ReceptionDay.objects.filter(
        committee_id__in=committees, starts_at__gte=now
    ).order_by("starts_at")[:20]
    activities = (
        ResearchActivity.objects.filter(
            topic__committee_id__in=office_of, held_on__gte=timezone.localdate()
        )
        .select_related("topic")
        .order_by("held_on")[:20]
    )
    events = sorted(
        (event_of(obj) for obj in [*sessions, *reception_days, *activities]),
        key=lambda event: (event.day, event.key),
    )
    context = {
        "events": events,
        "my_requests": LeaveRequest.objects.filter(member=user)
        .select_related("session__topic", "reception_day")
        .order_by("-requested_at")[:10],
        "my_records": Membership.objects.filter(user=user, role=Role.MEMBER).select_related(
            "committee"
        ),
        "office_committees": Committee.objects.filter(pk__in=office_of),
        "pending_leave": list(pending_leave_requests(office_of)),
        "open_disputes": list(open_disputes(office_of)),
        "year": timezone.localdate().year,
        "is_member": bool(member_of),
        "is_office": bool(office_of),
    }
    return render(request, "duties/home.html", context)


# Attendance


@login_required
@require_http_methods(["GET", "POST"])
def attendance(request, kind, pk):
    event = _event(request, kind, pk, "duties.mark_attendance")
    sheet = attendance_sheet(event)
    members = User.objects.filter(
        memberships__committee_id=event.committee_id, memberships__role=Role.MEMBER
    ).order_by("full_name", "username")
    form = AttendanceForm(
        request.POST or None,
        sheet=sheet,
        initial_of=lambda member, record: initial_status(event, member, record),
        members=members,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.attendance_mark(event=event, actor=request.user, statuses=form.statuses())
        except ValidationError as invalid:
            add_validation_errors(form, invalid)
        else:
            messages.success(request, _("The attendance has been saved."))
            return redirect("duties:attendance", kind, pk)
    return render(
        request,
        "duties/attendance_form.html",
        {"event": event, "form": form, "sheet": sheet},
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
def check_in_code(request, kind, pk):
    """The QR code office staff project at the venue; the page renews it by itself."""
    event = _event(request, kind, pk, "duties.show_check_in_code")
    url = request.build_absolute_uri(
        reverse("duties:check_in", args=[kind, pk]) + "?code=" + services.check_in_code(event)
    )
    svg = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=12)
    response = render(
        request,
        "duties/check_in_code.html",
        {
            "event": event,
            "url": url,
            # The SVG is made here from our own URL: markup we generated, not user input.
            "svg": mark_safe(svg.to_string(encoding="unicode")),
            "is_today": event.day == timezone.localdate(),
        },
    )
    # The projected page fetches a fresh code by itself (no script needed).
    response["Refresh"] = str(settings.DUTIES_CHECK_IN_REFRESH)
    return response


@login_required
@require_http_methods(["GET", "POST"])
def check_in(request, kind, pk):
    """A member opens the scanned code's URL and confirms the check-in."""
    event = _event(request, kind, pk, "duties.check_in")
    code = request.POST.get("code") or request.GET.get("code", "")
    error = None
    if request.method == "POST":
        try:
            _record, new = services.check_in(event=event, member=request.user, code=code)
        except ValidationError as invalid:
            error = invalid.messages[0]
        else:
            if new:
                messages.success(request, _("You are checked in. Thank you for coming."))
            else:
                messages.info(request, _("You had already checked in."))
            return redirect("duties:mine")
    else:
        try:
            services.check_in_code_verify(event, code)
        except ValidationError as invalid:
            error = invalid.messages[0]
    return render(
        request,
        "duties/check_in.html",
        {"event": event, "code": code, "error": error},
        status=400 if error else 200,
    )


@login_required
def event(request, kind, pk):
    """An event and its attendance: every member's for office staff, one's own for a member."""
    shown = _event(request, kind, pk, "duties.view_duties")
    sheet = attendance_sheet(shown)
    if not request.user.has_perm("duties.mark_attendance", shown):
        sheet = [(member, record) for member, record in sheet if member == request.user]
    return render(request, "duties/event.html", {"event": shown, "sheet": sheet})


# Leave


@login_required
@require_http_methods(["GET", "POST"])
def leave_request(request, kind, pk):
    event = _event(request, kind, pk, "duties.request_leave")
    if not event.takes_leave:
        raise Http404
    form = LeaveRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.leave_request_create(
                event=event, member=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as invalid:
            add_validation_errors(form, invalid)
        else:
            messages.success(request, _("Your leave request has been sent to the office."))
            return redirect("duties:home")
    return render(
        request,
        "duties/leave_form.html",
        {"event": event, "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


def _decision_page(request, obj, *, choices, decide, template, context, note_help=""):
    form = DecisionForm(request.POST or None, choices=choices, state=obj.state, note_help=note_help)
    if request.method == "POST" and form.is_valid():
        try:
            decide(form.cleaned_data)
        except ValidationError as invalid:
            add_validation_errors(form, invalid)
        except TransitionRefused as refused:
            messages.error(request, " ".join(refused.reasons))
            return redirect(request.path)
        else:
            messages.success(request, _("The decision has been recorded."))
            return redirect("duties:home")
    return render(
        request,
        template,
        {**context, "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def leave_decide(request, pk):
    leave = scoped_get_or_404(
        LeaveRequest.objects.filter(committee_id__in=request.user.committee_ids).select_related(
            "member", "session__topic", "reception_day"
        ),
        pk=pk,
    )
    if not request.user.has_perm("duties.decide_leave", leave):
        raise PermissionDenied
    return _decision_page(
        request,
        leave,
        choices=[("approve", _("Approve")), ("refuse", _("Refuse"))],
        decide=lambda data: services.leave_decide(
            request=leave,
            actor=request.user,
            approve=data["decision"] == "approve",
            note=data["note"],
            expected_state=data["expected_state"],
        ),
        template="duties/leave_decide.html",
        context={"leave": leave, "event": leave.event},
        note_help=_("Required when refusing."),
    )


# The duty record


def _owner(request, committee_pk, member_pk, permission) -> Membership:
    owner = scoped_get_or_404(
        Membership.objects.filter(
            committee_id__in=request.user.committee_ids, role=Role.MEMBER
        ).select_related("user", "committee"),
        committee_id=committee_pk,
        user_id=member_pk,
    )
    if not request.user.has_perm(permission, owner):
        raise PermissionDenied
    return owner


@login_required
def mine(request):
    """The signed-in member's record of this year, in their first committee."""
    owner = (
        Membership.objects.filter(user=request.user, role=Role.MEMBER)
        .order_by("committee_id")
        .first()
    )
    if owner is None:
        raise PermissionDenied
    return redirect("duties:record", owner.committee_id, request.user.pk, timezone.localdate().year)


@login_required
def record(request, committee_pk, member_pk, year):
    owner = _owner(request, committee_pk, member_pk, "duties.view_record")
    duties = duty_record(owner.user, year, committee=owner.committee)
    return render(
        request,
        "duties/record.html",
        {
            "owner": owner,
            "record": duties,
            "own": owner.user_id == request.user.pk,
            "years": [year - 1, year + 1] if year < timezone.localdate().year else [year - 1],
            "leave_requests": LeaveRequest.objects.filter(
                member=owner.user, committee=owner.committee
            )
            .filter(Q(session__starts_at__year=year) | Q(reception_day__starts_at__year=year))
            .select_related("session__topic", "reception_day")
            .order_by("requested_at"),
        },
    )


@login_required
def record_pdf(request, committee_pk, member_pk, year):
    owner = _owner(request, committee_pk, member_pk, "duties.view_record")
    with translation.override(DOCUMENT_LANGUAGE):
        duties = duty_record(owner.user, year, committee=owner.committee)
    content = render_pdf(
        "duties/pdf/record.html",
        {
            "owner": owner,
            "record": duties,
            "committee": owner.committee,
            "date": f"{timezone.localdate():%Y年%-m月%-d日}",
        },
    )
    filename = f"{owner.user}-{year}-履职档案.pdf"
    audit_record(Action.DOWNLOAD, request=request, obj=owner, detail=filename)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, filename)
    return response


@login_required
@require_http_methods(["GET", "POST"])
def dispute(request, committee_pk, member_pk, year, line_key):
    owner = _owner(request, committee_pk, member_pk, "duties.dispute_line")
    line = duty_record(owner.user, year, committee=owner.committee).line(line_key)
    if line is None:
        raise Http404
    form = DisputeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.dispute_raise(
                owner=owner,
                year=year,
                line_key=line_key,
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except ValidationError as invalid:
            add_validation_errors(form, invalid)
        else:
            messages.success(request, _("Your dispute has been sent to the office."))
            return redirect("duties:record", committee_pk, member_pk, year)
    return render(
        request,
        "duties/dispute_form.html",
        {"owner": owner, "line": line, "year": year, "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def dispute_decide(request, pk):
    disputed = scoped_get_or_404(
        Dispute.objects.filter(committee_id__in=request.user.committee_ids).select_related(
            "member"
        ),
        pk=pk,
    )
    if not request.user.has_perm("duties.decide_dispute", disputed):
        raise PermissionDenied
    return _decision_page(
        request,
        disputed,
        choices=[("accept", _("Accept: the line no longer counts")), ("reject", _("Reject"))],
        decide=lambda data: services.dispute_decide(
            dispute=disputed,
            actor=request.user,
            accept=data["decision"] == "accept",
            note=data["note"],
            expected_state=data["expected_state"],
        ),
        template="duties/dispute_decide.html",
        context={"dispute": disputed},
    )


# Every member's record, for office staff


def _overview(request, committee_pk):
    committee = _committee(request, committee_pk)
    if not request.user.has_perm("duties.view_all_records", committee):
        raise PermissionDenied
    form = OverviewForm(request.GET or None, committee=committee)
    year, body, sort = form.choice()
    return committee, form, year, records_overview(committee.pk, year, body=body, sort=sort)


@login_required
def records(request, committee_pk):
    committee, form, year, rows = _overview(request, committee_pk)
    return render(
        request,
        "duties/records.html",
        {
            "committee": committee,
            "form": form,
            "year": year,
            "rows": rows,
            "kinds": list(LineKind),
            "query": request.GET.urlencode(),
        },
    )


@login_required
def records_export(request, committee_pk):
    committee, _form, year, rows = _overview(request, committee_pk)
    figure = Figure(
        key="duties",
        title=_("Duty records %(year)s") % {"year": year},
        columns=[
            _("Member"),
            _("Sector"),
            _("Committee bodies"),
            *[kind.label for kind in LineKind],
            _("Duty points"),
        ],
        rows=[
            Row(
                str(row.record.member),
                [
                    "、".join(row.sectors),
                    "、".join(row.bodies),
                    *[row.record.count(kind) for kind in LineKind],
                    row.record.points,
                ],
            )
            for row in rows
        ],
    )
    return xlsx_response(request, figures_workbook([figure]), f"duty-records-{year}.xlsx")


@login_required
@require_http_methods(["GET", "POST"])
def scoring(request, committee_pk):
    """The scoring rule's versions; office staff put a new one in force."""
    committee = _committee(request, committee_pk)
    if not request.user.has_perm("duties.manage_scoring", committee):
        raise PermissionDenied
    versions = list(ScoringRule.objects.filter(committee=committee).select_related("created_by"))
    current = versions[0] if versions else None
    initial = {"from_year": timezone.localdate().year}
    if current:
        initial |= current.weights
    form = ScoringRuleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.scoring_rule_version_create(
                committee=committee,
                actor=request.user,
                from_year=form.cleaned_data["from_year"],
                weights=form.weights(),
                note=form.cleaned_data["note"],
            )
        except ValidationError as invalid:
            add_validation_errors(form, invalid)
        else:
            messages.success(request, _("The new version of the scoring rule is in force."))
            return redirect("duties:scoring", committee.pk)
    return render(
        request,
        "duties/scoring.html",
        {
            "committee": committee,
            "versions": versions,
            "kinds": list(LineKind),
            "form": form,
        },
        status=400 if form.is_bound and form.errors else 200,
    )
