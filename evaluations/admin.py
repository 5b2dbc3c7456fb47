from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    EvaluationAssignment,
    EvaluationLog,
    EvaluationMethod,
    EvaluationResult,
    Indicator,
    Score,
)


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0


@admin.register(EvaluationMethod)
class EvaluationMethodAdmin(SimpleHistoryAdmin):
    list_display = ["name", "version", "committee", "in_force"]
    list_filter = ["committee", "in_force"]
    inlines = [IndicatorInline]


class ScoreInline(admin.TabularInline):
    model = Score
    extra = 0
    readonly_fields = ["indicator", "score", "justification"]


class EvaluationLogInline(admin.TabularInline):
    model = EvaluationLog
    extra = 0
    can_delete = False
    readonly_fields = ["at", "actor", "transition", "source", "target", "comment"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(EvaluationAssignment)
class EvaluationAssignmentAdmin(SimpleHistoryAdmin):
    list_display = ["topic", "evaluator", "method", "state", "total", "grade"]
    list_filter = ["state", "grade"]
    readonly_fields = ["state", "total", "grade", "submitted_at", "submitted_by"]
    inlines = [ScoreInline, EvaluationLogInline]


@admin.register(EvaluationResult)
class EvaluationResultAdmin(SimpleHistoryAdmin):
    """Computed by the services from the submitted evaluations: read only."""

    list_display = ["topic", "score", "grade", "evaluator_count", "computed_at"]
    list_filter = ["grade"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
