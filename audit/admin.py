from django.contrib import admin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read only: audit rows are never added, changed or deleted by hand."""

    list_display = ["at", "username", "source_address", "action", "object_repr", "outcome"]
    list_filter = ["action", "outcome"]
    search_fields = ["username", "object_repr", "object_id", "source_address"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
