from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from core.views import TopicActionView
from documents.minutes import minutes_document

from . import services
from .forms import (
    ExtensionDecisionForm,
    ExtensionRequestForm,
    FollowUpItemForm,
    ItemReviewForm,
    MinutesForm,
    ProgressReportForm,
    SatisfactionForm,
    SessionRecordForm,
    SessionScheduleForm,
    SignOffForm,
)
from .models import MinutesVersion


class SessionScheduleView(TopicActionView):
    form_class = SessionScheduleForm
    permission = "topics.run_process"
    transition = "schedule_session"
    guards_met_by_form = ("session_planned",)
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
    guards_met_by_form = ("session_has_attendees", "session_has_consensus")
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
    guards_met_by_form = ("minutes_written",)
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


class SignOffView(TopicActionView):
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
        context.update(version=version, document=minutes_document(version) if version else None)
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


class FollowUpItemAddView(TopicActionView):
    form_class = FollowUpItemForm
    permission = "consultations.add_item"
    title = _("Assign a follow-up item")
    intro = _(
        "Turn a consensus point or a leader's opinion into a task for a responsible department."
    )
    submit_label = _("Assign")
    success_message = _("The item was assigned to the department.")

    def perform(self, form):
        services.follow_up_items_assign(
            topic=self.topic, actor=self.request.user, **form.assignment()
        )


class ItemActionView(TopicActionView):
    """An action on one follow-up item; an item the user may not see is a 404."""

    template_name = "consultations/item_form.html"

    def permission_object(self):
        self.item = get_object_or_404(
            self.topic.follow_up_items.select_related("department"), pk=self.kwargs["item_pk"]
        )
        if not self.request.user.has_perm("consultations.view_item", self.item):
            raise Http404
        return self.item

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["item"] = self.item
        return context


class ProgressReportView(ItemActionView):
    form_class = ProgressReportForm
    permission = "consultations.report_on_item"
    title = _("Report progress")
    submit_label = _("Send the report")
    success_message = _("The progress report was sent.")

    def perform(self, form):
        services.progress_report(item=self.item, actor=self.request.user, **form.cleaned_data)


class ItemReviewView(ItemActionView):
    form_class = ItemReviewForm
    permission = "consultations.verify_item"
    title = _("Review the follow-up item")
    submit_label = _("Record the decision")
    success_message = _("The item was updated.")

    def perform(self, form):
        decision, reason = form.cleaned_data["decision"], form.cleaned_data["reason"]
        actor = self.request.user
        if decision == ItemReviewForm.VERIFY:
            services.follow_up_item_verify(item=self.item, actor=actor)
        elif decision == ItemReviewForm.SEND_BACK:
            services.follow_up_item_send_back(item=self.item, actor=actor, reason=reason)
        else:
            services.follow_up_item_close(item=self.item, actor=actor, reason=reason)


class ExtensionRequestView(ItemActionView):
    form_class = ExtensionRequestForm
    permission = "consultations.request_extension"
    title = _("Ask for more time")
    submit_label = _("Send the request")
    success_message = _("The request was sent; office staff will grant or refuse it.")

    def perform(self, form):
        services.extension_request(item=self.item, actor=self.request.user, **form.cleaned_data)


class ExtensionDecisionView(ItemActionView):
    form_class = ExtensionDecisionForm
    permission = "consultations.decide_extension"
    title = _("Decide on the extension request")
    submit_label = _("Record the decision")
    success_message = _("The decision was recorded.")

    def permission_object(self):
        item = super().permission_object()
        self.extension = get_object_or_404(
            item.extension_requests.select_related("requested_by"), pk=self.kwargs["request_pk"]
        )
        return item

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["extension"] = self.extension
        return context

    def perform(self, form):
        services.extension_decide(
            request=self.extension,
            actor=self.request.user,
            grant=form.cleaned_data["decision"] == ExtensionDecisionForm.GRANT,
            note=form.cleaned_data["note"],
        )


class SatisfactionView(ItemActionView):
    form_class = SatisfactionForm
    permission = "consultations.rate_item"
    title = _("Rate your satisfaction")
    submit_label = _("Save my rating")
    success_message = _("Thank you: your rating was saved.")

    def get_initial(self):
        rating = self.item.ratings.filter(member=self.request.user).first()
        return {"level": rating.level, "comment": rating.comment} if rating else {}

    def perform(self, form):
        services.satisfaction_rate(item=self.item, actor=self.request.user, **form.cleaned_data)
