from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from core.figures import committee_changed
from people.admin import PersonalDataAdmin

from .models import AnnualPlan, Topic, TopicProposer, TransitionLog


class TopicProposerInline(admin.TabularInline):
    model = TopicProposer
    extra = 0
    autocomplete_fields = ["member"]


class TransitionLogInline(admin.TabularInline):
    model = TransitionLog
    extra = 0
    can_delete = False
    readonly_fields = ["at", "actor", "transition", "source", "target", "comment"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Topic)
class TopicAdmin(PersonalDataAdmin):
    list_display = ["title", "committee", "year", "channel", "category", "state"]
    list_filter = ["committee", "year", "state", "channel", "category"]
    search_fields = ["title", "description"]
    readonly_fields = ["state", "plan", "created_by", "created_at", "updated_at"]
    inlines = [TopicProposerInline, TransitionLogInline]


@admin.register(AnnualPlan)
class AnnualPlanAdmin(SimpleHistoryAdmin):
    list_display = ["committee", "year", "target_sessions"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        committee_changed(obj.committee_id)  # the plan's target is on the dashboard

    list_filter = ["committee"]
