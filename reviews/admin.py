"""Admin for expert assignments (maintained here), formal review rounds and deadline extensions (read-only:
written by ``reviews.services``)."""

from django.contrib import admin

from common.admin import ReadOnlyAdminMixin, ReadOnlyTabularInline
from projects.admin import PROJECT_INLINES

from .models import DistrictDeadlineExtension, ExpertAssignment, FormalReview


@admin.register(ExpertAssignment)
class ExpertAssignmentAdmin(admin.ModelAdmin):
    """R2: an expert sees a project only when assigned here and not conflicted."""

    list_display = ("project", "expert", "conflict_of_interest", "conflict_reason", "assigned_at")
    list_filter = ("conflict_of_interest", "project__call", "project__district")
    search_fields = ("project__enterprise__name", "project__enterprise__uscc", "expert__username", "expert__name")
    list_select_related = ("project__call", "project__enterprise", "expert")
    autocomplete_fields = ("project", "expert")
    readonly_fields = ("assigned_at",)


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
    fields = ("expert", "conflict_of_interest", "conflict_reason", "assigned_at")
    verbose_name_plural = "专家分配（在“专家分配”中维护）"


class FormalReviewInline(ReadOnlyTabularInline):
    model = FormalReview
    fields = ("round", "decision", "opinion", "reviewer", "decided_at", "enterprise_response")


PROJECT_INLINES.extend([FormalReviewInline, ExpertAssignmentInline])
