"""The bureau's import of a year's monitoring indicators (S7) from a table: the project's import pattern — a
downloadable template, a preview that checks every row and lists each problem as (row, column, problem), then an
all-or-nothing confirm of exactly the previewed file.

Files come through ``common.tabular.read_table`` (.xlsx, .xls, CSV in UTF-8 or GB18030). Each row names a funded
enterprise by its 统一社会信用代码 and a year (not before 2000, not after this year), and gives every indicator:
counts as whole numbers not below 0, amounts in 元, the GB/T 29490 status. A row may not repeat an enterprise and
year of the file, nor one already recorded (a correction is made on the enterprise's record page).

Reading and checking happen before any transaction opens; the confirm's one short transaction checks again, under
the lock, that no year has been recorded meanwhile (the unique constraint catches the rest), then writes every row.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from simple_history.utils import bulk_create_with_history

from accounts.rules import is_bureau
from activity.audit import record as audit
from activity.models import AuditEvent
from common.identifiers import normalize_uscc
from common.tabular import cell_text, normalize_header, read_table
from directory.models import Enterprise

from ..indicators import INDICATORS, parse_indicator, parse_year
from ..models import Certification, IndicatorRecord
from ..rules import BUREAU_ONLY
from ..selectors import funded_enterprises
from ..services import duplicate_year_message
from ..signals import indicators_imported

USCC, NAME, YEAR = "统一社会信用代码", "企业名称", "年度"
# The template's headers; a file's headers are compared by what they say (``normalize_header``: "有效发明专利（件）"
# and "有效发明专利" are the same column).
TEMPLATE_HEADERS = (USCC, NAME, YEAR, *(i.label for i in INDICATORS))
COLUMN_OF_FIELD = {i.field: normalize_header(i.label) for i in INDICATORS}
LABEL_OF_COLUMN = {normalize_header(h): h for h in TEMPLATE_HEADERS}
REQUIRED = (USCC, YEAR, *COLUMN_OF_FIELD.values())
ALIASES = {
    "信用代码": USCC,
    "统一信用代码": USCC,
    "年份": YEAR,
    "监测年度": YEAR,
    "PCT申请": COLUMN_OF_FIELD["foreign_invention_applications"],
    "国(境)外发明专利申请(含PCT)": COLUMN_OF_FIELD["foreign_invention_applications"],
    "贯标情况": COLUMN_OF_FIELD["certification"],
    "GB/T29490": COLUMN_OF_FIELD["certification"],
    "知识产权人员": COLUMN_OF_FIELD["ip_staff"],
}
PREVIEW_ROWS = 200


@dataclass
class Problem:
    row: int  # as the user sees it in Excel (header = row 1)
    column: str
    message: str


@dataclass
class ImportReport:
    total: int = 0
    problems: list[Problem] = field(default_factory=list)
    preview: list[dict] = field(default_factory=list)
    years: list[int] = field(default_factory=list)

    @property
    def ok(self):
        return not self.problems


def _table(uploaded_file):
    table = read_table(uploaded_file, expected_headers=REQUIRED, header_aliases=ALIASES)
    missing = [LABEL_OF_COLUMN[h] for h in REQUIRED if h not in table.headers]
    if missing:
        raise ValidationError(
            f"文件缺少必填列：{'、'.join(missing)}。请使用下载的模板，表头应为：{'、'.join(TEMPLATE_HEADERS)}。"
        )
    return table


def _check(table, *, by) -> tuple[ImportReport, list[tuple[int, IndicatorRecord]]]:
    """Every row checked, outside any transaction: the report, and (sheet row, unsaved record) of each valid row.
    Three queries whatever the number of rows (enterprises by code, which are funded, the years recorded)."""
    rows = table.dict
    codes = {normalize_uscc(cell_text(row.get(USCC))) for row in rows} - {""}
    enterprises = {}
    code_list = sorted(codes)
    for start in range(0, len(code_list), 500):
        for enterprise in Enterprise.objects.filter(uscc__in=code_list[start : start + 500]).only("pk", "uscc", "name"):
            enterprises[enterprise.uscc] = enterprise
    ids = [e.pk for e in enterprises.values()]
    funded = set(funded_enterprises().filter(pk__in=ids).values_list("pk", flat=True))
    recorded = set(IndicatorRecord.objects.filter(enterprise_id__in=ids).values_list("enterprise_id", "year"))

    report = ImportReport(total=len(rows))
    checked, seen = [], {}
    for index, row in enumerate(rows):
        number = table.sheet_row(index)
        problems = []

        def problem(column, message, problems=problems, number=number):
            problems.append(Problem(number, LABEL_OF_COLUMN.get(column, column), message))

        code = normalize_uscc(cell_text(row.get(USCC)))
        enterprise = enterprises.get(code)
        if not code:
            problem(USCC, "请填写统一社会信用代码。")
        elif enterprise is None:
            problem(USCC, f"系统中没有统一社会信用代码为{code}的企业。")
        elif enterprise.pk not in funded:
            problem(USCC, f"{enterprise.name}没有登峰行动计划立项项目，无需填报考评监测指标。")
        year = None
        try:
            year = parse_year(row.get(YEAR))
        except ValidationError as exc:
            problem(YEAR, exc.messages[0])
        if enterprise is not None and year is not None:
            key = (enterprise.pk, year)
            if key in seen:
                problem(YEAR, f"与第{seen[key]}行重复：同一企业同一年度只能有一条记录。")
            else:
                seen[key] = number
                if key in recorded:
                    problem(YEAR, duplicate_year_message(year))
        values = {}
        for indicator in INDICATORS:
            column = COLUMN_OF_FIELD[indicator.field]
            try:
                values[indicator.field] = parse_indicator(indicator, row.get(column))
            except ValidationError as exc:
                problem(column, exc.messages[0])
        report.problems += problems
        if not problems:
            checked.append(
                (
                    number,
                    IndicatorRecord(
                        enterprise=enterprise,
                        year=year,
                        recorded_by=by,
                        source=IndicatorRecord.Source.IMPORTED,
                        **values,
                    ),
                )
            )
        if index < PREVIEW_ROWS:
            report.preview.append(
                {
                    "row": number,
                    "uscc": code,
                    "name": enterprise.name if enterprise else cell_text(row.get(NAME)),
                    "year": year if year is not None else cell_text(row.get(YEAR)),
                    "valid_invention_patents": cell_text(row.get(COLUMN_OF_FIELD["valid_invention_patents"])),
                    "high_value_patents": cell_text(row.get(COLUMN_OF_FIELD["high_value_patents"])),
                    "ok": not problems,
                }
            )
    report.years = sorted({r.year for _, r in checked})
    return report, checked


def _refusal(problems) -> ValidationError:
    return ValidationError([f"第{p.row}行 {p.column}：{p.message}" for p in problems])


def _refuse_recorded(checked) -> None:
    """Refuse, one line per row, the enterprise-years recorded since the rows were checked."""
    ids = {r.enterprise_id for _, r in checked}
    recorded = set(IndicatorRecord.objects.filter(enterprise_id__in=ids).values_list("enterprise_id", "year"))
    taken = [
        Problem(number, YEAR, duplicate_year_message(r.year))
        for number, r in checked
        if (r.enterprise_id, r.year) in recorded
    ]
    if taken:
        raise _refusal(taken)


def _write(checked, *, by) -> None:
    records = [r for _, r in checked]
    try:
        with transaction.atomic():
            _refuse_recorded(checked)
            bulk_create_with_history(
                records, IndicatorRecord, batch_size=500, default_user=by, default_change_reason="批量导入考评监测指标"
            )
            indicators_imported.send(sender=IndicatorRecord, records=records)
    except IntegrityError:
        _refuse_recorded(checked)
        raise


def indicator_import_preview(*, by, uploaded_file) -> ImportReport:
    """Every row checked, nothing saved, no transaction opened."""
    if not is_bureau.test(by):
        raise PermissionDenied(BUREAU_ONLY)
    report, _ = _check(_table(uploaded_file), by=by)
    return report


def indicator_import_confirm(*, by, uploaded_file) -> ImportReport:
    """Import every row, or none: any problem raises a ValidationError listing them and nothing is saved."""
    if not is_bureau.test(by):
        raise PermissionDenied(BUREAU_ONLY)
    report, checked = _check(_table(uploaded_file), by=by)
    if not report.ok:
        raise _refusal(report.problems)
    if not checked:
        raise ValidationError("文件中没有可导入的数据行。")
    _write(checked, by=by)
    years = "、".join(str(y) for y in report.years)
    audit(AuditEvent.Kind.IMPORT, user=by, detail=f"导入考评监测指标{report.total}条（{years}年度）")
    return report


def indicator_template_xlsx() -> bytes:
    """The downloadable template: the headers, one example row, and a sheet of instructions."""
    import tablib

    from ..indicators import this_year

    data = tablib.Dataset(headers=list(TEMPLATE_HEADERS), title="考评监测指标")
    data.append(
        [
            "913205940000000012",
            "苏州示例科技有限公司",
            this_year() - 1,
            65,
            9,
            4,
            12,
            1,
            2,
            3,
            1,
            "150000.00",
            6,
            "2800000.00",
            Certification.CERTIFIED.label,
        ]
    )
    notes = tablib.Dataset(headers=["列", "填写说明"], title="填写说明")
    notes.extend(
        [
            (USCC, "必填，18位；须为已有登峰行动计划立项项目的企业。"),
            (NAME, "选填，仅供核对。"),
            (
                YEAR,
                "必填，四位年份，不早于2000年、不晚于今年；同一企业同一年度只能有一条记录（已录入的请在记录页面修改）。",
            ),
            ("件数、项数、人数各列", "必填，填不小于0的整数；没有请填0。"),
            ("金额各列（元）", "必填，单位为元，最多两位小数；没有请填0。"),
            (TEMPLATE_HEADERS[-1], "必填，填：" + "、".join(Certification.labels) + "。"),
        ]
    )
    return tablib.Databook((data, notes)).export("xlsx")
