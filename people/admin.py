from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import Committee, CommitteeBody, Department, EvaluatorOrganisation, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin, SimpleHistoryAdmin):
    list_display = ["username", "full_name", "email", "department", "evaluator", "is_active"]
    list_filter = ["groups", "committees", "is_active"]
    search_fields = ["username", "full_name", "email"]
    filter_horizontal = ["groups", "committees", "bodies", "user_permissions"]
    fieldsets = DjangoUserAdmin.fieldsets + (
        (
            _("Committee"),
            {"fields": ["full_name", "committees", "bodies", "department", "evaluator"]},
        ),
    )


@admin.register(Committee)
class CommitteeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "short_name"]
    search_fields = ["name"]


@admin.register(CommitteeBody)
class CommitteeBodyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "committee"]
    list_filter = ["kind", "committee"]
    search_fields = ["name"]


@admin.register(Department)
class DepartmentAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "committee"]
    list_filter = ["kind", "committee"]
    search_fields = ["name"]


@admin.register(EvaluatorOrganisation)
class EvaluatorOrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "committee"]
    list_filter = ["committee"]
