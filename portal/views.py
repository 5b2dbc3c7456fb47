from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render

from audit.models import Action
from audit.services import audit_record
from core.access import RefusedAccess
from followup.models import Evidence
from research.models import ResearchAttachment
from topics.selectors import plan_progress

from .todo import todo_for


@login_required
def home(request):
    return render(
        request,
        "portal/home.html",
        {
            "sections": todo_for(request.user),
            "plans": plan_progress(request.user.committee_ids),
        },
    )


@login_required
def download(request, kind, pk):
    """Stream a stored file to those who may see the record it belongs to; others get a 404."""
    if kind == "research":
        stored = get_object_or_404(
            ResearchAttachment.objects.select_related("activity__topic"), pk=pk
        )
        allowed = request.user.has_perm("topics.view_dossier", stored.activity.topic)
    elif kind == "evidence":
        stored = get_object_or_404(Evidence.objects.select_related("report__item__topic"), pk=pk)
        allowed = request.user.has_perm("followup.view_item", stored.report.item)
    else:
        raise Http404
    if not allowed:
        raise RefusedAccess(stored)
    audit_record(Action.DOWNLOAD, request=request, obj=stored, detail=stored.original_name)
    return FileResponse(
        stored.file.open("rb"),
        as_attachment=True,
        filename=stored.original_name,
        content_type=stored.content_type,
    )
