from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    ConsensusPoint,
    FollowUpItem,
    ItemTransitionLog,
    Minutes,
    MinutesVersion,
    ProgressReport,
    Session,
    SignOff,
)


class ConsensusPointInline(admin.TabularInline):
    model = ConsensusPoint
    extra = 0


@admin.register(Session)
class SessionAdmin(SimpleHistoryAdmin):
    list_display = ["topic", "starts_at", "venue"]
    filter_horizontal = ["members", "departments"]
    inlines = [ConsensusPointInline]


class SignOffInline(admin.TabularInline):
    model = SignOff
    extra = 0
    readonly_fields = ["leader", "decision", "opinion", "signed_at"]


@admin.register(MinutesVersion)
class MinutesVersionAdmin(admin.ModelAdmin):
    list_display = ["minutes", "number", "submitted_at"]
    readonly_fields = ["minutes", "number", "text", "submitted_by", "submitted_at"]
    inlines = [SignOffInline]


@admin.register(Minutes)
class MinutesAdmin(SimpleHistoryAdmin):
    list_display = ["topic", "updated_at"]


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


@admin.register(FollowUpItem)
class FollowUpItemAdmin(SimpleHistoryAdmin):
    list_display = ["task", "topic", "department", "due_on", "state"]
    list_filter = ["state", "department"]
    readonly_fields = ["state"]
    inlines = [ProgressReportInline, ItemTransitionLogInline]
