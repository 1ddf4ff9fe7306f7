"""Excel export of project lists: the columns (``documents.xlsx.Column``), the rows the user may see, the filters."""

from directory.models import District, IndustryChain
from documents.registry import Exporter
from documents.xlsx import Column, Kind

from ..eligibility import Track, Verdict
from ..enums import Phase, Status
from ..filters import ProjectFilter
from ..models import Project
from ..selectors import projects_visible_to

PROJECT_COLUMNS = (
    Column("项目编号", "number"),
    Column("年度", "call.year", Kind.INTEGER),
    Column("企业名称", "enterprise.name"),
    Column("统一社会信用代码", "enterprise.uscc"),
    Column("推荐单位", "district.name"),
    Column("产业集群/产业链", "industry.name"),
    Column("项目名称", "title"),
    Column("状态", lambda project: Status(project.status).label),  # get_status_display() rebuilds the choices each row
    Column("申报路径", lambda project: Track(project.eligibility_track).label if project.eligibility_track else ""),
    Column(
        "资格审核结果",
        lambda project: Verdict(project.eligibility_verdict).label if project.eligibility_verdict else "",
    ),
    Column("优先条件（P）", lambda project: "、".join(project.priority_labels)),  # as submitted (9.17)
    Column("可放宽条件（X）", lambda project: "、".join(project.relaxation_labels)),
    Column("推荐顺序", "recommendation_order", Kind.INTEGER),
    Column("申请市级资金（元）", "government_funding", Kind.MONEY),
    Column("自筹投入（元）", "own_investment", Kind.MONEY),
    Column("提交时间", "submitted_at", Kind.DATETIME),
)


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
    columns=PROJECT_COLUMNS,
    describe_params=describe_params,
)
