from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import DetailView

from consultations.models import ExtensionRequest, FollowUpItem, SatisfactionRating
from core.forms import CommentForm, ReasonForm
from core.views import TopicActionView
from deadlines.selectors import with_next_item_due
from evaluations.models import EvaluationLog

from . import services
from .forms import TopicFilterForm, TopicForm
from .models import STAGE_OF_STATE, Stage, Topic
from .selectors import sees_only_own_items, topic_list, visible_topics

# Where each transition is carried out; sign_off and return_minutes share the sign-off page.
ACTION_URLS = {
    "submit": ("topics:transition", "submit"),
    "approve": ("topics:transition", "approve"),
    "reject": ("topics:reject", None),
    "start_research": ("research:start", None),
    "schedule_session": ("consultations:schedule", None),
    "record_session": ("consultations:record", None),
    "submit_minutes": ("consultations:minutes", None),
    "sign_off": ("consultations:sign", None),
    "return_minutes": ("consultations:sign", None),
    "start_evaluation": ("evaluations:commission", None),
    "close": ("topics:transition", "close"),
}


@login_required
def topic_list_view(request):
    form = TopicFilterForm(request.GET or None, user=request.user)
    filters = form.cleaned_data if form.is_valid() else {}
    topics = with_next_item_due(
        topic_list(request.user, **{key: value for key, value in filters.items() if value}),
        request.user,
    )
    page = Paginator(topics, 20).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "topics/topic_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "total": page.paginator.count,
        },
    )


