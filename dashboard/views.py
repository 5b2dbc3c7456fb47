from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from core.figures import cached_figure
from topics.forms import TopicFilterForm
from topics.models import Topic
from topics.selectors import topic_list

from .exports import figures_workbook, topic_list_workbook, xlsx_response
from .forms import YearForm
from .selectors import (
    Scope,
    assessment_figure,
    bounded,
    dashboard_committees,
    dashboard_figures,
)

# Rows of one figure on the page (the largest); the Excel export has every row.
FIGURE_ROWS = 20


def _scope(request):
    """The year form and the scope it selects, for office staff and leaders only."""
    user = request.user
    if not user.has_perm("dashboard.view_dashboard"):
        raise PermissionDenied
    committees = dashboard_committees(user)
    years = cached_figure(
        "years",
        committees,
        lambda: list(
            Topic.objects.filter(committee_id__in=committees)
            .values_list("year", flat=True)
            .order_by()
            .distinct()
        ),
    )
    form = YearForm(request.GET or None, user=user, years=years)
    year, committee_ids = form.scope(user)
    chosen = form.cleaned_data.get("committee") if form.is_bound and form.is_valid() else None
    return form, Scope(year, committee_ids, chosen_committee=chosen.pk if chosen else None)


@login_required
def dashboard(request):
    form, scope = _scope(request)
    figures = cached_figure(
        "dashboard",
        scope.committee_ids,
        lambda: [bounded(figure, FIGURE_ROWS) for figure in dashboard_figures(scope)],
        scope.year,
        scope.chosen_committee,
    )
    return render(
        request,
        "dashboard/dashboard.html",
        {
            "form": form,
            "scope": scope,
            "figures": figures,
            "charts": [figure.chart_data() for figure in figures],
            "query": request.GET.urlencode(),
        },
    )


@login_required
def dashboard_export(request):
    _form, scope = _scope(request)
    return xlsx_response(
        request, figures_workbook(dashboard_figures(scope)), f"dashboard-{scope.year}.xlsx"
    )


@login_required
def assessment(request):
    form, scope = _scope(request)
    return render(
        request,
        "dashboard/assessment.html",
        {
            "form": form,
            "scope": scope,
            "figure": cached_figure(
                "assessment", scope.committee_ids, lambda: assessment_figure(scope), scope.year
            ),
            "query": request.GET.urlencode(),
        },
    )


@login_required
def assessment_export(request):
    _form, scope = _scope(request)
    return xlsx_response(
        request, figures_workbook([assessment_figure(scope)]), f"assessment-{scope.year}.xlsx"
    )


@login_required
def topic_list_export(request):
    """The topic list as filtered on its page, every row, as an Excel file."""
    form = TopicFilterForm(request.GET or None, user=request.user)
    filters = form.cleaned_data if form.is_valid() else {}
    topics = topic_list(request.user, **{key: value for key, value in filters.items() if value})
    return xlsx_response(request, topic_list_workbook(topics), "topics.xlsx")
