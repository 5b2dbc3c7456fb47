"""Pages and downloads of the official documents.

A topic the user may not see, or a version they may not see (an unsigned draft for a
department or an evaluator), is a 404; a page their role has nothing to do with is a 403.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from audit.models import Action
from audit.services import audit_record
from consultations.models import MinutesVersion
from core.access import RefusedAccess, scoped_get_or_404
from people.models import Committee
from people.roles import Role
from topics.selectors import visible_topics

from . import services
from .docx import minutes_docx
from .forms import AnnualReportForm, VerifyForm
from .minutes import minutes_document
from .models import AnnualReport
from .rendering import render_pdf
from .selectors import research_report_context

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _visible_version(request, pk, number):
    topic = scoped_get_or_404(visible_topics(request.user).select_related("committee"), pk=pk)
    version = get_object_or_404(
        MinutesVersion.objects.filter(minutes__topic=topic)
        .select_related("minutes__topic__committee", "submitted_by")
        .prefetch_related("leaders", "sign_offs__leader"),
        number=number,
    )
    if not request.user.has_perm("documents.view_minutes_version", version):
        raise RefusedAccess(version)
    return topic, version


def _file_name(version, suffix):
    name = version.minutes.issuing_number or version.minutes.topic.title
    return f"{name}-第{version.number}版{suffix}"


@login_required
def minutes_version_view(request, pk, number):
    topic, version = _visible_version(request, pk, number)
    return render(
        request,
        "documents/minutes_version.html",
        {
            "topic": topic,
            "version": version,
            "document": minutes_document(version, signed=version.is_signed),
        },
    )


@login_required
def minutes_pdf(request, pk, number, signed=False):
    _topic, version = _visible_version(request, pk, number)
    if signed and not version.is_signed:
        raise Http404
    version = services.minutes_pdf_freeze(version=version, signed=signed)
    stored = version.signed_pdf if signed else version.pdf
    filename = _file_name(version, "-签批件.pdf" if signed else ".pdf")
    audit_record(Action.DOWNLOAD, request=request, obj=version, detail=filename)
    return FileResponse(stored.open("rb"), content_type=PDF, filename=filename)


@login_required
def minutes_docx_download(request, pk, number):
    _topic, version = _visible_version(request, pk, number)
    content = minutes_docx(minutes_document(version, signed=version.is_signed))
    filename = _file_name(version, ".docx")
    audit_record(Action.DOWNLOAD, request=request, obj=version, detail=filename)
    return _download(content, DOCX, filename, as_attachment=True)


@login_required
def verify(request, pk):
    topic = scoped_get_or_404(visible_topics(request.user), pk=pk)
    form = VerifyForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = services.document_verify(
            topic=topic, actor=request.user, uploaded=form.cleaned_data["document"]
        )
    return render(
        request,
        "documents/verify.html",
        {"topic": topic, "form": form, "result": result},
        status=400 if form.errors else 200,
    )


@login_required
def research_report_pdf(request, pk):
    topic = scoped_get_or_404(visible_topics(request.user).select_related("committee"), pk=pk)
    if not request.user.has_perm("topics.view_dossier", topic):
        raise RefusedAccess(topic)
    context = research_report_context(topic)
    if context is None:
        raise Http404
    filename = f"{topic.title}-调研报告.pdf"
    content = render_pdf("documents/pdf/research_report.html", context)
    audit_record(Action.DOWNLOAD, request=request, obj=topic, detail=filename)
    return _download(content, PDF, filename, as_attachment=False)


def _download(content, content_type, filename, *, as_attachment):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment, filename)
    return response


def _report_committees(user):
    return Committee.objects.filter(
        pk__in=user.committees_with_role(Role.OFFICE_STAFF, Role.LEADER)
    ).order_by("name")


@login_required
def annual_reports(request):
    if not request.user.has_perm("documents.view_annual_report"):
        raise PermissionDenied
    committees = _report_committees(request.user)
    form = AnnualReportForm(request.POST or None, committees=committees)
    if request.method == "POST" and form.is_valid():
        report = services.annual_report_request(actor=request.user, **form.cleaned_data)
        messages.success(
            request,
            _("The annual work report is being prepared; it can be downloaded here when ready."),
        )
        return redirect(f"{reverse('documents:annual_reports')}#report-{report.pk}")
    reports = AnnualReport.objects.filter(committee__in=committees).select_related(
        "committee", "requested_by"
    )[:20]
    return render(
        request,
        "documents/annual_reports.html",
        {"form": form, "reports": reports},
        status=400 if form.errors else 200,
    )


def _visible_report(request, report_pk):
    report = scoped_get_or_404(
        AnnualReport.objects.filter(committee__in=_report_committees(request.user)), pk=report_pk
    )
    if not request.user.has_perm("documents.view_annual_report", report):
        raise RefusedAccess(report)
    return report


@login_required
def annual_report_status(request, report_pk):
    report = _visible_report(request, report_pk)
    return JsonResponse(
        {
            "state": report.state,
            "label": report.get_state_display(),
            "progress": report.progress,
            "download": reverse("documents:annual_report_download", args=[report.pk])
            if report.state == AnnualReport.State.DONE
            else None,
        }
    )


@login_required
def annual_report_download(request, report_pk):
    report = _visible_report(request, report_pk)
    if report.state != AnnualReport.State.DONE:
        raise Http404
    filename = f"{report.committee.name}{report.year}年度协商议事工作报告.pdf"
    audit_record(Action.DOWNLOAD, request=request, obj=report, detail=filename)
    return FileResponse(
        report.file.open("rb"), content_type=PDF, as_attachment=True, filename=filename
    )
