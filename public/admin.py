from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import ReceptionDay


@admin.register(ReceptionDay)
class ReceptionDayAdmin(SimpleHistoryAdmin):
    list_display = ["venue_name", "kind", "committee", "starts_at", "ends_at"]
    list_filter = ["committee", "kind"]
    search_fields = ["venue_name", "venue_address"]
    date_hierarchy = "starts_at"
    filter_horizontal = ["members"]
