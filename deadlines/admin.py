from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import DeadlinePolicy


@admin.register(DeadlinePolicy)
class DeadlinePolicyAdmin(SimpleHistoryAdmin):
    list_display = [
        "committee",
        "research_report_days",
        "session_days",
        "minutes_days",
        "sign_off_days",
        "evaluation_days",
    ]
