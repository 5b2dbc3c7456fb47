import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, FormView

from audit.services import personal_data_shown
from core import workflow
from core.access import scoped_get_or_404
from core.figures import cached_figure
from core.forms import CommentForm, ReasonForm, add_validation_errors
from core.workflow import TransitionRefused
from people.privacy import mask, personal_fields

from . import services
from .forms import TopicFilterForm, TopicForm
from .models import STAGE_OF_STATE, Stage, State, Topic, TopicProposer, TransitionLog
from .search import mark_matches, query_words
from .sections import sections
from .selectors import (
    annotate_for_list,
    cached_result_ids,
    cached_topic_count,
    topic_list,
    visible_topics,
)


class TopicActionView(LoginRequiredMixin, FormView):
    """One step on a topic: a form, a permission, and a service that does the work.

    Subclasses set `permission` (a rules permission checked on `permission_object()`),
    `title`, `submit_label`, optionally `transition` (the step whose unmet guards are shown
    as hints, leaving out those its form fulfils, as the catalogue declares), and implement
    `perform(form)`.
    """

    template_name = "core/action_form.html"
    permission: str
    transition: str | None = None
    title = ""
    intro = ""
    submit_label = gettext_lazy("Save")
    success_message = gettext_lazy("Saved.")

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.topic = scoped_get_or_404(visible_topics(request.user), pk=kwargs["pk"])
        if not request.user.has_perm(self.permission, self.permission_object()):
            raise PermissionDenied
        machine = workflow.machine_of(Topic)
        if (
            request.method == "GET"
            and self.transition
            and machine.transition_of(self.topic, self.transition) is None
        ):
            messages.warning(
                request,
                _("This step is not possible while the topic is “%(state)s”.")
                % {"state": self.topic.get_state_display()},
            )
            return redirect(self.topic)
        return super().dispatch(request, *args, **kwargs)

    def permission_object(self):
        return self.topic

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["topic"] = self.topic
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        hints = []
        if self.transition:
            step = workflow.step_of(Topic, self.transition)
            hints = step.machine.unmet_guards(self.topic, step.name, skip=step.form_guards)
        context.update(
            topic=self.topic,
            title=self.title,
            intro=self.intro,
            submit_label=self.submit_label,
            guard_hints=hints,
        )
        return context

    def form_valid(self, form):
        try:
            self.perform(form)
        except TransitionRefused as refused:
            for reason in refused.reasons:
                form.add_error(None, reason)
            return self.render_to_response(self.get_context_data(form=form), status=409)
        except ValidationError as invalid:
            add_validation_errors(form, invalid)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(self.request, self.success_message)
        return redirect(self.get_success_url())

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_success_url(self):
        return self.topic.get_absolute_url()

    def perform(self, form):
        raise NotImplementedError


@login_required
def topic_list_view(request):
    form = TopicFilterForm(request.GET or None, user=request.user)
    filters = form.cleaned_data if form.is_valid() else {}
    asked = {key: value for key, value in filters.items() if value}
    topics = topic_list(request.user, **asked)
    count = cached_topic_count(request.user, topics, asked)
    paginator = CountedPaginator(annotate_for_list(topics, request.user), 20, count=count)
    searching = bool(filters.get("query"))
    if searching and query_words(filters["query"]):
        page = _search_page(request, paginator, topics, asked)
        mark_matches(page.object_list, filters["query"])
    else:
        page = paginator.get_page(request.GET.get("page"))
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
            "searching": searching,
            "several_committees": "committee" in form.fields,
        },
    )


def _search_page(request, paginator, topics, asked):
    """One page of search results: the ids from the cache, the rows read by id."""
    try:
        number = paginator.validate_number(request.GET.get("page") or 1)
    except PageNotAnInteger:
        number = 1
    except EmptyPage:
        number = paginator.num_pages
    bottom = (number - 1) * paginator.per_page
    ids = cached_result_ids(request.user, topics, asked, bottom, bottom + paginator.per_page)
    rows = {
        topic.pk: topic
        for topic in annotate_for_list(
            Topic.objects.filter(pk__in=ids).select_related(
                "committee", "proposer_body", "evaluation_result", "search_document"
            ),
            request.user,
        )
    }
    found = []
    for pk in ids:
        if pk in rows:
            rows[pk].search_text = rows[pk].search_document.text
            found.append(rows[pk])
    return paginator.page_for(found, number)


