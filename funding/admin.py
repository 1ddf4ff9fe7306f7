"""Admin for the funding ledger, read-only: task letters, grants and tranches are written by the lifecycle's
services, disbursements and own-investment records by the ledger pages (``funding.services``); ledger entries are
append-only (a mistake is corrected by a reversing entry)."""

from django.contrib import admin

from common.admin import ReadOnlyAdminMixin, ReadOnlyTabularInline
from projects.admin import PROJECT_INLINES

from .models import Disbursement, Grant, OwnInvestment, TaskLetter, TaskLetterScan, Tranche


@admin.register(Tranche)
class TrancheAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("project", "kind", "amount", "disbursed", "decided_by", "decided_at")
    list_filter = ("kind", "project__call", "project__district")
    search_fields = ("project__enterprise__name", "project__enterprise__uscc")
    list_select_related = ("project__call", "project__enterprise", "decided_by")


@admin.register(Grant)
class GrantAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("project", "amount", "committed", "cap", "decided_by", "decided_at")
    list_filter = ("project__call", "project__district")
    search_fields = ("project__enterprise__name", "project__enterprise__uscc")
    list_select_related = ("project__call", "project__enterprise", "decided_by")


@admin.register(Disbursement)
class DisbursementAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("project", "tranche", "kind", "amount", "paid_on", "voucher_number", "recorded_by", "recorded_at")
    list_filter = ("kind", "tranche__kind", "project__call", "project__district")
    search_fields = ("voucher_number", "project__enterprise__name", "project__enterprise__uscc")
    list_select_related = ("project__call", "project__enterprise", "tranche__project", "recorded_by")


@admin.register(OwnInvestment)
class OwnInvestmentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("project", "kind", "use", "amount", "spent_on", "recorded_by", "recorded_at")
    list_filter = ("kind", "use", "project__call", "project__district")
    search_fields = ("project__enterprise__name", "project__enterprise__uscc", "description")
    list_select_related = ("project__call", "project__enterprise", "recorded_by")


@admin.register(TaskLetterScan)
class TaskLetterScanAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("letter", "original_name", "uploaded_by", "uploaded_at", "returned_at")
    list_select_related = ("letter__project__call", "letter__project__enterprise", "uploaded_by")
    exclude = ("file",)


class TaskLetterScanInline(ReadOnlyTabularInline):
    model = TaskLetterScan
    fields = ("original_name", "uploaded_by", "uploaded_at", "returned_reason", "returned_at")


@admin.register(TaskLetter)
class TaskLetterAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("project", "issued_on", "ends_on", "issued_by", "confirmed_at")
    list_filter = ("project__call", ("confirmed_at", admin.EmptyFieldListFilter))
    search_fields = ("project__enterprise__name", "project__enterprise__uscc")
    list_select_related = ("project__call", "project__enterprise", "issued_by")
    inlines = [TaskLetterScanInline]


class TrancheInline(ReadOnlyTabularInline):
    model = Tranche
    fields = ("kind", "amount", "disbursed", "decided_by", "decided_at")


class DisbursementInline(ReadOnlyTabularInline):
    model = Disbursement
    fk_name = "project"
    fields = ("tranche", "kind", "amount", "paid_on", "voucher_number", "recorded_by", "recorded_at")


PROJECT_INLINES.extend([TrancheInline, DisbursementInline])
