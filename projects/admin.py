"""Admin for reference data, annual calls, enterprises, projects, their application sections and the audit trail.

State never changes by editing a form here. ``Project.status`` is read-only; it moves only through the action
“执行流程操作”, which calls ``projects.services.project_act`` once per selected project. Rows that services write
(snapshots, attachments, tranches, audit rows, ...) are shown read-only.
"""

from django import forms
from django.apps import apps
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.html import format_html, format_html_join
from django_fsm_log.models import StateLog
from simple_history.admin import SimpleHistoryAdmin

from accounts.models import RegistrationRequest, Role
from accounts.rules import is_bureau
from dengfeng.feedback import error_messages
from funding.models import Tranche
from reviews.models import ExpertAssignment, FormalReview

from .enums import Status
from .identifiers import normalize_uscc, uscc_errors
from .models import (
    PRIORITY_FLAGS,
    PROFILE_FIELDS,
    RELAXATION_FLAGS,
    AnnualCall,
    Application,
    Attachment,
    BudgetLine,
    District,
    Enterprise,
    ExportJob,
    IndustryChain,
    Milestone,
    Partner,
    Patent,
    Project,
    Snapshot,
    Standard,
    TargetIndicator,
)
from .selectors import project_timeline
from .services import (
    enterprise_create,
    enterprise_record_uscc_exception,
    parse_amount,
    project_act,
    project_available_steps,
)
from .workflow import STEPS

STATUS_LABELS = dict(Status.choices)
# Steps taken on a page of their own (the formal review checklist) are not offered by the admin action.
ADMIN_STEPS = {name: step for name, step in STEPS.items() if not getattr(step, "page", "")}
REGISTRATION_STEPS = {"approve": "通过注册申请", "refuse": "不予通过注册申请"}


def _when(value):
    return date_format(timezone.localtime(value), "Y年n月j日 H:i") if value else ""


