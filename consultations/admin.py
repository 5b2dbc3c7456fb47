from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import ConsensusPoint, Minutes, MinutesVersion, Session, SignOff


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
class MinutesVersionAdmin(SimpleHistoryAdmin):
    """Read only: a submitted version is frozen, and a signed one can be changed by no one."""

    list_display = ["minutes", "number", "submitted_at"]
    readonly_fields = [
        "minutes",
        "number",
        "text",
        "particulars",
        "leaders",
        "submitted_by",
        "submitted_at",
        "pdf",
        "pdf_sha256",
        "signed_pdf",
        "signed_pdf_sha256",
    ]
    inlines = [SignOffInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Minutes)
class MinutesAdmin(SimpleHistoryAdmin):
    list_display = ["topic", "updated_at"]
