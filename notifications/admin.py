from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import Delivery, Notification, Preference


class DeliveryInline(admin.TabularInline):
    model = Delivery
    extra = 0
    can_delete = False
    readonly_fields = ["channel", "state", "at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = [
        "recipient",
        "kind",
        "topic",
        "due_on",
        "state",
        "attempts",
        "created_at",
        "read_at",
    ]
    list_filter = ["state", "kind", "deadline"]
    search_fields = ["recipient__username", "recipient__full_name", "topic__title"]
    readonly_fields = [field.name for field in Notification._meta.fields]
    inlines = [DeliveryInline]
    actions = ["requeue"]

    def has_add_permission(self, request):
        return False

    @admin.action(
        description=_("Send failed notifications again, on the channels they did not reach")
    )
    def requeue(self, request, queryset):
        count = queryset.filter(state=Notification.State.FAILED).update(
            state=Notification.State.PENDING,
            attempts=0,
            next_attempt_at=timezone.now(),
            claim=None,
        )
        self.message_user(
            request, _("%(count)s notifications will be sent by the next sweep.") % {"count": count}
        )


@admin.register(Preference)
class PreferenceAdmin(SimpleHistoryAdmin):
    list_display = ["user", "daily_digest"]
    search_fields = ["user__username", "user__full_name"]
