"""Admin for annual calls, projects, their application sections and records.

State never changes by editing a form here. ``Project.status`` is read-only; it moves only through the action
“执行流程操作”, which calls the lifecycle funnel once per selected project. Rows that services write (snapshots,
attachments, tranches, audit rows, ...) are shown read-only. Other apps add their inlines to the project page
through ``PROJECT_INLINES`` (in their own ``admin.py``).
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.views.main import PAGE_VAR
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin

from accounts.models import Role
from common.admin import ActionCheckboxMixin, ReadOnlyAdminMixin, ReadOnlyTabularInline, RowLinksMixin
from common.feedback import error_messages
from common.formatting import yuan, zh_datetime
from common.pagination import TwoStepPaginator

from .choices import filter_choices
from .enums import Status
from .filters import project_search
from .lifecycle.funnel import project_act, project_available_steps
from .lifecycle.hooks import inputs_of
from .lifecycle.steps import STEPS
from .models import (
    AnnualCall,
    Application,
    Attachment,
    BudgetLine,
    Milestone,
    Partner,
    Patent,
    Project,
    Snapshot,
    Standard,
    TargetIndicator,
)
from .selectors import PROJECT_LISTS, as_list_rows, project_timeline

STATUS_LABELS = dict(Status.choices)


class ProjectPartAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """A section or record of one project, read-only: the enterprise edits it through the application pages."""

    list_select_related = ("project__call", "project__enterprise")
    list_filter = ("project__call", "project__district")
    search_fields = ("project__enterprise__name", "project__enterprise__uscc", "project__title")


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
                    "score_method",
                    "trim_min_sheets",
                    "score_outlier_points",
                    "score_disagreement_std_dev",
                    "notice_shows_scores",
                    "district_recommendation_limit",
                    "review_checklist",
                    "required_attachments",
                    "max_attachment_mb",
                    "notice_period_length",
                    "notice_period_unit",
                    "notice_contact",
                    "notice_supervisor_phone",
                    "reminder_days",
                )
            },
        ),
        (
            "中期检查与验收（S5/S6）",
            {
                "fields": (
                    ("midterm_months_after_start", "midterm_window_days"),
                    "acceptance_due_months",
                    "audit_tolerance_percent",
                    ("acceptance_pass_percent", "acceptance_reconsider_percent"),
                    "acceptance_grades",
                )
            },
        ),
    )


# ---- projects -------------------------------------------------------------------------------------------------
class TransitionForm(forms.Form):
    """The intermediate page of “执行流程操作”: one step, its comment, and the extra inputs a step asks for (e.g. the
    reward amount of ``accept``, registered by the funding app)."""

    transition = forms.ChoiceField(label="流程操作")
    comment = forms.CharField(
        label="意见或理由",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text="记入每个项目的流程记录；退回、中止、不通过等操作必须填写。",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, label_suffix="：", **kwargs)
        steps = admin_steps()
        self.fields["transition"].choices = [("", "请选择")] + [
            (f"由{role.label}办理", [(name, step.label) for name, step in steps.items() if step.actor == role])
            for role in Role
            if any(step.actor == role for step in steps.values())
        ]
        self.inputs = {}  # input name -> the steps that ask for it
        for name in steps:
            for step_input in inputs_of(name):
                if step_input.name not in self.fields:
                    field = step_input.build_field(None)
                    field.required = False
                    self.fields[step_input.name] = field
                self.inputs.setdefault(step_input.name, []).append(name)

    def clean(self):
        cleaned = super().clean()
        step = STEPS.get(cleaned.get("transition") or "")
        if step is None:
            return cleaned
        cleaned["comment"] = (cleaned.get("comment") or "").strip()
        if step.requires_comment and not cleaned["comment"]:
            self.add_error("comment", f"“{step.label}”必须填写理由或意见。")
        for name, step_names in self.inputs.items():
            label = self.fields[name].label
            if step.name in step_names and not cleaned.get(name) and name not in self.errors:
                self.add_error(name, f"“{step.label}”必须填写{label}。")
            elif step.name not in step_names and cleaned.get(name):
                asked = "、".join(f"“{STEPS[n].label}”" for n in step_names)
                self.add_error(name, f"只有{asked}需要填写{label}。")
        return cleaned

    def step_data(self):
        """The chosen step's extra inputs, as the funnel's hooks read them."""
        name = self.cleaned_data["transition"]
        return {key: self.cleaned_data.get(key) for key, steps in self.inputs.items() if name in steps}


def admin_steps():
    """Steps taken on a page of their own (the formal review checklist) are not offered by the admin action."""
    return {name: step for name, step in STEPS.items() if not step.page}


# Inlines other apps show on the project page (appended in their admin.py): formal reviews, experts, tranches.
PROJECT_INLINES: list = []


class SnapshotInline(ReadOnlyTabularInline):
    model = Snapshot
    fields = ("version", "created_by", "created_at")


class AttachmentInline(ReadOnlyTabularInline):
    model = Attachment
    fields = ("slot", "original_name", "content_type", "size", "uploaded_by", "uploaded_at")


def _request_filter_choices(request):
    """The lists' filter choices, read from the shared cache once per request: the page's two filters take theirs
    from the same read (two round trips to the cache were two of a page's eight)."""
    if not hasattr(request, "_project_filter_choices"):
        request._project_filter_choices = filter_choices()
    return request._project_filter_choices


class _CachedChoiceFilter(admin.SimpleListFilter):
    """A filter whose choices are the project lists' own (``projects.choices``, from the shared cache): the related
    field's filter read its rows and built their choices on every request (issue 10). A value that is not one of
    the choices filters nothing."""

    lookup = ""  # the project field the value is matched against

    def pairs(self, choices):
        raise NotImplementedError

    def lookups(self, request, model_admin):
        return self.pairs(_request_filter_choices(request))

    def queryset(self, request, queryset):
        chosen = {str(value): value for value, _ in self.lookup_choices}.get(self.value())  # read once, in __init__
        return queryset if chosen is None else queryset.filter(**{self.lookup: chosen})


class CallYearFilter(_CachedChoiceFilter):
    title = "年度"
    parameter_name = "year"
    lookup = "call__year"

    def pairs(self, choices):
        return [(year, f"{year}年度") for year in choices.years]


class DistrictFilter(_CachedChoiceFilter):
    title = "推荐单位"
    parameter_name = "district"
    lookup = "district_id"

    def pairs(self, choices):
        return choices.districts


@admin.register(Project)
class ProjectAdmin(ActionCheckboxMixin, RowLinksMixin, admin.ModelAdmin):
    list_display = ("number", "enterprise", "district", "call_year", "title", "status_label", "funding")
    list_display_links = ("number", "enterprise")
    list_filter = (CallYearFilter, DistrictFilter, "status")
    search_fields = ("enterprise__name", "enterprise__uscc", "title")
    list_select_related = ("call", "enterprise", "district")
    paginator = TwoStepPaginator  # the page's keys, then its rows (common.pagination)
    list_per_page = 25  # issue 10: a page of the changelist stays small (100 rows were 100 KB, 50 rows 73 KB)
    show_full_result_count = False  # one COUNT(*) per page, not two
    actions = ["run_transition"]

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        """The list's count and page keys from the shared cache, as the project lists keep them (``PROJECT_LISTS``,
        renewed by any change to the rows the filters, search and ordering read; keyed by the list's own SQL)."""
        if queryset.model is not Project:  # the history page pages a project's log entries: not a project list
            return super().get_paginator(request, queryset, per_page, orphans, allow_empty_first_page)
        rows = as_list_rows(queryset)  # the rows read the columns the list shows (the keys query is the same)
        paginator = self.paginator(rows, per_page, orphans, allow_empty_first_page, figures=PROJECT_LISTS)
        paginator.prefetch(request.GET.get(PAGE_VAR, 1))  # the changelist asks count and page apart: one read
        return paginator

    def get_search_results(self, request, queryset, search_term):
        """The list's search (index-served subqueries, no DISTINCT over a join); ``search_fields`` only shows the
        search box and its help."""
        return project_search(queryset, search_term), False

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

    def get_inlines(self, request, obj):
        return [SnapshotInline, AttachmentInline, *PROJECT_INLINES]

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

    @admin.display(description="状态", ordering="status")
    def status_label(self, obj):
        """The state's label from a dict (the field's own display flattens its thirty choices for every row)."""
        return STATUS_LABELS.get(obj.status, obj.status)

    @admin.display(description="申请市级资金", ordering="government_funding")
    def funding(self, obj):
        return yuan(obj.government_funding)  # 1,000,000.00元, as every page writes money

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
                    zh_datetime(log.timestamp),
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
                        data=form.step_data(),
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
                    step.label for name, step in project_available_steps(project=p, user=request.user) if not step.page
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
