from django.utils.translation import gettext_lazy as _

from accounts.mixins import RecentSecondFactorMixin
from topics.views import TopicActionView

from . import services
from .forms import (
    MinutesForm,
    SessionRecordForm,
    SessionScheduleForm,
    SignOffForm,
)
from .models import MinutesVersion


class SessionScheduleView(TopicActionView):
    form_class = SessionScheduleForm
    permission = "topics.run_process"
    transition = "schedule_session"
    title = _("Schedule the session")
    intro = _("No session without research: the research findings and report must be in place.")
    submit_label = _("Schedule the session")
    success_message = _("The session is scheduled.")

    def perform(self, form):
        data = form.cleaned_data
        services.session_schedule(
            topic=self.topic,
            actor=self.request.user,
            starts_at=data["starts_at"],
            venue=data["venue"],
            agenda=data["agenda"],
            expected_state=data["expected_state"],
        )


class SessionRecordView(TopicActionView):
    form_class = SessionRecordForm
    permission = "topics.run_process"
    transition = "record_session"
    title = _("Record the session")
    intro = _(
        "Who attended and the consensus reached; the session then counts towards the annual target."
    )
    submit_label = _("Record the session as held")
    success_message = _("The session is recorded.")

    def perform(self, form):
        data = form.cleaned_data
        services.session_record(
            topic=self.topic,
            actor=self.request.user,
            members=data["members"],
            members_on_leave=data["members_on_leave"],
            departments=data["departments"],
            residents_count=data["residents_count"],
            consensus=data["consensus"],
            expected_state=data["expected_state"],
        )


class MinutesView(TopicActionView):
    form_class = MinutesForm
    permission = "topics.run_process"
    transition = "submit_minutes"
    template_name = "consultations/minutes_form.html"
    title = _("Minutes of the session")
    intro = _(
        "Save a draft as often as needed; submitting freezes a version for the leaders to sign."
    )

    def perform(self, form):
        data = form.cleaned_data
        if "submit" in self.request.POST:
            services.minutes_submit(
                topic=self.topic,
                actor=self.request.user,
                text=data["text"],
                leaders=data["leaders"],
                expected_state=data["expected_state"],
            )
            self.success_message = _("The minutes were submitted to the leaders.")
        else:
            services.minutes_save(topic=self.topic, actor=self.request.user, text=data["text"])
            self.success_message = _("The draft minutes were saved.")


class SignOffView(RecentSecondFactorMixin, TopicActionView):
    """A leader signs the minutes: an official act, so a second factor given long ago is
    asked for again (accounts.mixins)."""

    form_class = SignOffForm
    permission = "topics.sign_minutes"
    transition = "return_minutes"
    template_name = "consultations/signoff_form.html"
    title = _("Sign off the minutes")
    submit_label = _("Record my decision")
    success_message = _("Your decision was recorded.")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        version = (
            MinutesVersion.objects.filter(minutes__topic=self.topic)
            .select_related("minutes__topic", "submitted_by")
            .prefetch_related("leaders", "sign_offs__leader")
            .order_by("-number")
            .first()
        )
        context["version"] = version
        return context

    def perform(self, form):
        data = form.cleaned_data
        services.minutes_sign(
            topic=self.topic,
            actor=self.request.user,
            decision=data["decision"],
            opinion=data["opinion"],
            expected_state=data["expected_state"],
            expected_version=data["version"],
        )
