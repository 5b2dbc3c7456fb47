from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from core.views import TopicActionView

from . import services
from .forms import CommissionForm, ScoreForm


class CommissionView(TopicActionView):
    form_class = CommissionForm
    permission = "topics.run_process"
    transition = "start_evaluation"
    guards_met_by_form = ("evaluation_commissioned",)
    title = _("Commission the evaluation")
    intro = _("Every follow-up item must be verified or closed; evaluators then score the topic.")
    submit_label = _("Commission")
    success_message = _("The evaluation was commissioned.")

    def perform(self, form):
        services.evaluation_commission(
            topic=self.topic, actor=self.request.user, evaluators=form.cleaned_data["evaluators"],
            expected_state=form.cleaned_data["expected_state"],
        )


class ScoreView(TopicActionView):
    form_class = ScoreForm
    permission = "evaluations.score_topic"
    template_name = "evaluations/score_form.html"
    title = _("Evaluate the topic")
    submit_label = _("Submit the evaluation")
    success_message = _("The evaluation was submitted; it can no longer be changed.")

    def permission_object(self):
        user = self.request.user
        if user.evaluator_id is None:
            raise Http404
        self.assignment = get_object_or_404(
            self.topic.evaluation_assignments.select_related("method", "evaluator"),
            evaluator_id=user.evaluator_id,
        )
        return self.assignment

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["indicators"] = self.assignment.method.indicators.all()
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["assignment"] = self.assignment
        return context

    def perform(self, form):
        services.evaluation_submit(
            assignment=self.assignment, actor=self.request.user, scores=form.scores(),
            no_conflict=form.cleaned_data["no_conflict"], summary=form.cleaned_data["summary"],
        )
