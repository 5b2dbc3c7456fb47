from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from core.access import RefusedAccess, scoped_get_or_404
from topics.selectors import visible_topics
from topics.views import TopicActionView

from . import services
from .forms import ResearchActivityForm, ResearchPlanForm, ResearchReportForm
from .selectors import activities_with_details


class ResearchStartView(TopicActionView):
    form_class = ResearchPlanForm
    permission = "topics.run_process"
    transition = "start_research"
    title = _("Research plan")
    intro = _(
        "Name the research team, its schedule and objectives; the topic then enters research."
    )
    submit_label = _("Save the plan and start research")
    success_message = _("Research has started.")

    def perform(self, form):
        data = form.cleaned_data
        services.research_start(
            topic=self.topic,
            actor=self.request.user,
            team=data["team"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            objectives=data["objectives"],
            expected_state=data["expected_state"],
        )


class ResearchActivityView(TopicActionView):
    form_class = ResearchActivityForm
    permission = "research.record_research"
    title = _("Record a visit or symposium")
    intro = _(
        "Where and when, who took part, which departments and residents were met, "
        "and what was found."
    )
    submit_label = _("Save the record")
    success_message = _("The research record was saved.")

    def perform(self, form):
        data = dict(form.cleaned_data)
        services.research_activity_record(
            topic=self.topic,
            actor=self.request.user,
            members=data.pop("members"),
            departments=data.pop("departments"),
            files=data.pop("files"),
            **data,
        )


class ResearchReportView(TopicActionView):
    form_class = ResearchReportForm
    permission = "research.record_research"
    title = _("Research report")
    intro = _("No session without research: the report and its preliminary solution come first.")
    submit_label = _("Save the report")
    success_message = _("The research report was saved.")

    def perform(self, form):
        services.research_report_write(
            topic=self.topic, actor=self.request.user, **form.cleaned_data
        )


@login_required
def activity_list(request, pk):
    """Every visit and symposium of a topic, oldest first, a page at a time."""
    topic = scoped_get_or_404(visible_topics(request.user), pk=pk)
    if not request.user.has_perm("topics.view_dossier", topic):
        raise RefusedAccess(topic)
    activities = activities_with_details().filter(topic=topic).order_by("held_on", "pk")
    page = Paginator(activities, 20).get_page(request.GET.get("page"))
    return render(request, "research/activity_list.html", {"topic": topic, "page": page})
