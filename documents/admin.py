from django.contrib import admin

from common.admin import ReadOnlyAdminMixin

from .models import ExportJob


@admin.register(ExportJob)
class ExportJobAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Export files belong to the user who asked; the admin shows the job, not the file."""

    exclude = ("file",)
    list_display = ("user", "kind", "status", "total", "done_rows", "created_at", "finished_at")
    list_filter = ("kind", "status")
    list_select_related = ("user",)
    search_fields = ("user__username", "user__name")
