"""Admin for the directory: districts and industry chains (reference data), enterprises (the USCC check exception
recorded by a bureau admin only) and sign-up requests (read-only: decided in the review queue)."""

from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from accounts.rules import is_bureau
from common.admin import ReadOnlyAdminMixin
from common.identifiers import normalize_uscc, uscc_errors

from .models import (
    FLAG_GROUPS,
    PRIORITY,
    PROFILE_FIELDS,
    RELAXATION,
    District,
    Enterprise,
    IndustryChain,
    RegistrationRequest,
)
from .services import enterprise_create, enterprise_record_uscc_exception


# ---- reference data -------------------------------------------------------------------------------------------
@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "sort_order", "is_active")
    list_editable = ("sort_order", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name", "code")


@admin.register(IndustryChain)
class IndustryChainAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "sort_order", "is_active")
    list_editable = ("sort_order", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name",)


# ---- enterprises ----------------------------------------------------------------------------------------------
def flag_group_filter(group):
    """A yes/no list filter: any flag of ``group`` (P or X) set."""

    class FlagGroupFilter(admin.SimpleListFilter):
        title = f"{group.label}（{group.code}）"
        parameter_name = group.code.lower()

        def lookups(self, request, model_admin):
            return (("yes", "是"), ("no", "否"))

        def queryset(self, request, queryset):
            if self.value() == "yes":
                return queryset.filter(group.q())
            if self.value() == "no":
                return queryset.exclude(group.q())
            return queryset

    return FlagGroupFilter


class EnterpriseAdminForm(forms.ModelForm):
    """The USCC is checked by ``Enterprise.clean``; a check exception is recorded only by a bureau admin (the field
    is read-only for everyone else) and, once recorded, is not cleared here."""

    class Meta:
        model = Enterprise
        fields = ("uscc", "district", *PROFILE_FIELDS, "uscc_exception_reason")

    def clean(self):
        cleaned = super().clean()
        if "uscc_exception_reason" not in self.fields:
            return cleaned
        reason = (cleaned.get("uscc_exception_reason") or "").strip()
        cleaned["uscc_exception_reason"] = reason
        previous = self.instance.uscc_exception_reason if self.instance.pk else ""
        if reason == previous:
            return cleaned
        if previous and not reason:
            self.add_error("uscc_exception_reason", "已登记的校验例外不能清空。")
        elif reason and "uscc" in cleaned and not uscc_errors(normalize_uscc(cleaned["uscc"])):
            self.add_error("uscc_exception_reason", "该统一社会信用代码校验通过，无需登记例外。")
        return cleaned


@admin.register(Enterprise)
class EnterpriseAdmin(SimpleHistoryAdmin):
    form = EnterpriseAdminForm
    list_display = ("name", "uscc", "district", "industry", "has_priority", "may_be_relaxed", "is_talent_enterprise")
    list_filter = (
        "district",
        "industry",
        *(flag_group_filter(group) for group in FLAG_GROUPS),
        *PRIORITY.fields,
        *RELAXATION.fields,
        "is_talent_enterprise",
    )
    search_fields = ("name", "uscc")
    list_select_related = ("district", "industry")
    fieldsets = (
        ("基本信息", {"fields": ("name", "uscc", "district", "industry", "founded_on", "address")}),
        ("联系方式", {"fields": ("contact_person", "contact_phone", "contact_email")}),
        (f"{PRIORITY.label}（P）", {"fields": PRIORITY.fields}),
        (f"{RELAXATION.label}（X）", {"fields": (*RELAXATION.fields, "flags_evidence")}),
        ("创新创业人才类（T）", {"fields": ("is_talent_enterprise",)}),
        (
            "统一社会信用代码校验例外",
            {
                "fields": ("uscc_exception_reason", "uscc_exception_by", "uscc_exception_at"),
                "description": "仅用于确属真实、但校验位不符合 GB 32100 的早期代码；只有市知识产权局管理员可以登记。",
            },
        ),
        ("记录", {"fields": ("created_at",)}),
    )

    @admin.display(description="优先（P）", boolean=True)
    def has_priority(self, obj):
        return obj.has_priority

    @admin.display(description="放宽（X）", boolean=True)
    def may_be_relaxed(self, obj):
        return obj.may_be_relaxed

    def get_readonly_fields(self, request, obj=None):
        fields = ["uscc_exception_by", "uscc_exception_at", "created_at"]
        if not is_bureau.test(request.user):
            fields.insert(0, "uscc_exception_reason")
        return fields

    def save_model(self, request, obj, form, change):
        data = dict(form.cleaned_data)
        reason = data.pop("uscc_exception_reason", "")
        if not change:
            # Creation goes through the service, which records who accepted a check exception and when.
            uscc = data.pop("uscc")
            created = enterprise_create(by=request.user, uscc=uscc, uscc_exception_reason=reason, **data)
            for field in Enterprise._meta.concrete_fields:
                setattr(obj, field.attname, getattr(created, field.attname))
            obj._state.adding = False
            obj._state.db = created._state.db
            return
        newly_recorded = "uscc_exception_reason" in form.changed_data and reason
        if newly_recorded:
            obj.uscc_exception_reason = form.initial.get("uscc_exception_reason") or ""
        if set(form.changed_data) - {"uscc_exception_reason"}:
            obj._change_reason = "后台修改企业信息"
            obj.save()
        if newly_recorded:
            recorded = enterprise_record_uscc_exception(enterprise=obj, by=request.user, reason=reason)
            obj.uscc_exception_reason = recorded.uscc_exception_reason
            obj.uscc_exception_by = recorded.uscc_exception_by
            obj.uscc_exception_at = recorded.uscc_exception_at


@admin.register(RegistrationRequest)
class RegistrationRequestAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Approved or refused in the district/bureau review queue; the password hash is never shown."""

    exclude = ("password_hash",)
    list_display = ("enterprise_name", "uscc", "district", "contact_person", "username", "status", "created_at")
    list_filter = ("status", "district")
    search_fields = ("enterprise_name", "uscc", "username", "contact_person")
    list_select_related = ("district",)
    date_hierarchy = "created_at"