# ---- shared ---------------------------------------------------------------------------------------------------
class ReadOnlyAdminMixin:
    """Rows that services write: the admin shows them and never adds, changes or deletes them."""

    def get_fields(self, request, obj=None):
        if self.fields:
            return self.fields
        excluded = set(self.exclude or ())
        return [f.name for f in self.model._meta.fields if not f.auto_created and f.name not in excluded]

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyTabularInline(ReadOnlyAdminMixin, admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True


class ProjectPartAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """A section or record of one project, read-only: the enterprise edits it through the application pages."""

    list_select_related = ("project__call", "project__enterprise")
    list_filter = ("project__call", "project__district")
    search_fields = ("project__enterprise__name", "project__enterprise__uscc", "project__title")


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


@admin.register(AnnualCall)
class AnnualCallAdmin(SimpleHistoryAdmin):
    list_display = ("year", "title", "document_number", "application_opens_on", "application_closes_on", "max_projects")
    search_fields = ("title", "document_number")
    filter_horizontal = ("supported_industries",)
    fieldsets = (
        (
            "基本信息",
            {
                "fields": (
                    "year",
                    "title",
                    "document_number",
                    "published_on",
                    "programme_target",
                    "implementation_years",
                    "supported_industries",
                )
            },
        ),
        (
            "日期",
            {
                "fields": (
                    ("application_opens_on", "application_closes_on"),
                    "district_review_deadline",
                    ("expert_review_starts_on", "expert_review_ends_on"),
                    ("midterm_opens_on", "midterm_closes_on"),
                    ("acceptance_opens_on", "acceptance_closes_on"),
                )
            },
        ),
        (
            "申报条件（E3/T）",
            {
                "fields": (
                    ("e3a_min_valid_invention_patents", "e3a_min_foreign_applications"),
                    ("e3b_min_valid_invention_patents", "e3b_min_foreign_grants"),
                    "t1_min_years_established",
                    ("t3a_min_valid_invention_patents", "t3a_min_foreign_applications"),
                    ("t3b_min_valid_invention_patents", "t3b_min_foreign_grants"),
                )
            },
        ),
        (
            "经费（F）",
            {
                "fields": (
                    "max_projects",
                    "max_government_funding",
                    "min_own_investment_percent",
                    "first_tranche_amount",
                    "max_reward_amount",
                )
            },
        ),
        (
            "评审与公示（R）",
            {
                "fields": (
                    "min_experts_per_project",
                    "district_recommendation_limit",
                    "review_checklist",
                    "required_attachments",
                    "max_attachment_mb",
                    "notice_working_days",
                    "acceptance_due_months",
                )
            },
        ),
    )


# ---- enterprises ----------------------------------------------------------------------------------------------
class FlagGroupFilter(admin.SimpleListFilter):
    flags: tuple = ()

    def lookups(self, request, model_admin):
        return (("yes", "是"), ("no", "否"))

    def queryset(self, request, queryset):
        any_flag = None
        for flag in self.flags:
            condition = Q(**{flag: True})
            any_flag = condition if any_flag is None else any_flag | condition
        if self.value() == "yes":
            return queryset.filter(any_flag)
        if self.value() == "no":
            return queryset.exclude(any_flag)
        return queryset


class PriorityFilter(FlagGroupFilter):
    title = "同等条件优先支持（P）"
    parameter_name = "priority"
    flags = PRIORITY_FLAGS


class RelaxationFilter(FlagGroupFilter):
    title = "可适当放宽条件（X）"
    parameter_name = "relaxed"
    flags = RELAXATION_FLAGS


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
        PriorityFilter,
        RelaxationFilter,
        *PRIORITY_FLAGS,
        *RELAXATION_FLAGS,
        "is_talent_enterprise",
    )
    search_fields = ("name", "uscc")
    list_select_related = ("district", "industry")
    fieldsets = (
        ("基本信息", {"fields": ("name", "uscc", "district", "industry", "founded_on", "address")}),
        ("联系方式", {"fields": ("contact_person", "contact_phone", "contact_email")}),
        ("同等条件优先支持（P）", {"fields": PRIORITY_FLAGS}),
        ("可适当放宽条件（X）", {"fields": (*RELAXATION_FLAGS, "flags_evidence")}),
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


# ---- projects -------------------------------------------------------------------------------------------------
class TransitionForm(forms.Form):
    """The intermediate page of “执行流程操作”: one step, its comment, and the reward amount for ``accept``."""

    transition = forms.ChoiceField(
        label="流程操作",
        choices=[("", "请选择")]
        + [
            (f"由{role.label}办理", [(name, step.label) for name, step in ADMIN_STEPS.items() if step.actor == role])
            for role in Role
            if any(step.actor == role for step in ADMIN_STEPS.values())
        ],
    )
    comment = forms.CharField(
        label="意见或理由",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text="记入每个项目的流程记录；退回、中止、不通过等操作必须填写。",
    )
    reward_amount = forms.CharField(
        label="验收奖励金额（元）",
        required=False,
        help_text="仅“验收通过”时填写，不超过该年度指南的验收奖励上限（F4）。",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, label_suffix="：", **kwargs)

    def clean(self):
        cleaned = super().clean()
        step = STEPS.get(cleaned.get("transition") or "")
        if step is None:
            return cleaned
        cleaned["comment"] = (cleaned.get("comment") or "").strip()
        if step.requires_comment and not cleaned["comment"]:
            self.add_error("comment", f"“{step.label}”必须填写理由或意见。")
        amount = (cleaned.get("reward_amount") or "").strip()
        if cleaned["transition"] == "accept":
            if not amount:
                self.add_error("reward_amount", "“验收通过”必须填写验收奖励金额（元）。")
            else:
                try:
                    parse_amount(amount, field="reward_amount", label="验收奖励金额")
                except ValidationError as exc:
                    self.add_error("reward_amount", exc.messages)
        elif amount:
            self.add_error("reward_amount", "只有“验收通过”需要填写验收奖励金额。")
        return cleaned


class ExpertAssignmentInline(ReadOnlyTabularInline):
    model = ExpertAssignment
    fields = ("expert", "conflict_of_interest", "conflict_reason", "assigned_at")
    verbose_name_plural = "专家分配（在“专家分配”中维护）"


class FormalReviewInline(ReadOnlyTabularInline):
    model = FormalReview
    fields = ("round", "decision", "opinion", "reviewer", "decided_at", "enterprise_response")


class TrancheInline(ReadOnlyTabularInline):
    model = Tranche
    fields = ("kind", "amount", "decided_by", "decided_at", "paid_on")


class SnapshotInline(ReadOnlyTabularInline):
    model = Snapshot
    fields = ("version", "created_by", "created_at")


class AttachmentInline(ReadOnlyTabularInline):
    model = Attachment
    fields = ("slot", "original_name", "content_type", "size", "uploaded_by", "uploaded_at")


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ("number", "enterprise", "district", "call_year", "title", "status", "government_funding")
    list_display_links = ("number", "enterprise")
    list_filter = ("call", "district", "status")
    search_fields = ("enterprise__name", "enterprise__uscc", "title")
    list_select_related = ("call", "enterprise", "district")
    actions = ["run_transition"]
    fieldsets = (
        ("项目", {"fields": ("number", "call", "enterprise", "district", "title", "industry", "application_link")}),
        (
            "状态",
            {
                "fields": (
                    "status",
                    "submitted_at",
                    "eligibility_track",
                    "eligibility_verdict",
                    "recommendation_order",
                ),
                "description": "状态只能通过项目列表中的“执行流程操作”改变，每次改变都记入流程记录。",
            },
        ),
        ("经费", {"fields": ("government_funding", "own_investment")}),
        ("流程记录", {"fields": ("timeline",)}),
        ("记录", {"fields": ("created_at", "updated_at")}),
    )
    readonly_fields = (
        "number",
        "call",
        "enterprise",
        "district",
        "title",
        "industry",
        "application_link",
        "status",
        "submitted_at",
        "eligibility_track",
        "eligibility_verdict",
        "recommendation_order",
        "government_funding",
        "own_investment",
        "timeline",
        "created_at",
        "updated_at",
    )
    inlines = (ExpertAssignmentInline, FormalReviewInline, TrancheInline, SnapshotInline, AttachmentInline)

    def has_add_permission(self, request):
        return False  # an application is opened by its enterprise (projects.services.project_create)

    def has_delete_permission(self, request, obj=None):
        return False  # the audit trail and funding records refer to it

    @admin.display(description="项目编号", ordering="pk")
    def number(self, obj):
        return obj.number

    @admin.display(description="年度", ordering="call__year")
    def call_year(self, obj):
        return obj.call.year

    @admin.display(description="申报书内容")
    def application_link(self, obj):
        application = Application.objects.filter(project=obj).only("pk").first()
        if application is None:
            return "—"
        url = reverse("admin:projects_application_change", args=[application.pk])
        return format_html('<a href="{}">查看申报书内容</a>', url)

    @admin.display(description="流程记录")
    def timeline(self, obj):
        logs = list(project_timeline(obj))
        if not logs:
            return "暂无流程记录。"
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    _when(log.timestamp),
                    STEPS[log.transition].label if log.transition in STEPS else log.transition,
                    STATUS_LABELS.get(log.source_state, log.source_state or "—"),
                    STATUS_LABELS.get(log.state, log.state),
                    log.by or "系统",
                    log.description or "",
                )
                for log in logs
            ),
        )
        return format_html(
            '<table class="project-timeline"><thead><tr><th>时间</th><th>操作</th><th>原状态</th><th>新状态</th>'
            "<th>操作人</th><th>意见</th></tr></thead><tbody>{}</tbody></table>",
            rows,
        )

    @admin.action(description="执行流程操作", permissions=["change"])
    def run_transition(self, request, queryset):
        """Pick a step and a comment on an intermediate page, then run it on each selected project through the
        service, each in its own transaction: one project's failure leaves the others done."""
        projects = list(queryset.select_related("call", "enterprise", "district").order_by("pk"))
        form = TransitionForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            name = form.cleaned_data["transition"]
            label = STEPS[name].label
            for project in projects:
                who = f"{project.number} {project.enterprise.name}"
                try:
                    project_act(
                        project=project,
                        transition=name,
                        by=request.user,
                        comment=form.cleaned_data["comment"],
                        reward_amount=form.cleaned_data["reward_amount"] or None,
                    )
                except (PermissionDenied, ValidationError) as exc:
                    reasons = "".join(error_messages(exc))
                    self.message_user(request, f"{who}：未能执行“{label}”。{reasons}", messages.ERROR)
                else:
                    status = project.get_status_display()
                    self.message_user(request, f"{who}：已执行“{label}”，当前状态为“{status}”。", messages.SUCCESS)
            return None  # back to the list, filters kept
        rows = [
            {
                "project": p,
                "steps": [
                    step.label
                    for name, step in project_available_steps(project=p, user=request.user)
                    if name in ADMIN_STEPS
                ],
            }
            for p in projects
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": "执行流程操作",
            "opts": self.model._meta,
            "form": form,
            "rows": rows,
            "action_name": "run_transition",
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "select_across": request.POST.get("select_across", "0"),
            "media": self.media + form.media,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/projects/project/run_transition.html", context)


# ---- the application's sections and records (read-only) ------------------------------------------------------
@admin.register(Application)
class ApplicationAdmin(ProjectPartAdmin):
    list_display = ("project", "contact_person", "rd_institution_level", "valid_invention_patents", "updated_at")
    fieldsets = (
        ("项目", {"fields": ("project",)}),
        ("基本信息", {"fields": ("contact_person", "contact_phone", "contact_email")}),
        ("研发机构（E1）", {"fields": ("rd_institution_level", "rd_institution_name")}),
        (
            "知识产权管理（E2）",
            {"fields": ("has_ip_department", "ip_department_name", "ip_staff_count", "has_ip_strategy_plan")},
        ),
        ("贯标认证（T2）", {"fields": ("certification_body", "certification_number", "certification_date")}),
        (
            "知识产权数量（E3/T3/T4）",
            {
                "fields": (
                    "valid_invention_patents",
                    "foreign_invention_applications",
                    "foreign_invention_grants",
                    "registered_trademarks",
                )
            },
        ),
        ("实施方案（K1–K3）", {"fields": ("goals", "measures_k1", "measures_k2", "measures_k3")}),
        ("记录", {"fields": ("updated_at",)}),
    )

    def get_readonly_fields(self, request, obj=None):
        return [name for _, options in self.fieldsets for name in options["fields"]]


@admin.register(Partner)
class PartnerAdmin(ProjectPartAdmin):
    list_display = ("name", "kind", "project", "is_joint_applicant")
    list_filter = ("kind", *ProjectPartAdmin.list_filter)


@admin.register(Standard)
class StandardAdmin(ProjectPartAdmin):
    list_display = ("number", "name", "level", "project")
    list_filter = ("level", *ProjectPartAdmin.list_filter)


@admin.register(Milestone)
class MilestoneAdmin(ProjectPartAdmin):
    list_display = ("project", "year_index", "content")


@admin.register(TargetIndicator)
class TargetIndicatorAdmin(ProjectPartAdmin):
    list_display = ("project", "name", "baseline", "target", "unit")


@admin.register(BudgetLine)
class BudgetLineAdmin(ProjectPartAdmin):
    list_display = ("project", "use", "government_amount", "own_amount")
    list_filter = ("use", *ProjectPartAdmin.list_filter)


@admin.register(Patent)
class PatentAdmin(ProjectPartAdmin):
    list_display = ("number", "title", "type", "legal_status", "jurisdiction", "project")
    list_filter = ("type", "legal_status", *ProjectPartAdmin.list_filter)
    search_fields = ("number", "title", *ProjectPartAdmin.search_fields)


@admin.register(Attachment)
class AttachmentAdmin(ProjectPartAdmin):
    """Files are downloaded through the access-checked application pages, never from a media URL."""

    exclude = ("file",)
    list_display = ("original_name", "slot", "project", "size", "uploaded_by", "uploaded_at")
    list_filter = ("slot", *ProjectPartAdmin.list_filter)
    list_select_related = ("uploaded_by", *ProjectPartAdmin.list_select_related)


@admin.register(Snapshot)
class SnapshotAdmin(ProjectPartAdmin):
    list_display = ("project", "version", "created_by", "created_at")
    list_select_related = ("created_by", *ProjectPartAdmin.list_select_related)


@admin.register(ExportJob)
class ExportJobAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Export files belong to the user who asked; the admin shows the job, not the file."""

    exclude = ("file",)
    list_display = ("user", "status", "total", "done_rows", "created_at", "finished_at")
    list_filter = ("status",)
    list_select_related = ("user",)
    search_fields = ("user__username", "user__name")


# ---- the audit trail (django-fsm-log) -------------------------------------------------------------------------
# Chinese names for the package's model and app in the admin. Only ``_meta`` is relabelled, not the declared
# Meta options (``original_attrs``) or the fields, so migrations do not see a change.
StateLog._meta.verbose_name = "流程操作记录"
StateLog._meta.verbose_name_plural = "流程操作记录"
apps.get_app_config("django_fsm_log").verbose_name = "流程审计"


class ObjectTypeFilter(admin.SimpleListFilter):
    title = "对象类型"
    parameter_name = "type"

    def lookups(self, request, model_admin):
        used = StateLog.objects.order_by().values("content_type").distinct()
        return [
            (ct.pk, ct.model_class()._meta.verbose_name)
            for ct in ContentType.objects.filter(pk__in=used)
            if ct.model_class() is not None
        ]

    def queryset(self, request, queryset):
        return queryset.filter(content_type_id=self.value()) if self.value() else queryset


class TransitionFilter(admin.SimpleListFilter):
    title = "操作"
    parameter_name = "transition"

    def lookups(self, request, model_admin):
        return [(name, step.label) for name, step in STEPS.items()] + list(REGISTRATION_STEPS.items())

    def queryset(self, request, queryset):
        return queryset.filter(transition=self.value()) if self.value() else queryset


class StateLogAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("time", "subject", "operation", "source", "target", "actor", "comment")
    list_display_links = ("time",)
    list_filter = (ObjectTypeFilter, TransitionFilter)
    search_fields = ("description", "by__username", "by__name")
    date_hierarchy = "timestamp"
    fields = ("time", "subject", "operation", "source", "target", "actor", "comment")
    ordering = ("-timestamp", "-pk")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("by", "content_type")
            .prefetch_related(
                GenericPrefetch(
                    "content_object",
                    [Project.objects.select_related("call", "enterprise"), RegistrationRequest.objects.all()],
                )
            )
        )

    @admin.display(description="时间", ordering="timestamp")
    def time(self, obj):
        return _when(obj.timestamp)

    @admin.display(description="对象")
    def subject(self, obj):
        target = obj.content_object
        if target is None:
            return f"{obj.content_type.name} #{obj.object_id}（已删除）"
        try:
            url = reverse(f"admin:{obj.content_type.app_label}_{obj.content_type.model}_change", args=[obj.object_id])
        except NoReverseMatch:
            return str(target)
        return format_html('<a href="{}">{}</a>', url, target)

    @admin.display(description="操作", ordering="transition")
    def operation(self, obj):
        if obj.content_type.model_class() is Project and obj.transition in STEPS:
            return STEPS[obj.transition].label
        if obj.content_type.model_class() is RegistrationRequest:
            return REGISTRATION_STEPS.get(obj.transition, obj.transition)
        return obj.transition

    @admin.display(description="原状态")
    def source(self, obj):
        if obj.source_state is None:
            return "—"
        return obj.get_source_state_display() if obj.content_type.model_class() else obj.source_state

    @admin.display(description="新状态")
    def target(self, obj):
        return obj.get_state_display() if obj.content_type.model_class() else obj.state

    @admin.display(description="操作人", ordering="by")
    def actor(self, obj):
        return obj.by or "系统"

    @admin.display(description="意见")
    def comment(self, obj):
        return obj.description or ""


if admin.site.is_registered(StateLog):  # django-fsm-log ships only an inline today; replace its admin if it adds one
    admin.site.unregister(StateLog)
admin.site.register(StateLog, StateLogAdmin)
