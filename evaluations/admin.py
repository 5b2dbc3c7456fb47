from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import EvaluationAssignment, EvaluationMethod, Indicator, Score


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


@admin.register(EvaluationAssignment)
class EvaluationAssignmentAdmin(SimpleHistoryAdmin):
    list_display = ["topic", "evaluator", "method", "state", "total", "grade"]
    list_filter = ["state", "grade"]
    readonly_fields = ["state", "total", "grade", "submitted_at", "submitted_by"]
    inlines = [ScoreInline]
