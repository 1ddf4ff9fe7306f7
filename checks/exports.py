"""The checks' xlsx columns (documents/xlsx.py: text-safe, numbers as numbers): the continue list, the suspend list
with its wind-up, the acceptance results."""

from django.utils import timezone

from documents.xlsx import Column, Kind


def _last_decision(project):
    decisions = list(project.midterm_decisions.all())  # prefetched, newest first
    return decisions[0] if decisions else None


def _decided_on(project):
    decision = _last_decision(project)
    return timezone.localtime(decision.decided_at).date() if decision else None


def _reason(project):
    decision = _last_decision(project)
    return decision.reason if decision else ""


def _windup(project, name):
    windup = getattr(project, "wind_up", None)
    return getattr(windup, name) if windup is not None else None


COMMON = [
    Column("项目编号", "number"),
    Column("企业名称", "enterprise.name"),
    Column("统一社会信用代码", "enterprise.uscc"),
    Column("推荐单位", "district.name"),
    Column("项目名称", "title"),
    Column("申请市级资金（元）", "government_funding", Kind.MONEY),
]
CONTINUE_COLUMNS = [*COMMON, Column("决定日期", _decided_on, Kind.DATE), Column("检查意见", _reason)]
SUSPEND_COLUMNS = [
    *COMMON,
    Column("中止日期", _decided_on, Kind.DATE),
    Column("中止理由", _reason),
    Column("中止时已拨付（元）", lambda p: _windup(p, "disbursed_at_suspension"), Kind.MONEY),
    Column("应收回资金（元）", lambda p: _windup(p, "amount_to_recover"), Kind.MONEY),
    Column("实际收回资金（元）", lambda p: _windup(p, "recovered_amount"), Kind.MONEY),
    Column("收回日期", lambda p: _windup(p, "recovered_on"), Kind.DATE),
    Column(
        "清理结果",
        lambda p: (
            (_windup(p, "get_outcome_display")() or "清理中") if getattr(p, "wind_up", None) is not None else "清理中"
        ),
    ),
]
ACCEPTANCE_COLUMNS = [
    Column("项目编号", "project.number"),
    Column("企业名称", "project.enterprise.name"),
    Column("推荐单位", "project.district.name"),
    Column("项目名称", "project.title"),
    Column("验收结论", lambda a: a.get_outcome_display()),
    Column("验收等级", "grade"),
    Column("总体完成率（%）", lambda a: a.completion_percent, Kind.MONEY),
    Column("核定验收奖励（元）", "reward_amount", Kind.MONEY),
    Column("评定日期", lambda a: timezone.localtime(a.decided_at).date(), Kind.DATE),
    Column("评定意见", "reason"),
]
