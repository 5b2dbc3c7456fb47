from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from audit.models import Action
from audit.services import audit_record
from core.access import scoped_get_or_404
from people.models import Committee
from topics.selectors import visible_topics
from topics.views import TopicActionView

from . import services
from .forms import (
    CommissionForm,
    IndicatorFormSet,
    MethodForm,
    ReopenForm,
    ScoreForm,
    indicators_of,
)
from .models import EvaluationMethod, Indicator
from .reports import evaluation_report_pdf


class CommissionView(TopicActionView):
    form_class = CommissionForm
    permission = "topics.run_process"
    transition = "start_evaluation"
    title = _("Commission the evaluation")
    intro = _("Every follow-up item must be verified or closed; evaluators then score the topic.")
    submit_label = _("Commission")
    success_message = _("The evaluation was commissioned.")

    def perform(self, form):
        services.evaluation_commission(
            topic=self.topic,
            actor=self.request.user,
            evaluators=form.cleaned_data["evaluators"],
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
        self.assignment = get_object_or_404(
            self.topic.evaluation_assignments.select_related("method", "evaluator"),
            evaluator_id__in=user.evaluator_ids,
        )
        return self.assignment

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["indicators"] = self.assignment.method.indicators.all()
        # A reopened evaluation starts from the scores submitted before.
        for score in self.assignment.scores.all():
            kwargs["initial"][f"score_{score.indicator_id}"] = score.score
            kwargs["initial"][f"justification_{score.indicator_id}"] = score.justification
        kwargs["initial"].setdefault("summary", self.assignment.summary)
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["assignment"] = self.assignment
        return context

    def perform(self, form):
        services.evaluation_submit(
            assignment=self.assignment,
            actor=self.request.user,
            scores=form.scores(),
            no_conflict=form.cleaned_data["no_conflict"],
            summary=form.cleaned_data["summary"],
        )


class ReopenView(TopicActionView):
    form_class = ReopenForm
    permission = "evaluations.reopen_evaluation"
    title = _("Reopen the evaluation")
    intro = _(
        "The evaluator can then change the scores and must submit again before the topic can close."
    )
    submit_label = _("Reopen")
    success_message = _("The evaluation was reopened.")

    def permission_object(self):
        self.assignment = get_object_or_404(
            self.topic.evaluation_assignments.select_related("evaluator"),
            pk=self.kwargs["assignment_pk"],
        )
        return self.assignment

    def perform(self, form):
        services.evaluation_reopen(
            assignment=self.assignment, actor=self.request.user, reason=form.cleaned_data["reason"]
        )


@login_required
def evaluation_report(request, pk):
    """The evaluation report of a topic as a PDF, once every evaluation is in."""
    topic = scoped_get_or_404(visible_topics(request.user).select_related("committee"), pk=pk)
    if not request.user.has_perm("evaluations.view_report", topic):
        raise PermissionDenied
    if not hasattr(topic, "evaluation_result"):
        messages.warning(
            request,
            gettext("The evaluation report is available once every evaluation is submitted."),
        )
        return redirect(topic)
    response = evaluation_report_pdf(topic)
    audit_record(Action.DOWNLOAD, request=request, obj=topic, detail="evaluation report")
    return response


@login_required
def method_list(request):
    """Each committee's evaluation method in force, with its earlier versions."""
    user = request.user
    committees = [
        committee
        for committee in Committee.objects.filter(pk__in=user.committee_ids).prefetch_related(
            Prefetch(
                "evaluation_methods",
                queryset=EvaluationMethod.objects.prefetch_related("indicators"),
            )
        )
        if user.has_perm("evaluations.view_methods", committee)
    ]
    if not committees:
        raise PermissionDenied
    return render(request, "evaluations/method_list.html", {"committees": committees})


@login_required
def method_new_version(request, committee_pk):
    """Office staff change the method by creating its next version from the one in force."""
    committee = get_object_or_404(
        Committee.objects.filter(pk__in=request.user.committee_ids), pk=committee_pk
    )
    if not request.user.has_perm("evaluations.manage_methods", committee):
        raise PermissionDenied
    current = services.method_in_force(committee)
    data = request.POST if request.method == "POST" else None
    form = MethodForm(
        data,
        initial={
            "name": current.name,
            "excellent_from": current.excellent_from,
            "good_from": current.good_from,
            "fair_from": current.fair_from,
        }
        if current
        else None,
    )
    # Rows start as the indicators in force; once sent, the posted rows are all that count.
    formset = IndicatorFormSet(
        data,
        prefix="indicators",
        initial=None
        if data is not None
        else [
            {"name": indicator.name, "weight": indicator.weight, "guidance": indicator.guidance}
            for indicator in (current.indicators.all() if current else Indicator.objects.none())
        ],
    )
    errors = []
    if data is not None and form.is_valid() and formset.is_valid():
        try:
            services.evaluation_method_version_create(
                committee=committee,
                actor=request.user,
                indicators=indicators_of(formset),
                **form.cleaned_data,
            )
        except ValidationError as invalid:
            for field, messages_of_field in invalid.message_dict.items():
                if field in form.fields:
                    form.add_error(field, messages_of_field)
                else:
                    errors.extend(messages_of_field)
        else:
            messages.success(
                request, gettext("The new version of the evaluation method is in force.")
            )
            return redirect("evaluation_methods:index")
    invalid = data is not None
    return render(
        request,
        "evaluations/method_form.html",
        {
            "committee": committee,
            "current": current,
            "form": form,
            "formset": formset,
            "errors": errors,
        },
        status=400 if invalid else 200,
    )
