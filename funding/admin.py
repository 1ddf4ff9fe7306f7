"""Admin for tranches (F4), read-only: amounts are set by the lifecycle's services and payments are recorded by
the finance pages (``funding.services``)."""

from django.contrib import admin

from common.admin import ReadOnlyAdminMixin, ReadOnlyTabularInline
from projects.admin import PROJECT_INLINES

from .models import Tranche


@admin.register(Tranche)
class TrancheAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("project", "kind", "amount", "decided_by", "decided_at", "paid_on")
    list_filter = ("kind", ("paid_on", admin.EmptyFieldListFilter), "project__call", "project__district")
    search_fields = ("project__enterprise__name", "project__enterprise__uscc")
    list_select_related = ("project__call", "project__enterprise", "decided_by")


class TrancheInline(ReadOnlyTabularInline):
    model = Tranche
    fields = ("kind", "amount", "decided_by", "decided_at", "paid_on")


PROJECT_INLINES.append(TrancheInline)
