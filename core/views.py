from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.generic import FormView

from consultations.models import Evidence
from research.models import ResearchAttachment
from topics.selectors import plan_progress, visible_topics
from topics.services import TransitionRefused, transition_of, unmet_guards

from .selectors import todo_for


@login_required
def home(request):
    return render(
        request,
        "core/home.html",
        {
            "sections": todo_for(request.user),
            "plans": plan_progress(request.user.committee_ids),
        },
    )


class TopicActionView(LoginRequiredMixin, FormView):
    """One step on a topic: a form, a permission, and a service that does the work.

    Subclasses set `permission` (a rules permission checked on `permission_object()`),
    `title`, `submit_label`, optionally `transition` (whose unmet guards are shown as
    hints), and implement `perform(form)`.
    """

    template_name = "core/action_form.html"
    permission: str
    transition: str | None = None
    guards_met_by_form: tuple[str, ...] = ()
    title = ""
    intro = ""
    submit_label = _("Save")
    success_message = _("Saved.")

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.topic = get_object_or_404(visible_topics(request.user), pk=kwargs["pk"])
        if not request.user.has_perm(self.permission, self.permission_object()):
            raise PermissionDenied
        if (
            request.method == "GET"
            and self.transition
            and transition_of(self.topic, self.transition) is None
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
        context.update(
            topic=self.topic,
            title=self.title,
            intro=self.intro,
            submit_label=self.submit_label,
            guard_hints=unmet_guards(self.topic, self.transition, skip=self.guards_met_by_form)
            if self.transition
            else [],
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
            self.add_validation_errors(form, invalid)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(self.request, self.success_message)
        return redirect(self.get_success_url())

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)

    @staticmethod
    def add_validation_errors(form, invalid):
        if hasattr(invalid, "error_dict"):
            for field, errors in invalid.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, invalid)

    def get_success_url(self):
        return self.topic.get_absolute_url()

    def perform(self, form):
        raise NotImplementedError


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
        allowed = request.user.has_perm("consultations.view_item", stored.report.item)
    else:
        raise Http404
    if not allowed:
        raise Http404
    return FileResponse(
        stored.file.open("rb"),
        as_attachment=True,
        filename=stored.original_name,
        content_type=stored.content_type,
    )
