from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Evaluation, IndicatorRecord, Recommendation


@admin.register(IndicatorRecord)
class IndicatorRecordAdmin(SimpleHistoryAdmin):
    list_display = ("enterprise", "year", "valid_invention_patents", "high_value_patents", "certification", "source")
    list_filter = ("year", "certification", "source")
    search_fields = ("enterprise__name", "enterprise__uscc")
    list_select_related = ("enterprise",)
    readonly_fields = ("recorded_by", "recorded_at", "updated_at")


@admin.register(Evaluation)
class EvaluationAdmin(SimpleHistoryAdmin):
    list_display = ("project", "conclusion", "recorded_by", "recorded_at")
    list_filter = ("conclusion",)
    list_select_related = ("project__call", "project__enterprise", "recorded_by")
    readonly_fields = ("project", "recorded_by", "recorded_at", "updated_at")


@admin.register(Recommendation)
class RecommendationAdmin(SimpleHistoryAdmin):
    list_display = ("enterprise", "programme", "level", "recommended_on", "outcome")
    list_filter = ("year", "level", "outcome", "kind")
    search_fields = ("enterprise__name", "programme")
    list_select_related = ("enterprise",)
    readonly_fields = ("recorded_by", "recorded_at", "updated_at")