class CountedPaginator(Paginator):
    """A paginator told the count (from the cache) instead of counting."""

    def __init__(self, object_list, per_page, *, count, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.count = count

    def page_for(self, rows, number):
        """The page `number` made of rows read elsewhere."""
        return self._get_page(rows, number, self)


class TopicDetailView(LoginRequiredMixin, DetailView):
    template_name = "topics/topic_detail.html"
    context_object_name = "topic"

    def get_queryset(self):
        select = ["committee", "proposer_body", "plan", "created_by"]
        for section in sections():
            select += section.select_related
        return (
            visible_topics(self.request.user)
            .select_related(*select)
            .prefetch_related(
                Prefetch("proposers", queryset=TopicProposer.objects.select_related("member"))
            )
        )

    def _read_sections(self, topic, full):
        """Everything the sections and the record show, in a fixed number of queries."""
        user = self.request.user
        prefetch = [lookup for section in sections() for lookup in section.prefetch(user)]
        prefetch_related_objects(
            [topic],
            *prefetch,
            Prefetch("transitions", queryset=TransitionLog.objects.select_related("actor")),
        )
        return _edit_history(topic, full) if user.has_perm("topics.view_history", topic) else None

    def get_object(self, queryset=None):
        return scoped_get_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        topic, user = self.object, self.request.user
        current = STAGE_OF_STATE[topic.state]
        closed = topic.state == State.CLOSED
        # Personal data in full for office staff (audited), masked for everyone else.
        full = personal_data_shown(self.request, topic)
        context.update(
            stages=[(stage, stage < current or closed, stage == current) for stage in Stage],
            actions=_actions_for(topic, user),
            sections=sections(),
            dossier=user.has_perm("topics.view_dossier", topic),
            public_contact=topic.public_contact if full else mask(topic.public_contact),
        )
        if closed:
            # A closed topic's dossier no longer changes but by a step (reopening an
            # evaluation), which raises the committee's version: its sections are rendered
            # once per reader and kept.
            digest = hashlib.blake2b(repr(user.memberships_held).encode(), digest_size=8)
            context["rendered"] = cached_figure(
                "closed-topic",
                [topic.committee_id],
                lambda: self._render_sections(context, full),
                topic.pk,
                user.pk,
                full,
                digest.hexdigest(),
            )
        else:
            context["history"] = self._read_sections(topic, full)
        return context

    def _render_sections(self, context, full):
        context = {**context, "history": self._read_sections(context["topic"], full)}
        return {
            column: render_to_string(
                "topics/topic_sections.html", {**context, "column": column}, self.request
            )
            for column in ("main", "side")
        }


def _actions_for(topic, user):
    """The steps the user may take now, each with its page and any unmet conditions; steps
    that share a page (sign off or return) are offered once, under the page's label."""
    machine = workflow.machine_of(Topic)
    actions, pages = [], set()
    for step in machine.available(topic, user):
        if step.page is None or step.page in pages:
            continue
        pages.add(step.page)
        actions.append(
            {
                "label": step.page.label or step.label,
                "url": step.page.url(machine, topic),
                "unmet": machine.unmet_guards(topic, step.name, skip=step.form_guards),
            }
        )
    return actions


def _edit_history(topic, full):
    """The topic's saved versions, newest first, each with the fields it changed; personal
    fields masked unless `full`."""
    personal = personal_fields(Topic)

    def shown(name, value):
        return value if full or name not in personal else mask(value)

    records = list(topic.history.select_related("history_user").order_by("-history_date")[:50])
    entries = []
    for newer, older in zip(records, [*records[1:], None][: len(records)], strict=True):
        changes = []
        if older is not None:
            delta = newer.diff_against(older, excluded_fields=["updated_at"])
            changes = [
                (
                    Topic._meta.get_field(change.field).verbose_name,
                    shown(change.field, change.old),
                    shown(change.field, change.new),
                )
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
            add_validation_errors(form, invalid)
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
    topic = scoped_get_or_404(visible_topics(request.user), pk=pk)
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
        except TransitionRefused as refused:
            for reason in refused.reasons:
                form.add_error(None, reason)
        except ValidationError as invalid:
            add_validation_errors(form, invalid)
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
    """Steps that need no record of their own, those the catalogue gives this page
    (`topics:transition` with the step's name): submit, approve, close."""

    form_class = CommentForm

    def dispatch(self, request, *args, **kwargs):
        step = workflow.machine_of(Topic).steps.get(kwargs["name"])
        if step is None or step.page is None or step.page.url_name != "topics:transition":
            raise Http404
        self.transition = step.name
        self.title = self.submit_label = step.label
        self.permission = step.permission
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
    topic = scoped_get_or_404(visible_topics(request.user), pk=pk)
    services.cosignature_confirm(topic=topic, member=request.user)
    messages.success(request, _("You have co-signed this proposal."))
    return redirect(topic)
