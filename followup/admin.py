from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    ExtensionRequest,
    FollowUpItem,
    ItemTransitionLog,
    ProgressReport,
    SatisfactionRating,
)


class ProgressReportInline(admin.TabularInline):
    model = ProgressReport
    extra = 0
    readonly_fields = ["author", "percent_done", "text", "created_at"]


class ItemTransitionLogInline(admin.TabularInline):
    model = ItemTransitionLog
    extra = 0
    can_delete = False
    readonly_fields = ["at", "actor", "transition", "source", "target", "comment"]

    def has_add_permission(self, request, obj=None):
        return False


class ExtensionRequestInline(admin.TabularInline):
    model = ExtensionRequest
    fk_name = "item"
    extra = 0
    can_delete = False
    readonly_fields = [
        "requested_by",
        "requested_at",
        "current_due_on",
        "requested_due_on",
        "reason",
        "state",
        "decided_by",
        "decided_at",
        "decision_note",
    ]

    def has_add_permission(self, request, obj=None):
        return False


class SatisfactionRatingInline(admin.TabularInline):
    model = SatisfactionRating
    extra = 0
    can_delete = False
    readonly_fields = ["member", "level", "comment", "rated_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(FollowUpItem)
class FollowUpItemAdmin(SimpleHistoryAdmin):
    list_display = ["task", "topic", "department", "due_on", "state"]
    list_filter = ["state", "department"]
    readonly_fields = ["state", "completed_on"]
    inlines = [
        ProgressReportInline,
        ItemTransitionLogInline,
        ExtensionRequestInline,
        SatisfactionRatingInline,
    ]
