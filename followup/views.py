from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _

from core.access import RefusedAccess, scoped_get_or_404
from topics.selectors import visible_topics
from topics.views import TopicActionView

from . import services
from .forms import (
    ExtensionDecisionForm,
    ExtensionRequestForm,
    FollowUpItemForm,
    ItemReviewForm,
    ProgressReportForm,
    SatisfactionForm,
)
from .selectors import ITEMS_SHOWN, items_for_topic_page


class FollowUpItemAddView(TopicActionView):
    form_class = FollowUpItemForm
    permission = "followup.add_item"
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

    template_name = "followup/item_form.html"

    def permission_object(self):
        self.item = get_object_or_404(
            self.topic.follow_up_items.select_related("department"), pk=self.kwargs["item_pk"]
        )
        if not self.request.user.has_perm("followup.view_item", self.item):
            raise RefusedAccess(self.item)
        return self.item

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["item"] = self.item
        return context


class ProgressReportView(ItemActionView):
    form_class = ProgressReportForm
    permission = "followup.report_on_item"
    title = _("Report progress")
    submit_label = _("Send the report")
    success_message = _("The progress report was sent.")

    def perform(self, form):
        services.progress_report(item=self.item, actor=self.request.user, **form.cleaned_data)


class ItemReviewView(ItemActionView):
    form_class = ItemReviewForm
    permission = "followup.verify_item"
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
    permission = "followup.request_extension"
    title = _("Ask for more time")
    submit_label = _("Send the request")
    success_message = _("The request was sent; office staff will grant or refuse it.")

    def perform(self, form):
        services.extension_request(item=self.item, actor=self.request.user, **form.cleaned_data)


class ExtensionDecisionView(ItemActionView):
    form_class = ExtensionDecisionForm
    permission = "followup.decide_extension"
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
    permission = "followup.rate_item"
    title = _("Rate your satisfaction")
    submit_label = _("Save my rating")
    success_message = _("Thank you: your rating was saved.")

    def get_initial(self):
        rating = self.item.ratings.filter(member=self.request.user).first()
        return {"level": rating.level, "comment": rating.comment} if rating else {}

    def perform(self, form):
        services.satisfaction_rate(item=self.item, actor=self.request.user, **form.cleaned_data)


@login_required
def item_list(request, pk):
    """The topic's follow-up items the user may see, by due date, a page at a time;
    `?item=<pk>` opens the page that holds that item."""
    topic = scoped_get_or_404(visible_topics(request.user), pk=pk)
    items = items_for_topic_page(request.user).filter(topic=topic).order_by("due_on", "pk")
    number = request.GET.get("page")
    wanted = request.GET.get("item", "")
    if wanted.isdigit() and (item := items.filter(pk=wanted).first()) is not None:
        before = items.filter(Q(due_on__lt=item.due_on) | Q(due_on=item.due_on, pk__lt=item.pk))
        number = before.count() // ITEMS_SHOWN + 1
    page = Paginator(items, ITEMS_SHOWN).get_page(number)
    return render(request, "followup/item_list.html", {"topic": topic, "page": page})
