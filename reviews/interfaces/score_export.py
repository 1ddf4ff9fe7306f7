"""Excel export of a call's score sheets: one row per expert and application, one column per criterion of the
call (R1), the total, the opinion and the comments. The bureau exports every sheet of the call; an expert only
its own."""

from accounts.rules import is_bureau, is_expert
from documents.registry import Exporter
from documents.xlsx import Column, Kind
from projects.models import AnnualCall

from ..models import Criterion, ScoreSheet

KIND = "reviews.score_sheets"


def _year(params):
    value = params.get("year")
    return int(value) if isinstance(value, int) or (isinstance(value, str) and value.isdigit()) else None


def clean_params(lists) -> dict:
    """Keep the call's year (a known call), drop anything else."""
    values = lists.get("year") or []
    year = str(values[-1]).strip() if values else ""
    if year.isdigit() and len(year) == 4 and AnnualCall.objects.filter(year=int(year)).exists():
        return {"year": int(year)}
    return {}


def queryset(user, params):
    sheets = ScoreSheet.objects.select_related(
        "project__call", "project__enterprise", "expert__expert_profile", "assignment"
    ).prefetch_related("scores")
    year = _year(params)
    if year is None:
        return sheets.none()
    sheets = sheets.filter(project__call__year=year)
    if is_bureau.test(user):
        pass
    elif is_expert.test(user):
        sheets = sheets.filter(expert=user)
    else:
        return sheets.none()
    return sheets.order_by("project_id", "expert_id", "pk")


def _score(sheet, criterion_pk):
    cache = getattr(sheet, "_by_criterion", None)
    if cache is None:
        cache = sheet._by_criterion = {s.criterion_id: s for s in sheet.scores.all()}
    return cache.get(criterion_pk)


def _profile_organisation(sheet):
    profile = getattr(sheet.expert, "expert_profile", None)
    return profile.organisation if profile else ""


def _status(sheet):
    if sheet.assignment.conflict_of_interest:
        return "已回避（不计入）"
    return ScoreSheet.Status(sheet.status).label


def columns(params):
    year = _year(params)
    criteria = list(Criterion.objects.filter(call__year=year).order_by("position")) if year else []
    fixed = [
        Column("项目编号", "project.number"),
        Column("企业名称", "project.enterprise.name"),
        Column("项目名称", "project.title"),
        Column("评审专家", lambda s: s.expert.name or s.expert.username),
        Column("工作单位", _profile_organisation),
        Column("状态", _status),
        Column("提交时间", "submitted_at", Kind.DATETIME),
    ]
    scores = [
        Column(
            f"{c.name}（满分{c.max_score}分）",
            lambda s, pk=c.pk: getattr(_score(s, pk), "value", None),
            Kind.MONEY,
        )
        for c in criteria
    ]
    comments = Column(
        "各项评语",
        lambda s: "；".join(
            f"{c.name}：{_score(s, c.pk).comment}" for c in criteria if _score(s, c.pk) and _score(s, c.pk).comment
        ),
    )
    return [*fixed, *scores, Column("总分", "total", Kind.MONEY), Column("总体评价意见", "opinion"), comments]


def describe_params(params) -> list[str]:
    year = _year(params)
    return [f"年度：{year}"] if year else ["年度：未指定"]


SCORE_EXPORTER = Exporter(
    kind=KIND,
    title="专家评分明细",
    clean_params=clean_params,
    queryset=queryset,
    columns=columns,
    describe_params=describe_params,
)
