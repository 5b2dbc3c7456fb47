from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import AnnualReport, IssuingCounter


@admin.register(IssuingCounter)
class IssuingCounterAdmin(SimpleHistoryAdmin):
    """Read only: a number once issued is never issued again, so the counter is never set by
    hand."""

    list_display = ["committee", "year", "last_serial"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AnnualReport)
class AnnualReportAdmin(SimpleHistoryAdmin):
    list_display = ["committee", "year", "state", "progress", "requested_by", "requested_at"]
    list_filter = ["state", "year"]
    readonly_fields = [
        "committee",
        "year",
        "state",
        "progress",
        "file",
        "requested_by",
        "requested_at",
        "finished_at",
    ]

    def has_add_permission(self, request):
        return False
