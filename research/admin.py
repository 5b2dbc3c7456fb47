from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import ResearchActivity, ResearchAttachment, ResearchPlan, ResearchReport


class ResearchAttachmentInline(admin.TabularInline):
    model = ResearchAttachment
    extra = 0
    readonly_fields = ["original_name", "content_type", "size", "uploaded_by", "uploaded_at"]


@admin.register(ResearchPlan)
class ResearchPlanAdmin(SimpleHistoryAdmin):
    list_display = ["topic", "starts_on", "ends_on"]
    filter_horizontal = ["team"]


@admin.register(ResearchActivity)
class ResearchActivityAdmin(SimpleHistoryAdmin):
    list_display = ["topic", "kind", "held_on", "place"]
    list_filter = ["kind"]
    filter_horizontal = ["members", "departments"]
    inlines = [ResearchAttachmentInline]


@admin.register(ResearchReport)
class ResearchReportAdmin(SimpleHistoryAdmin):
    list_display = ["topic", "updated_at"]