class TopicDetailView(LoginRequiredMixin, DetailView):
    template_name = "topics/topic_detail.html"
    context_object_name = "topic"

    def get_queryset(self):
        user = self.request.user
        items = FollowUpItem.objects.select_related(
            "department", "consensus_point", "sign_off__leader"
        ).prefetch_related(
            "reports__author",
            "reports__evidence",
            "transitions__actor",
            Prefetch(
                "extension_requests",
                queryset=ExtensionRequest.objects.select_related("requested_by", "decided_by"),
            ),
            Prefetch("ratings", queryset=SatisfactionRating.objects.select_related("member")),
        )
        if sees_only_own_items(user):
            items = items.filter(department_id=user.department_id)
        return (
            visible_topics(user)
            .select_related(
                "committee",
                "proposer_body",
                "plan",
                "created_by",
                "research_plan",
                "research_report",
                "session",
                "minutes",
                "evaluation_result__method",
            )
            .prefetch_related(
                "proposers__member",
                "research_plan__team",
                "research_activities__members",
                "research_activities__departments",
                "research_activities__attachments",
                "session__members",
                "session__members_on_leave",
                "session__departments",
                "session__consensus_points",
                "minutes__versions__leaders",
                "minutes__versions__sign_offs__leader",
                Prefetch("follow_up_items", queryset=items),
                "evaluation_assignments__evaluator",
                "evaluation_assignments__method",
                "evaluation_assignments__scores__indicator",
                Prefetch(
                    "evaluation_assignments__transitions",
                    queryset=EvaluationLog.objects.select_related("actor"),
                ),
                "transitions__actor",
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        topic, user = self.object, self.request.user
        current = STAGE_OF_STATE[topic.state]
        context.update(
            stages=[
                (stage, stage < current or topic.state == "closed", stage == current)
                for stage in Stage
            ],
            actions=_actions_for(topic, user),
            dossier=user.has_perm("topics.view_dossier", topic),
            history=_edit_history(topic) if user.has_perm("topics.view_history", topic) else None,
        )
        return context


def _actions_for(topic, user):
    """The transitions the user may take now, each with its page and any unmet conditions."""
    actions, seen_urls = [], set()
    for fsm_transition in services.available_transitions(topic, user):
        url_name, argument = ACTION_URLS[fsm_transition.name]
        if (url_name, argument) in seen_urls:
            continue
        seen_urls.add((url_name, argument))
        label = fsm_transition.custom["label"]
        if url_name == "consultations:sign":
            label = gettext_lazy("Sign off or return the minutes")
        actions.append(
            {
                "label": label,
                "url_name": url_name,
                "argument": argument,
                "unmet": services.unmet_guards(
                    topic, fsm_transition.name, skip=FORM_GUARDS.get(fsm_transition.name, ())
                ),
            }
        )
    return actions


# Guards that the step's own form fulfils, so they are not shown as missing beforehand.
FORM_GUARDS = {
    "start_research": ("has_research_plan",),
    "schedule_session": ("session_planned",),
    "record_session": ("session_has_attendees", "session_has_consensus"),
    "submit_minutes": ("minutes_written",),
    "sign_off": ("all_signoffs_in",),
    "start_evaluation": ("evaluation_commissioned",),
}


def _edit_history(topic):
    """The topic's saved versions, newest first, each with the fields it changed."""
    records = list(topic.history.select_related("history_user").order_by("-history_date")[:50])
    entries = []
    for newer, older in zip(records, records[1:] + [None], strict=True):
        changes = []
        if older is not None:
            delta = newer.diff_against(older, excluded_fields=["updated_at"])
            changes = [
                (Topic._meta.get_field(change.field).verbose_name, change.old, change.new)
                for change in delta.changes
            ]
        entries.append({"record": newer, "changes": changes})
    return entries


@login_required
def topic_create(request):
    if not request.user.has_perm("topics.add_topic"):
        raise PermissionDenied
    form = TopicForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            topic = services.topic_create(actor=request.user, **data)
        except ValidationError as invalid:
            TopicActionView.add_validation_errors(form, invalid)
        else:
            messages.success(request, _("The topic was saved as a draft."))
            return redirect(topic)
    return render(
        request,
        "topics/topic_form.html",
        {"form": form, "title": _("Propose a topic")},
        status=400 if form.errors else 200,
    )


@login_required
def topic_edit(request, pk):
    topic = get_object_or_404(visible_topics(request.user), pk=pk)
    if not request.user.has_perm("topics.change_topic", topic):
        raise PermissionDenied
    form = TopicForm(
        request.POST if request.method == "POST" else None, instance=topic, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        data = {
            name: form.cleaned_data[name] for name in form.Meta.fields if name in form.cleaned_data
        }
        try:
            services.topic_update(
                topic=topic, actor=request.user, cosigners=form.cleaned_data["cosigners"], **data
            )
        except services.TransitionRefused as refused:
            for reason in refused.reasons:
                form.add_error(None, reason)
        except ValidationError as invalid:
            TopicActionView.add_validation_errors(form, invalid)
        else:
            messages.success(request, _("The draft was updated."))
            return redirect(topic)
    return render(
        request,
        "topics/topic_form.html",
        {"form": form, "topic": topic, "title": _("Edit the draft")},
        status=400 if form.errors else 200,
    )


class TopicTransitionView(TopicActionView):
    """Steps that need no record of their own: submit, approve, close."""

    form_class = CommentForm
    simple_transitions = {
        "submit": (gettext_lazy("Submit for approval"), "topics.submit_topic"),
        "approve": (gettext_lazy("Approve into the annual plan"), "topics.decide_topic"),
        "close": (gettext_lazy("Close the topic"), "topics.run_process"),
    }

    def dispatch(self, request, *args, **kwargs):
        if kwargs["name"] not in self.simple_transitions:
            raise Http404
        self.transition = kwargs["name"]
        self.title, self.permission = self.simple_transitions[self.transition]
        self.submit_label = self.title
        return super().dispatch(request, *args, **kwargs)

    def perform(self, form):
        services.topic_transition(
            topic=self.topic,
            name=self.transition,
            actor=self.request.user,
            comment=form.cleaned_data["comment"],
            expected_state=form.cleaned_data["expected_state"],
        )
        self.success_message = _("Done: %(action)s.") % {"action": self.title}


class TopicRejectView(TopicActionView):
    form_class = ReasonForm
    permission = "topics.decide_topic"
    transition = "reject"
    title = gettext_lazy("Reject the topic")
    submit_label = gettext_lazy("Reject")
    success_message = gettext_lazy("The topic was rejected; the proposers will be told why.")

    def perform(self, form):
        services.topic_reject(
            topic=self.topic,
            actor=self.request.user,
            reason=form.cleaned_data["reason"],
            expected_state=form.cleaned_data["expected_state"],
        )


@require_POST
@login_required
def confirm_cosignature(request, pk):
    topic = get_object_or_404(visible_topics(request.user), pk=pk)
    services.cosignature_confirm(topic=topic, member=request.user)
    messages.success(request, _("You have co-signed this proposal."))
    return redirect(topic)
