"""Excel export of project lists (django-import-export), with Chinese headers."""

from django.utils import timezone
from import_export import fields, resources

from directory.models import District, IndustryChain
from documents.registry import Exporter

from ..eligibility import Track, Verdict
from ..enums import Phase, Status
from ..filters import ProjectFilter
from ..models import Project
from ..selectors import projects_visible_to


class ProjectExportResource(resources.ModelResource):
    number = fields.Field(column_name="项目编号", attribute="number")
    year = fields.Field(column_name="年度", attribute="call__year")
    enterprise = fields.Field(column_name="企业名称", attribute="enterprise__name")
    uscc = fields.Field(column_name="统一社会信用代码", attribute="enterprise__uscc")
    district = fields.Field(column_name="推荐单位", attribute="district__name")
    industry = fields.Field(column_name="产业集群/产业链", attribute="industry__name")
    title = fields.Field(column_name="项目名称", attribute="title")
    status = fields.Field(column_name="状态", attribute="get_status_display")
    track = fields.Field(column_name="申报路径", attribute="eligibility_track")
    verdict = fields.Field(column_name="资格审核结果", attribute="eligibility_verdict")
    priority = fields.Field(column_name="优先条件（P）")
    relaxation = fields.Field(column_name="可放宽条件（X）")
    order = fields.Field(column_name="推荐顺序", attribute="recommendation_order")
    government_funding = fields.Field(column_name="申请市级资金（元）", attribute="government_funding")
    own_investment = fields.Field(column_name="自筹投入（元）", attribute="own_investment")
    submitted_at = fields.Field(column_name="提交时间")

    class Meta:
        model = Project
        fields = export_order = (
            "number",
            "year",
            "enterprise",
            "uscc",
            "district",
            "industry",
            "title",
            "status",
            "track",
            "verdict",
            "priority",
            "relaxation",
            "order",
            "government_funding",
            "own_investment",
            "submitted_at",
        )

    def dehydrate_priority(self, project):
        return "、".join(project.enterprise.priority_flags)

    def dehydrate_relaxation(self, project):
        return "、".join(project.enterprise.relaxation_flags)

    def dehydrate_track(self, project):
        return Track(project.eligibility_track).label if project.eligibility_track else ""

    def dehydrate_verdict(self, project):
        return Verdict(project.eligibility_verdict).label if project.eligibility_verdict else ""

    def dehydrate_submitted_at(self, project):
        return timezone.localtime(project.submitted_at).strftime("%Y-%m-%d %H:%M") if project.submitted_at else ""


def export_queryset(user, params):
    """The rows of a project export: the list the user sees with the saved filters, in a stable order."""
    queryset = ProjectFilter(params, queryset=projects_visible_to(user)).qs
    return queryset.select_related("call", "enterprise", "district", "industry").order_by("call__year", "pk")


def clean_export_params(lists) -> dict:
    """Keep the list page's filters (a dict of lists), dropping values the filter form refuses."""
    raw = {}
    for key, values in lists.items():
        if key in ProjectFilter.base_filters and any(values):
            raw[key] = values if key == "status" else values[-1]
    form = ProjectFilter(raw, queryset=Project.objects.none()).form
    form.is_valid()
    return {key: value for key, value in raw.items() if key not in form.errors}


def describe_params(params) -> list[str]:
    """The saved filters in words, e.g. ["市、区：昆山市", "状态：待形式审查、草稿"], for the export page."""
    names = {
        "district": lambda v: District.objects.filter(pk=v).values_list("name", flat=True).first() or v,
        "industry": lambda v: IndustryChain.objects.filter(pk=v).values_list("name", flat=True).first() or v,
        "phase": lambda v: Phase(int(v)).label if str(v).isdigit() and int(v) in Phase.values else v,
        "status": lambda v: Status(v).label if v in Status.values else v,
    }
    described = []
    for key, value in params.items():
        label = ProjectFilter.base_filters[key].label if key in ProjectFilter.base_filters else key
        values = value if isinstance(value, list) else [value]
        described.append(f"{label}：{'、'.join(str(names.get(key, str)(v)) for v in values)}")
    return described


PROJECT_EXPORTER = Exporter(
    kind="projects",
    title="项目清单",
    clean_params=clean_export_params,
    queryset=export_queryset,
    resource=ProjectExportResource,
    describe_params=describe_params,
)
