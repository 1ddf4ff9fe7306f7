"""Admin of the reviews. Formal review rounds, deadline extensions, expert assignments, score sheets, criteria and
rankings are written by ``reviews`` services (with their rule checks: conflicts, the criteria's total and freeze,
the ranking's freeze), so the admin shows them read-only; the expert pool's profiles may be corrected here."""

from django.contrib import admin

from common.admin import ReadOnlyAdminMixin, ReadOnlyTabularInline
from projects.admin import PROJECT_INLINES

from .models import (
    AssignmentRun,
    Criterion,
    DistrictDeadlineExtension,
    ExpertAssignment,
    ExpertProfile,
    FormalReview,
    RankingEntry,
    RankingSnapshot,
    Score,
    ScoreSheet,
    SheetReopening,
)


@admin.register(ExpertAssignment)
class ExpertAssignmentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """R2: an expert sees a project only when assigned and not conflicted. Assigned on the review pages, which
    refuse a conflicted expert; read-only here."""

    list_display = ("project", "expert", "source", "conflict_of_interest", "conflict_reason", "assigned_at")
    list_filter = ("conflict_of_interest", "source", "project__call", "project__district")
    search_fields = ("project__enterprise__name", "project__enterprise__uscc", "expert__username", "expert__name")
    list_select_related = ("project__call", "project__enterprise", "expert")


@admin.register(ExpertProfile)
class ExpertProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "organisation", "title", "is_active", "updated_at")
    list_filter = ("is_active", "expertise")
    search_fields = ("user__username", "user__name", "organisation")
    list_select_related = ("user",)
    filter_horizontal = ("expertise",)
    readonly_fields = ("user", "created_at", "updated_at")

    def has_add_permission(self, request):
        return False  # an expert is added on the pool's page: its account and its profile together


@admin.register(AssignmentRun)
class AssignmentRunAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("call", "kind", "seed", "per_project", "assigned_count", "requested_by", "created_at")
    list_filter = ("kind", "call")
    list_select_related = ("call", "requested_by")


@admin.register(Criterion)
class CriterionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("call", "position", "name", "max_score")
    list_filter = ("call",)
    list_select_related = ("call",)


class ScoreInline(ReadOnlyTabularInline):
    model = Score
    fields = ("criterion", "value", "comment")
    show_change_link = False


class SheetReopeningInline(ReadOnlyTabularInline):
    model = SheetReopening
    fields = ("reason", "by", "at")
    show_change_link = False


@admin.register(ScoreSheet)
class ScoreSheetAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("project", "expert", "status", "total", "submitted_at", "reopened_count")
    list_filter = ("status", "project__call")
    search_fields = ("project__enterprise__name", "expert__username", "expert__name")
    list_select_related = ("project__call", "project__enterprise", "expert")
    inlines = [ScoreInline, SheetReopeningInline]


@admin.register(Score)
class ScoreAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("sheet", "criterion", "value")
    list_select_related = ("sheet__project__call", "sheet__project__enterprise", "sheet__expert", "criterion")


@admin.register(SheetReopening)
class SheetReopeningAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("sheet", "reason", "by", "at")
    list_select_related = ("sheet__project__call", "sheet__project__enterprise", "sheet__expert", "by")


class RankingEntryInline(ReadOnlyTabularInline):
    model = RankingEntry
    fields = ("rank", "project", "sheet_count", "mean", "trimmed_mean", "median", "final", "std_dev", "selected")


@admin.register(RankingSnapshot)
class RankingSnapshotAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("call", "version", "method", "closed_by", "closed_at", "selected_at")
    list_filter = ("call",)
    list_select_related = ("call", "closed_by")
    inlines = [RankingEntryInline]


@admin.register(RankingEntry)
class RankingEntryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("snapshot", "rank", "project", "final", "sheet_count", "selected")
    list_filter = ("snapshot__call",)
    list_select_related = ("snapshot__call", "project__call", "project__enterprise")


@admin.register(FormalReview)
class FormalReviewAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("project", "round", "decision", "reviewer", "decided_at")
    list_filter = ("decision", "project__call", "project__district")
    search_fields = ("project__enterprise__name", "project__enterprise__uscc", "opinion")
    list_select_related = ("project__call", "project__enterprise", "reviewer")


@admin.register(DistrictDeadlineExtension)
class DistrictDeadlineExtensionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("call", "district", "until", "reason", "granted_by", "granted_at")
    list_filter = ("call", "district")
    list_select_related = ("call", "district", "granted_by")


class ExpertAssignmentInline(ReadOnlyTabularInline):
    model = ExpertAssignment
    fields = ("expert", "source", "conflict_of_interest", "conflict_reason", "assigned_at")
    verbose_name_plural = "专家分配（在“专家评审”页面维护）"


class FormalReviewInline(ReadOnlyTabularInline):
    model = FormalReview
    fields = ("round", "decision", "opinion", "reviewer", "decided_at", "enterprise_response")


PROJECT_INLINES.extend([FormalReviewInline, ExpertAssignmentInline])
