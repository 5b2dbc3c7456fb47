"""The audit administrator's pages: search the security audit log, export what was found."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from core.spreadsheets import row, workbook_response

from .forms import AuditSearchForm
from .models import Action, AuditEvent
from .selectors import audit_search
from .services import audit_record

PAGE_SIZE = 50


def _search(request):
    if not request.user.has_perm("audit.view_auditevent"):
        raise PermissionDenied
    form = AuditSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    return form, audit_search(**{key: value for key, value in filters.items() if value})


@login_required
def audit_log(request):
    form, rows = _search(request)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/auditevent_list.html",
        {"form": form, "page": page, "query": query.urlencode()},
        status=400 if form.errors else 200,
    )


@login_required
def audit_log_export(request):
    """The rows found, newest first, up to AUDIT_EXPORT_MAX_ROWS; the export is audited."""
    form, rows = _search(request)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Audit log"))
    fields = [
        "at", "username", "source_address", "user_agent", "action", "object_type",
        "object_id", "object_repr", "outcome", "detail", "hash",
    ]  # fmt: skip
    sheet.append(
        row(sheet, [AuditEvent._meta.get_field(name).verbose_name for name in fields], bold=True)
    )
    actions, outcomes = dict(Action.choices), dict(AuditEvent._meta.get_field("outcome").choices)
    limit = settings.AUDIT_EXPORT_MAX_ROWS
    for values in rows.values_list(*fields)[:limit].iterator(chunk_size=2000):
        record = dict(zip(fields, values, strict=True))
        record["at"] = timezone.localtime(record["at"]).replace(tzinfo=None)
        record["action"] = actions.get(record["action"], record["action"])
        record["outcome"] = outcomes.get(record["outcome"], record["outcome"])
        sheet.append(row(sheet, [record[name] for name in fields]))
    filename = f"audit-log-{timezone.localdate():%Y%m%d}.xlsx"
    response = workbook_response(workbook, filename)
    audit_record(Action.EXPORT, request=request, target=filename, detail=request.GET.urlencode())
    return response
