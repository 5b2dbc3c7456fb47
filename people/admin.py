from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from core.figures import committee_changed

from .administrators import administrator_roles_clean, administrator_roles_of_groups
from .models import Committee, CommitteeBody, Department, EvaluatorOrganisation, Membership, User
from .privacy import mask, personal_fields

# 三员分立 (people.administrators): the system administrator keeps the account, the security
# administrator its roles; only a superuser sets these two.
SUPERUSER_FIELDS = ["is_superuser", "user_permissions"]
ROLE_FIELDS = ["is_staff", "groups"]
ACCOUNT_FIELDS = [
    "username",
    "first_name",
    "last_name",
    "email",
    "is_active",
    "full_name",
    "bodies",
]


class _MaskedHistory(HistoricalRecordContextHelper):
    def prepare_delta_change_value(self, change, value):
        value = super().prepare_delta_change_value(change, value)
        return mask(value) if change.field in personal_fields(self.model) else value


class PersonalDataAdmin(SimpleHistoryAdmin):
    """The admin of a model with personal fields of the public (people.privacy): they are
    shown masked, read-only, on the change page, its history page and its old versions.
    Office staff read them in full, audited, on the record's own page."""

    def get_exclude(self, request, obj=None):
        return [*(super().get_exclude(request, obj) or ()), *personal_fields(self.model)]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "personal_data_masked"]

    @admin.display(description=_("Personal data (masked)"))
    def personal_data_masked(self, obj):
        return "; ".join(
            f"{self.model._meta.get_field(name).verbose_name}: {mask(getattr(obj, name)) or '—'}"
            for name in personal_fields(self.model)
        )

    def get_historical_record_context_helper(self, request, historical_record):
        return _MaskedHistory(self.model, historical_record)


def changes_roles_of(request, obj) -> bool:
    """Whether the signed-in user may change the roles of `obj` (never their own)."""
    if request.user.is_superuser:
        return True
    return request.user.has_perm("people.manage_roles") and (
        obj is None or obj.pk != request.user.pk
    )


def keeps_account_of(request, obj) -> bool:
    """Whether the signed-in user may change the account (name, e-mail, active, password) of
    `obj`: the system administrator's work, except for an administrator or a superuser, whose
    account only a superuser (or they themselves, on their own pages) changes: otherwise the
    system administrator could take over the audit or security administrator's account."""
    if request.user.is_superuser:
        return True
    if not request.user.has_perm("people.change_user"):
        return False
    return obj is None or not (obj.is_superuser or administrator_roles_of_groups(obj.groups.all()))


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "user"
    extra = 0
    autocomplete_fields = ["committee", "department", "evaluator"]

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and changes_roles_of(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and changes_roles_of(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and changes_roles_of(request, obj)


class AdministratorRolesForm(UserChangeForm):
    def clean_groups(self):
        groups = self.cleaned_data["groups"]
        administrator_roles_clean(groups)
        return groups


@admin.register(User)
class UserAdmin(DjangoUserAdmin, SimpleHistoryAdmin):
    form = AdministratorRolesForm
    list_display = ["username", "full_name", "email", "is_active"]
    list_filter = ["memberships__role", "memberships__committee", "is_active"]
    search_fields = ["username", "full_name", "email"]
    filter_horizontal = ["groups", "bodies", "user_permissions"]
    inlines = [MembershipInline]
    fieldsets = DjangoUserAdmin.fieldsets + ((_("Committee"), {"fields": ["full_name", "bodies"]}),)

    def has_change_permission(self, request, obj=None):
        # The security administrator changes a user's roles on the same page.
        return super().has_change_permission(request, obj) or changes_roles_of(request, obj)

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return ["last_login", "date_joined"]
        readonly = ["last_login", "date_joined", *SUPERUSER_FIELDS]
        if not keeps_account_of(request, obj):
            readonly += ACCOUNT_FIELDS
        if not changes_roles_of(request, obj):
            readonly += ROLE_FIELDS
        return readonly

    def user_change_password(self, request, id, form_url=""):
        # Setting someone's password is account work (system administrator), not a role.
        if not keeps_account_of(request, self.get_object(request, unquote(id))):
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)


class NamesInFiguresAdmin(SimpleHistoryAdmin):
    """Names shown by cached figures and filter choices: a change recounts them."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        committee_changed(obj.pk if isinstance(obj, Committee) else obj.committee_id)


@admin.register(Committee)
class CommitteeAdmin(NamesInFiguresAdmin):
    list_display = ["name", "short_name"]
    search_fields = ["name"]


@admin.register(CommitteeBody)
class CommitteeBodyAdmin(NamesInFiguresAdmin):
    list_display = ["name", "kind", "committee"]
    list_filter = ["kind", "committee"]
    search_fields = ["name"]


@admin.register(Department)
class DepartmentAdmin(NamesInFiguresAdmin):
    list_display = ["name", "kind", "committee"]
    list_filter = ["kind", "committee"]
    search_fields = ["name"]


@admin.register(EvaluatorOrganisation)
class EvaluatorOrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "committee"]
    list_filter = ["committee"]
    search_fields = ["name"]
