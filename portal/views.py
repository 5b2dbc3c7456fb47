from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render

from audit.models import Action
from audit.services import audit_record
from core.access import RefusedAccess
from core.figures import cached_figure
from followup.models import Evidence
from research.models import ResearchAttachment
from topics.selectors import cached_plan_progress

from .todo import todo_for

# The home page shows each section's count and this many of its first entries.
FIRST_ENTRIES = 5
ENTRIES_PER_PAGE = 25


@login_required
def home(request):
    sections = [
        {"section": section, **_first_entries(section)} for section in todo_for(request.user)
    ]
    plans = cached_plan_progress(request.user.committee_ids)
    return render(
        request,
        "portal/home.html",
        {
            "sections": sections,
            "plans": plans[:FIRST_ENTRIES],
            "more_plans": len(plans) - FIRST_ENTRIES,
            "first_entries": FIRST_ENTRIES,
        },
    )


def _first_entries(section):
    """The section's count and first entries; from the cache if the section is shared."""

    def count_and_first():
        rows = section.rows
        return {"count": rows.count(), "entries": section.entries(rows[:FIRST_ENTRIES])}

    if section.shared_by is None:
        return count_and_first()
    return cached_figure(f"todo-{section.slug}", section.shared_by, count_and_first)


@login_required
def todo_section(request, slug):
    """Every entry of one section of the to-do list, a page at a time."""
    section = next((s for s in todo_for(request.user) if s.slug == slug), None)
    if section is None:
        raise Http404
    page = Paginator(section.rows, ENTRIES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "portal/todo_section.html",
        {"section": section, "page": page, "entries": section.entries(page.object_list)},
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
