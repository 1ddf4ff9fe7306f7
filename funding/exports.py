"""The ledger's xlsx exports (``documents.xlsx``: text-safe cells, money as numbers).

- ``write_summary``: one row per funded project — approved (F2), planned (F4), disbursed, own investment (F3) and
  its ratio; one query for the projects with their figures.
- ``write_entries``: every ledger line of the projects — grants, tranches, disbursements and reversals, own
  investment and reversals; four queries whatever the number of projects.
"""

from dataclasses import dataclass
from decimal import Decimal

from documents.xlsx import Column, Kind, write_xlsx

from .models import Grant
from .selectors import ledger_entries, own_investment_ratio


def _ratio(project):
    ratio = own_investment_ratio(project.ledger_own, project.ledger_approved)
    return "" if ratio is None else f"{ratio}%"


SUMMARY_COLUMNS = (
    Column("项目编号", "number"),
    Column("年度", "call.year", Kind.INTEGER),
    Column("承担企业", "enterprise.name"),
    Column("统一社会信用代码", "enterprise.uscc"),
    Column("推荐单位", "district.name"),
    Column("状态", lambda p: p.get_status_display()),
    Column("核定市级资金（元）", "ledger_approved", Kind.MONEY),
    Column("已核定分期经费（元）", "ledger_committed", Kind.MONEY),
    Column("已拨付（元）", "ledger_disbursed", Kind.MONEY),
    Column("待拨付（元）", lambda p: p.ledger_committed - p.ledger_disbursed, Kind.MONEY),
    Column("企业自筹投入（元）", "ledger_own", Kind.MONEY),
    Column("自筹投入占市级资金比例", _ratio),
)


def write_summary(file, projects) -> int:
    return write_xlsx(file, title="经费台账", columns=SUMMARY_COLUMNS, rows=projects.iterator(chunk_size=500))


@dataclass
class Line:
    project: object
    kind: str
    category: str
    amount: Decimal
    date: object
    reference: str
    note: str
    by: str


ENTRY_COLUMNS = (
    Column("项目编号", lambda line: line.project.number),
    Column("承担企业", lambda line: line.project.enterprise.name),
    Column("推荐单位", lambda line: line.project.district.name),
    Column("台账类型", "kind"),
    Column("经费类别/用途", "category"),
    Column("金额（元）", "amount", Kind.MONEY),
    Column("日期", "date", Kind.DATE),
    Column("凭证号", "reference"),
    Column("说明", "note"),
    Column("登记人", "by"),
)


def _who(user):
    return (getattr(user, "name", "") or user.get_username()) if user else ""


def entry_lines(projects):
    tranches, disbursements, investments = ledger_entries(projects)
    grants = Grant.objects.filter(project__in=projects.order_by().values("pk")).select_related(
        "project__enterprise", "project__district", "project__call", "decided_by"
    )
    lines = []
    for g in grants:
        lines.append(
            Line(g.project, "核定市级资金", "市级资金（F2）", g.amount, g.decided_at.date(), "", "", _who(g.decided_by))
        )
    for t in tranches:
        lines.append(
            Line(
                t.project,
                "分期经费计划",
                t.get_kind_display(),
                t.amount,
                t.decided_at.date(),
                "",
                f"已拨付{t.disbursed}元",
                _who(t.decided_by),
            )
        )
    for d in disbursements:
        note = f"冲销凭证号{d.reverses.voucher_number}：{d.reason}" if d.reverses_id else ""
        lines.append(
            Line(
                d.project,
                d.get_kind_display() + "（拨付）",
                d.tranche.get_kind_display(),
                d.amount,
                d.paid_on,
                d.voucher_number,
                note,
                _who(d.recorded_by),
            )
        )
    for i in investments:
        note = f"冲销：{i.reason}" if i.reverses_id else i.description
        lines.append(
            Line(
                i.project,
                i.get_kind_display() + "（自筹投入）",
                i.get_use_display(),
                i.amount,
                i.spent_on,
                "",
                note,
                _who(i.recorded_by),
            )
        )
    order = {"核定市级资金": 0, "分期经费计划": 1}
    lines.sort(key=lambda line: (line.project.pk, order.get(line.kind, 2), line.date))
    return lines


def write_entries(file, projects) -> int:
    return write_xlsx(file, title="经费台账明细", columns=ENTRY_COLUMNS, rows=entry_lines(projects))
