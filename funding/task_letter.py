"""The task letter (任务书, S4/G2): its dates, its frozen content, its PDF (the documents engine).

The content is built once, when the bureau issues the letter, from the application (goals, target indicators,
yearly milestones, budget by F5 use) and the call (F2–F4, G2, R5), and kept on ``TaskLetter.content``: the PDF and
the page always show what was issued, whatever changes later.
"""

import calendar
import datetime
from decimal import Decimal

from projects.enums import BudgetUse

TEMPLATE = "funding/pdf/task_letter.html"
TASK_LETTER_DOCUMENT = "funding.task_letter"
ISSUER = "苏州市市场监督管理局（苏州市知识产权局）"

# What the enterprise undertakes by signing (S5, S6, F3, F5).
OBLIGATIONS = (
    "按照本任务书确定的目标、指标和年度计划组织实施，按期完成各项任务。",
    "市级资金专款专用，只用于本任务书所列用途（专利大数据分析研究、高质量高价值专利申请确权与挖掘布局、"
    "关键专利收购许可与战略兼并、品牌培育、技术产品标准化建设），单独核算，接受财政、审计和主管部门的监督检查。",
    "企业自筹知识产权投入不低于市级资金的{percent}%，如实登记投入并保存凭证。",
    "实施期中按时向所在市、区主管部门报送中期报告，接受中期检查；中期检查不合格的，限期整改或中止项目。",
    "实施期满后{months}个月内提出验收申请，报送工作总结、项目经费审计报告和验收申请。",
    "项目实施中发生重大变化的，及时书面报告；未经批准不得擅自变更目标、指标和经费用途。",
)


def add_months(day: datetime.date, months: int) -> datetime.date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def task_letter_dates(project, issued_on: datetime.date) -> dict:
    """G2: the implementation period from the issue date (the call's years, default 2); the mid-term check at its
    half (S5); acceptance due within the call's months after the end (R5)."""
    years = project.call.implementation_years
    ends_on = add_months(issued_on, 12 * years) - datetime.timedelta(days=1)
    return {
        "starts_on": issued_on,
        "ends_on": ends_on,
        "midterm_on": add_months(issued_on, 6 * years),
        "acceptance_due_on": add_months(ends_on, project.call.acceptance_due_months),
    }


def _plain(value) -> str:
    """12.50 → "12.5", 200.00 → "200" (never "2E+2")."""
    return format(Decimal(value).normalize(), "f")


def _money(value) -> str:
    return str(Decimal(value).quantize(Decimal("0.01")))


def task_letter_content(project, *, grant, dates) -> dict:
    """Everything the task letter says, as JSON-able data (frozen on issuing)."""
    call = project.call
    enterprise = project.enterprise
    application = getattr(project, "application", None)
    uses = dict(BudgetUse.choices)
    lines = list(project.budget_lines.order_by("pk"))
    starts_on = dates["starts_on"]
    milestones = []
    for m in project.milestones.order_by("year_index", "pk"):
        begin = add_months(starts_on, 12 * (m.year_index - 1))
        end = add_months(starts_on, 12 * m.year_index) - datetime.timedelta(days=1)
        milestones.append(
            {"year_index": m.year_index, "from": begin.isoformat(), "to": end.isoformat(), "content": m.content}
        )
    first = min(call.first_tranche_amount, grant.amount)
    reward_cap = max(Decimal("0"), min(call.max_reward_amount, grant.amount - first))
    own_required = (grant.amount * call.min_own_investment_percent / 100).quantize(Decimal("0.01"))
    return {
        "issuer": ISSUER,
        "year": call.year,
        "project": {"number": project.number, "title": project.title, "industry": str(project.industry or "")},
        "enterprise": {
            "name": enterprise.name,
            "uscc": enterprise.uscc,
            "district": project.district.name,
            "address": enterprise.address,
            "contact_person": application.contact_person if application else "",
            "contact_phone": application.contact_phone if application else "",
        },
        "goals": application.goals if application else "",
        "measures": [
            {"label": label, "text": getattr(application, field, "")}
            for field, label in (
                ("measures_k1", "专利大数据分析与研发策略"),
                ("measures_k2", "知识产权运用"),
                ("measures_k3", "知识产权资源建设"),
            )
            if application and getattr(application, field, "")
        ],
        "indicators": [
            {
                "name": i.name,
                "unit": i.unit,
                "baseline": _plain(i.baseline),
                "target": _plain(i.target),
            }
            for i in project.indicators.order_by("pk")
        ],
        "milestones": milestones,
        "budget": [
            {
                "use": line.use,
                "label": uses.get(line.use, line.use),
                "government": _money(line.government_amount),
                "own": _money(line.own_amount),
            }
            for line in lines
        ],
        "budget_government_total": _money(sum((line.government_amount for line in lines), Decimal("0"))),
        "budget_own_total": _money(sum((line.own_amount for line in lines), Decimal("0"))),
        "funding": {
            "approved": _money(grant.amount),
            "first_tranche": _money(first),
            "reward_cap": _money(reward_cap),
            "own_required": _money(own_required),
            "own_percent": _plain(call.min_own_investment_percent),
            "own_planned": _money(project.own_investment),
        },
        "period_years": call.implementation_years,
        "dates": {key: value.isoformat() for key, value in dates.items()},
        "obligations": [
            text.format(percent=_plain(call.min_own_investment_percent), months=call.acceptance_due_months)
            for text in OBLIGATIONS
        ],
    }


def task_letter_context(letter) -> dict:
    return {"letter": letter, "c": letter.content}


def task_letter_filename(letter, document=None) -> str:
    project = letter.project
    return f"{project.number}_{project.enterprise.name}_任务书.pdf"


def task_letter_document_kind():
    from documents.kinds import DocumentKind
    from projects.access import may_view_project

    return DocumentKind(
        key=TASK_LETTER_DOCUMENT,
        title="任务书PDF",
        template=TEMPLATE,
        context=task_letter_context,
        source=lambda letter: {"content": letter.content},
        filename=task_letter_filename,
        may_view=lambda user, letter: may_view_project.test(user, letter.project),
    )
