from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import Committee, CommitteeBody, Department, EvaluatorOrganisation, Membership, User


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "user"
    extra = 0
    autocomplete_fields = ["committee", "department", "evaluator"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin, SimpleHistoryAdmin):
    list_display = ["username", "full_name", "email", "is_active"]
    list_filter = ["memberships__role", "memberships__committee", "is_active"]
    search_fields = ["username", "full_name", "email"]
    filter_horizontal = ["groups", "bodies", "user_permissions"]
    inlines = [MembershipInline]
    fieldsets = DjangoUserAdmin.fieldsets + ((_("Committee"), {"fields": ["full_name", "bodies"]}),)


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
    search_fields = ["name"]
