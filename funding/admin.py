"""Admin for tranches (F4), read-only: amounts are set by the lifecycle's services and payments are recorded by
the finance pages (``funding.services``)."""

from django.contrib import admin

from projects.admin import ReadOnlyAdminMixin

from .models import Tranche


@admin.register(Tranche)
class TrancheAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("project", "kind", "amount", "decided_by", "decided_at", "paid_on")
    list_filter = ("kind", ("paid_on", admin.EmptyFieldListFilter), "project__call", "project__district")
    search_fields = ("project__enterprise__name", "project__enterprise__uscc")
    list_select_related = ("project__call", "project__enterprise", "decided_by")
