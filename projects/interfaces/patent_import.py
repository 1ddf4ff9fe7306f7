"""The enterprise's patent list (专利清单): the downloadable template, and the import of a filled one.

Built on django-import-export: ``PatentResource`` maps the Chinese columns to ``Patent`` with tolerant widgets and
checks each row (``validate_instance``), writing nothing. The services ``patent_import_preview`` and
``patent_import_confirm`` are what views call. Reading the file, building the rows and checking every one of them
happen before any transaction opens (with SQLite every transaction holds the database's one write lock, so a
slow file would block every other user's writes); ``patent_import_confirm`` then only writes the checked rows,
through ``projects.services.application_edit``, which checks again under its lock that the user is the
enterprise's own and the application still editable.

Decisions (see ../../shared/policy/IDENTIFIERS.md):
- **Numbers** are stored as the application number: no ``ZL``/``CN`` prefix, the dot before the check character
  (``ZL 2017 1060 1862.3``, ``2017106018623`` → ``201710601862.3``). ZL only marks a granted patent's number;
  the application number is the same patent before and after grant, so one form lets duplicates be found.
  A foreign number is kept as typed after NFKC, without spaces or thousands commas, upper case
  (``us 11,234,567 b2`` → ``US11234567B2``).
- A number that Excel turned into a numeric cell loses a check character "0" (201710601862.0 is stored as
  201710601862); such a 12/8-digit number cell whose computed check character is 0 is restored. Any other
  number without its check character is refused.
- **国家/地区** empty → inferred from the number: CN for a Chinese number, WO for ``WO…``/``PCT/…``, else the
  two-letter office prefix. Chinese names (美国, 日本, 欧洲…) are accepted and stored as codes. A number and a
  declared region that contradict each other are refused.
- **Dates**: 申请日 required (every patent has one), 授权日 optional; neither may be in the future; 授权日 not
  before 申请日; 申请日 not after the year in a Chinese number (a divisional or PCT national-phase number may be
  later than its 申请日, never earlier).
- **Legal status and grant date**: a CN invention patent that is 有效 must have its 授权日 (it is what E3/T3 count,
  and what the bureau checks against the CNIPA register); 审中 with a 授权日 is a contradiction; for utility
  models, designs and foreign patents 授权日 stays optional (a foreign invention counts as granted when it is
  有效 or has a 授权日, see ``projects.submission.patent_counts``).
- **Replace, all or nothing**: confirming deletes the project's list and writes the file's rows, only when every
  row is valid; the application's E3/T3 counts are then set from the new list. The numbers of the list being
  replaced are no duplicates: only a number repeated within the file is.
"""

import datetime as dt
import io
import logging
import re
import unicodedata
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from import_export import fields, resources, widgets

from accounts.rules import acts_for_enterprise
from common.formatting import zh_date
from common.identifiers import CN_PATENT_NUMBER, normalize_patent_number, patent_check_character, patent_number_errors
from common.tabular import DATE_FORMS, Table, cell_text, clean_code, parse_date, read_table

from ..enums import EDITABLE_STATES, PatentLegalStatus, PatentType
from ..models import Patent, Project
from ..services import application_edit
from ..submission import application_of, patent_counts

logger = logging.getLogger(__name__)

HEADERS = ("申请号", "专利名称", "专利类型", "法律状态", "国家/地区", "申请日", "授权日")
# Other names people give these columns (compared after ``common.tabular.normalize_header``).
HEADER_ALIASES = {
    "申请号/专利号": "申请号",
    "专利号": "申请号",
    "专利申请号": "申请号",
    "申请号(专利号)": "申请号",
    "名称": "专利名称",
    "发明名称": "专利名称",
    "发明创造名称": "专利名称",
    "类型": "专利类型",
    "专利类别": "专利类型",
    "状态": "法律状态",
    "当前法律状态": "法律状态",
    "国家": "国家/地区",
    "国家地区": "国家/地区",
    "国别": "国家/地区",
    "申请日期": "申请日",
    "授权日期": "授权日",
    "授权公告日": "授权日",
}
MAX_PATENTS = 3000

TYPE_VALUES = {
    "发明": Patent.Type.INVENTION,
    "发明专利": Patent.Type.INVENTION,
    "实用新型": Patent.Type.UTILITY,
    "实用新型专利": Patent.Type.UTILITY,
    "外观设计": Patent.Type.DESIGN,
    "外观设计专利": Patent.Type.DESIGN,
    "外观": Patent.Type.DESIGN,
    **{code.value: code for code in Patent.Type},
}
STATUS_VALUES = {
    "有效": Patent.LegalStatus.VALID,
    "授权": Patent.LegalStatus.VALID,
    "已授权": Patent.LegalStatus.VALID,
    "有权": Patent.LegalStatus.VALID,
    "审中": Patent.LegalStatus.PENDING,
    "在审": Patent.LegalStatus.PENDING,
    "审查中": Patent.LegalStatus.PENDING,
    "实审": Patent.LegalStatus.PENDING,
    "失效": Patent.LegalStatus.INVALID,
    "已失效": Patent.LegalStatus.INVALID,
    "无效": Patent.LegalStatus.INVALID,
    "无权": Patent.LegalStatus.INVALID,
    **{code.value: code for code in Patent.LegalStatus},
}
JURISDICTION_NAMES = {
    "中国": "CN",
    "中国大陆": "CN",
    "中华人民共和国": "CN",
    "美国": "US",
    "欧洲": "EP",
    "欧洲专利局": "EP",
    "欧专局": "EP",
    "日本": "JP",
    "韩国": "KR",
    "世界知识产权组织": "WO",
    "PCT": "WO",
    "WIPO": "WO",
    "德国": "DE",
    "英国": "GB",
    "法国": "FR",
    "加拿大": "CA",
    "澳大利亚": "AU",
    "俄罗斯": "RU",
    "印度": "IN",
    "新加坡": "SG",
    "中国台湾": "TW",
    "台湾": "TW",
    "中国香港": "HK",
    "香港": "HK",
    "中国澳门": "MO",
    "澳门": "MO",
}
DOMESTIC = "CN"

_SCIENTIFIC = re.compile(r"^\d+(?:\.\d+)?E\+?\d+$")


def canonical_patent_number(value) -> str:
    """The stored form of a number typed in a cell (see the module's decisions); "" when empty.

    Raises ``ValueError`` (Chinese) for a number that Excel turned into scientific notation."""
    number = normalize_patent_number(cell_text(value)).replace("。", ".")
    if _SCIENTIFIC.match(number):
        raise ValueError(
            f"申请号显示为科学计数法（{number}），已无法还原。请将该列设为“文本”格式，重新填写完整申请号。"
        )
    match = CN_PATENT_NUMBER.match(number)
    if match:
        return f"{match['body']}.{match['check']}"
    numeric_cell = isinstance(value, int | float) and re.fullmatch(r"\d{12}|\d{8}", number)
    if numeric_cell and patent_check_character(number) == "0":  # Excel dropped the ".0" of a numeric cell
        return f"{number}.0"
    if number[:1].isalpha() and not number.startswith(("ZL", "CN")):
        number = number.replace(",", "")  # US 11,234,567 B2
    return number


def office_of(number: str) -> str:
    """The office a (canonical) number belongs to: CN, WO for PCT applications, else its two-letter prefix."""
    if CN_PATENT_NUMBER.match(number) or number[:1].isdigit() or number.startswith(("ZL", "CN")):
        return DOMESTIC
    if number.startswith("PCT"):
        return "WO"
    return number[:2]


def _cn_number_year(number: str) -> int | None:
    match = CN_PATENT_NUMBER.match(number)
    if not match:
        return None
    body = match["body"]
    if len(body) == 12:
        return int(body[:4])
    yy = int(body[:2])  # before 2004: 85… for 1985–1999, 00–03 for 2000–2003
    return 1900 + yy if yy >= 85 else 2000 + yy


# ---- widgets ----------------------------------------------------------------------------------------------------
class PatentNumberWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        number = canonical_patent_number(value)
        if not number:
            raise ValueError("请填写申请号。")
        return number


class TextWidget(widgets.Widget):
    def __init__(self, *, label, max_length):
        super().__init__()
        self.label, self.max_length = label, max_length

    def clean(self, value, row=None, **kwargs):
        text = re.sub(r"\s+", " ", cell_text(value)).strip()
        if not text:
            raise ValueError(f"请填写{self.label}。")
        if len(text) > self.max_length:
            raise ValueError(f"{self.label}不能超过{self.max_length}个字，现有{len(text)}个字。")
        return text


class ChoiceWidget(widgets.Widget):
    """A label (or a synonym, or the model's code) → the model's code."""

    def __init__(self, *, label, values, accepted):
        super().__init__()
        self.label, self.values, self.accepted = label, values, accepted

    def clean(self, value, row=None, **kwargs):
        raw = cell_text(value)
        key = re.sub(r"\s+", "", unicodedata.normalize("NFKC", raw))
        if not key:
            raise ValueError(f"请填写{self.label}。")
        code = self.values.get(key) or self.values.get(key.lower())
        if code is None:
            raise ValueError(f"{self.label}应填{self.accepted}，而不是“{raw}”。")
        return code.value


class JurisdictionWidget(widgets.Widget):
    """A code (CN, US…) or a Chinese name; empty → inferred from the row's number."""

    def __init__(self, *, number_column):
        super().__init__()
        self.number_column = number_column

    def clean(self, value, row=None, **kwargs):
        code = clean_code(value)
        if not code:
            try:
                number = canonical_patent_number((row or {}).get(self.number_column))
            except ValueError:
                number = ""
            return office_of(number) if number else DOMESTIC
        if code in JURISDICTION_NAMES:
            return JURISDICTION_NAMES[code]
        if re.fullmatch(r"[A-Z]{2}", code):
            return code
        raise ValueError(
            f"无法识别国家/地区“{cell_text(value)}”，请填写两位代码（如CN、US、EP、JP、KR、WO）或中文名称（如美国）。"
        )


class DateCellWidget(widgets.Widget):
    """Any date form ``common.tabular.parse_date`` reads; never in the future."""

    def __init__(self, *, label, required):
        super().__init__()
        self.label, self.required = label, required

    def clean(self, value, row=None, **kwargs):
        try:
            day = parse_date(value)
        except ValidationError as error:
            raise ValueError(error.messages[0]) from None
        if day is None:
            if self.required:
                raise ValueError(f"请填写{self.label}。")
            return None
        if day > timezone.localdate():
            raise ValueError(f"{self.label}{zh_date(day)}晚于今天，请核对。")
        return day


# ---- the report -------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class RowError:
    """One problem: the row as the user sees it in Excel (header = row 1; None for the whole file), the column
    header ("" for the whole row) and what is wrong, in Chinese."""

    row: int | None
    column: str
    message: str

    def __str__(self):
        where = (f"第{self.row}行" if self.row else "") + (f"“{self.column}”" if self.column else "")
        return f"{where}：{self.message}" if where else self.message


@dataclass(frozen=True)
class ParsedPatent:
    """A valid row as it would be stored."""

    row: int
    number: str
    title: str
    type: str
    legal_status: str
    jurisdiction: str
    filing_date: dt.date | None
    grant_date: dt.date | None

    @property
    def type_label(self):
        return Patent.Type(self.type).label

    @property
    def legal_status_label(self):
        return Patent.LegalStatus(self.legal_status).label

    @property
    def is_foreign(self):
        return self.jurisdiction != DOMESTIC


@dataclass
class PatentImportReport:
    """What a file holds: the valid rows, every problem, and the E3/T3 counts the eligibility engine would get
    (``projects.submission.patent_counts`` over the valid rows; with errors nothing is saved, so they are only
    what the file *would* give once corrected)."""

    total_rows: int
    patents: list[ParsedPatent] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    source_format: str = ""

    @property
    def is_valid(self) -> bool:
        return not self.errors

    @property
    def messages(self) -> list[str]:
        return [str(error) for error in self.errors]


class PatentImportError(ValidationError):
    """Raised by ``patent_import_confirm`` when any row is wrong; ``.report`` holds the rows and the errors,
    ``.messages`` one Chinese line per problem ("第3行“申请号”：…")."""

    def __init__(self, report: PatentImportReport):
        super().__init__(report.messages, code="patent_import")
        self.report = report


# ---- the resource -----------------------------------------------------------------------------------------------
class PatentResource(resources.ModelResource):
    """Reads and checks the rows of one project's patent list and writes nothing: ``import_data`` runs outside any
    transaction, and ``save_instance`` only keeps each valid row's ``Patent`` in ``.patents`` for
    ``patent_import_confirm`` to write."""

    number = fields.Field(attribute="number", column_name="申请号", widget=PatentNumberWidget())
    title = fields.Field(attribute="title", column_name="专利名称", widget=TextWidget(label="专利名称", max_length=300))
    type = fields.Field(
        attribute="type",
        column_name="专利类型",
        widget=ChoiceWidget(label="专利类型", values=TYPE_VALUES, accepted="发明、实用新型或外观设计"),
    )
    legal_status = fields.Field(
        attribute="legal_status",
        column_name="法律状态",
        widget=ChoiceWidget(label="法律状态", values=STATUS_VALUES, accepted="有效、审中或失效"),
    )
    jurisdiction = fields.Field(
        attribute="jurisdiction", column_name="国家/地区", widget=JurisdictionWidget(number_column="申请号")
    )
    filing_date = fields.Field(
        attribute="filing_date", column_name="申请日", widget=DateCellWidget(label="申请日", required=True)
    )
    grant_date = fields.Field(
        attribute="grant_date", column_name="授权日", widget=DateCellWidget(label="授权日", required=False)
    )

    class Meta:
        model = Patent
        fields = ("number", "title", "type", "legal_status", "jurisdiction", "filing_date", "grant_date")
        import_order = fields
        force_init_instance = True  # every row is a new patent: the list is replaced, never updated
        skip_diff = True
        store_instance = True
        clean_model_instances = True  # the model's own checks (lengths, choices) still apply
        use_transactions = False

    def __init__(self, *, project, row_numbers=()):
        super().__init__()
        self.project = project
        self.row_numbers = list(row_numbers)
        self.parsed: list[ParsedPatent] = []
        self.patents: list[Patent] = []
        self.counts: dict[str, int] = {}
        self._first_row_of: dict[str, int] = {}
        self._sheet_row = 0

    def sheet_row(self, index: int) -> int:
        """The Excel row of import-export's row ``index`` (1-based over the data rows)."""
        if 0 < index <= len(self.row_numbers):
            return self.row_numbers[index - 1]
        return index + 1  # a plain Dataset: the header is row 1, no rows skipped

    def get_queryset(self):
        return Patent.objects.filter(project=self.project)

    def init_instance(self, row=None):
        return Patent(project=self.project)

    def import_data(self, dataset, **kwargs):
        # Neither a transaction nor import-export's dry run (which always opens one): nothing is written here.
        kwargs.update(dry_run=False, use_transactions=False, raise_errors=False)
        return super().import_data(dataset, **kwargs)

    def before_import(self, dataset, **kwargs):
        self.parsed, self.patents, self.counts, self._first_row_of = [], [], {}, {}

    def save_instance(self, instance, is_create, row, **kwargs):
        self.patents.append(instance)  # a valid row: written, with the others, by ``patent_import_confirm``

    def before_import_row(self, row, **kwargs):
        self._sheet_row = self.sheet_row(kwargs["row_number"])

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        for attribute, message in self.row_problems(instance, failed=set(errors)):
            errors.setdefault(attribute, []).append(ValidationError(message, code="invalid"))
        try:  # not the unique number: the list in the database is the one being replaced (file repeats: above)
            instance.full_clean(exclude=set(errors), validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def row_problems(self, patent, *, failed):
        """(attribute, Chinese message) for what is wrong across the columns of one row; ``failed`` are the
        attributes whose cell could not be read (they are not checked again)."""
        ok = {"number", "type", "jurisdiction", "filing_date", "grant_date", "legal_status"} - failed
        if "number" in ok:
            yield from self._number_problems(patent, ok)
        yield from self._date_problems(patent, ok)

    def _number_problems(self, patent, ok):
        number = patent.number
        first = self._first_row_of.setdefault(number, self._sheet_row)
        if first != self._sheet_row:
            yield "number", f"申请号{number}与第{first}行重复，同一件专利只填写一行。"
            return
        foreign_declared = "jurisdiction" in ok and patent.jurisdiction != DOMESTIC
        if foreign_declared and number[:1].isdigit() and not CN_PATENT_NUMBER.match(number):
            yield "number", f"国（境）外专利的申请号请以国家/地区代码开头，如{patent.jurisdiction}{number}。"
            return
        format_errors = patent_number_errors(number)
        if format_errors:
            yield "number", format_errors[0]
            return
        if "type" in ok:
            type_errors = patent_number_errors(number, patent.type)  # the type digit against the declared type
            if type_errors:
                yield "type", type_errors[0]
        if "jurisdiction" in ok:
            yield from self._jurisdiction_problems(number, patent.jurisdiction)
        year = _cn_number_year(number)
        if year and "filing_date" in ok and patent.filing_date.year > year:
            yield "filing_date", f"申请日{zh_date(patent.filing_date)}晚于申请号{number}中的年份{year}年，请核对。"

    @staticmethod
    def _date_problems(patent, ok):
        if {"filing_date", "grant_date"} <= ok and patent.grant_date and patent.grant_date < patent.filing_date:
            yield "grant_date", f"授权日{zh_date(patent.grant_date)}早于申请日{zh_date(patent.filing_date)}，请核对。"
        if {"legal_status", "grant_date"} <= ok:
            if patent.legal_status == Patent.LegalStatus.PENDING and patent.grant_date:
                yield "grant_date", "法律状态为“审中”的专利尚未授权，不应填写授权日；已授权的请将法律状态改为“有效”。"
            elif (
                patent.legal_status == Patent.LegalStatus.VALID
                and not patent.grant_date
                and {"type", "jurisdiction"} <= ok
                and patent.type == Patent.Type.INVENTION
                and patent.jurisdiction == DOMESTIC
            ):
                yield "grant_date", "有效的中国发明专利须填写授权日。"

    @staticmethod
    def _jurisdiction_problems(number, jurisdiction):
        office = office_of(number)
        if office == jurisdiction:
            return
        if jurisdiction == DOMESTIC:
            yield "jurisdiction", f"申请号{number}是国（境）外专利（{office}），国家/地区不能填CN。"
        elif office == DOMESTIC:
            yield "jurisdiction", f"申请号{number}是中国专利申请号，国家/地区应为CN，而不是“{jurisdiction}”。"
        else:
            yield "jurisdiction", f"申请号{number}以{office}开头，与国家/地区“{jurisdiction}”不一致。"

    def after_import_row(self, row, row_result, **kwargs):
        patent = row_result.instance
        if patent is not None and row_result.is_valid():
            self.parsed.append(
                ParsedPatent(
                    row=self._sheet_row,
                    number=patent.number,
                    title=patent.title,
                    type=patent.type,
                    legal_status=patent.legal_status,
                    jurisdiction=patent.jurisdiction,
                    filing_date=patent.filing_date,
                    grant_date=patent.grant_date,
                )
            )

    def after_import(self, dataset, result, **kwargs):
        """The E3/T3 counts of the valid rows, as ``projects.submission.patent_counts`` will count them once they
        are stored (a test holds the two to the same figures).

        ModelResource's own ``after_import`` is deliberately not called: it resets the table's id sequence to
        max(id), which only imports that bring their own ids need."""
        self.counts = counts_of(self.parsed)

    def report(self, result, *, source_format="") -> PatentImportReport:
        """Turn import-export's ``Result`` into Chinese (row, column, problem) lines."""
        order = {name: position for position, name in enumerate(self.fields)}
        errors = []
        for invalid in result.invalid_rows:
            row = self.sheet_row(invalid.number)
            for attribute, messages in invalid.error_dict.items():
                column = self.fields[attribute].column_name if attribute in self.fields else ""
                errors.extend((order.get(attribute, len(order)), RowError(row, column, m)) for m in messages)
        for error_row in result.error_rows:
            for error in error_row.errors:
                logger.error("patent import: row %s failed", error_row.number, exc_info=error.error)
            errors.append((len(order), RowError(self.sheet_row(error_row.number), "", "该行无法保存，请核对后重试。")))
        for error in result.base_errors:
            logger.error("patent import failed", exc_info=error.error)
            errors.append((len(order), RowError(None, "", "导入失败，请稍后重试；如仍失败请联系管理员。")))
        errors.sort(key=lambda item: (item[1].row or 0, item[0]))
        return PatentImportReport(
            total_rows=result.total_rows,
            patents=list(self.parsed),
            errors=[error for _, error in errors],
            counts=dict(self.counts),
            source_format=source_format,
        )


# ---- services ---------------------------------------------------------------------------------------------------
def _read(uploaded_file) -> Table:
    table = read_table(uploaded_file, expected_headers=HEADERS, header_aliases=HEADER_ALIASES, max_rows=MAX_PATENTS)
    missing = [header for header in HEADERS if header not in table.headers]
    if missing:
        found = "、".join(table.headers) or "（空）"
        raise ValidationError(
            f"表格的列不正确，缺少：{'、'.join(missing)}。第一行应为以下列名：{'、'.join(HEADERS)}"
            f"（文件中的列：{found}）。请下载模板，按模板填写后重新上传。",
            code="patent_columns",
        )
    if not len(table):
        raise ValidationError("文件中只有表头，没有专利数据。", code="patent_empty")
    return table


def counts_of(patents) -> dict[str, int]:
    """E3/T3 counts of parsed rows: ``projects.submission.patent_counts`` for rows not yet stored ({} for none)."""
    if not patents:
        return {}
    inventions = [p for p in patents if p.type == PatentType.INVENTION]
    foreign = [p for p in inventions if p.jurisdiction not in ("CN", "中国")]
    return {
        "valid_invention_patents": sum(
            1 for p in inventions if p.jurisdiction in ("CN", "中国") and p.legal_status == PatentLegalStatus.VALID
        ),
        "foreign_invention_applications": len(foreign),
        "foreign_invention_grants": sum(
            1 for p in foreign if p.legal_status == PatentLegalStatus.VALID or p.grant_date is not None
        ),
    }


def _refuse_unless_editable(project, by) -> None:
    """What ``application_edit`` checks under its lock, checked first without one: nobody else's file is read,
    and no file for an application that can no longer change. The confirm's ``application_edit`` checks again."""
    current = Project.objects.select_related("enterprise").get(pk=project.pk)
    if not acts_for_enterprise.test(by, current):
        raise PermissionDenied("只有本企业用户可以修改申报书。")
    if current.status not in EDITABLE_STATES:
        raise ValidationError(f"申报书当前状态为“{current.get_status_display()}”，不能修改。")


def _check(project, uploaded_file) -> tuple[PatentImportReport, list[Patent]]:
    """Read and check the file, outside any transaction: the report, and the valid rows' unsaved patents."""
    table = _read(uploaded_file)
    resource = PatentResource(project=project, row_numbers=table.row_numbers)
    result = resource.import_data(table)
    return resource.report(result, source_format=table.source_format), resource.patents


def patent_import_preview(*, project, by, uploaded_file) -> PatentImportReport:
    """Read a filled template and say what importing it would do, changing nothing and opening no transaction.

    The same checks as ``patent_import_confirm`` (permission, editable state, every row). File-level problems
    (not a table, wrong columns, no rows) raise ``ValidationError``; row problems are in the report."""
    _refuse_unless_editable(project, by)
    report, _ = _check(project, uploaded_file)
    return report


def patent_import_confirm(*, project, by, uploaded_file) -> PatentImportReport:
    """Replace the project's patent list with the file's rows and set the application's E3/T3 counts from it.

    Reads and checks the file again, outside any transaction; any problem raises (``PatentImportError`` carries
    the row errors) and nothing is saved. Then one short transaction (``application_edit``: only the
    enterprise's own users, only while the application is editable) replaces the list with the checked rows."""
    _refuse_unless_editable(project, by)
    report, patents = _check(project, uploaded_file)
    if not report.is_valid:
        raise PatentImportError(report)

    def apply(locked):
        Patent.objects.filter(project=locked).delete()
        for patent in patents:
            patent.project = locked
        Patent.objects.bulk_create(patents)
        counts = patent_counts(locked) or {}
        application = application_of(locked)
        for name, value in counts.items():
            setattr(application, name, value)
        application.save(update_fields=[*counts, "updated_at"])
        report.counts = counts

    application_edit(project=project, by=by, apply=apply)
    return report


# ---- the template -----------------------------------------------------------------------------------------------
def _example_number(year: int, type_digit: str, serial: str) -> str:
    body = f"{year}{type_digit}{serial}"
    return f"{body}.{patent_check_character(body)}"


TEMPLATE_EXAMPLES = (
    ("201710601862.3", "一种基于深度学习的表面缺陷检测方法", "发明", "有效", "CN", dt.date(2017, 7, 26),
     dt.date(2020, 5, 12)),
    (_example_number(2020, "2", "0123456"), "一种散热装置及服务器机箱", "实用新型", "有效", "CN",
     dt.date(2020, 1, 15), dt.date(2020, 9, 8)),
    (_example_number(2021, "3", "0456789"), "智能终端外壳", "外观设计", "审中", "CN", dt.date(2021, 6, 1), None),
    ("US11234567B2", "Method for detecting surface defects", "发明", "有效", "US", dt.date(2019, 3, 12),
     dt.date(2022, 1, 25)),
)  # fmt: skip

TEMPLATE_NOTES = (
    ("申请号", "必填", "中国专利填申请号：2004年起为12位数字＋“.”＋校验位（如201710601862.3），之前为8位数字＋“.”＋"
     "校验位（如97101765.4）；可带“ZL”前缀，系统统一去掉前缀保存。校验位和类型位（12位申请号的第5位）会被核对：1、8为发明，"
     "2、9为实用新型，3为外观设计。国（境）外专利以国家/地区代码开头（如US、EP、JP、KR，PCT申请填WO…或PCT/…）。"
     "请保持该列为“文本”格式，否则Excel可能把申请号改成科学计数法。同一件专利只填一行。"),
    ("专利名称", "必填", "专利的名称，不超过300字。"),
    ("专利类型", "必填", "发明、实用新型或外观设计。"),
    ("法律状态", "必填", "有效（已授权且维持有效）、审中（尚未授权）或失效。"),
    ("国家/地区", "选填", "中国填CN；国（境）外填两位代码（如US、EP、JP、KR、WO）或中文名称（如美国）。"
     "不填时按申请号判断：中国申请号为CN，其他按申请号开头的代码。"),
    ("申请日", "必填", f"日期可写作{DATE_FORMS}，也可以是Excel日期单元格。"),
    ("授权日", "有效的中国发明专利必填", "已授权专利的授权公告日，格式同申请日；不得早于申请日。审中的专利不填。"),
)  # fmt: skip

TEMPLATE_GENERAL_NOTES = (
    "1. 请在“专利清单”工作表中每行填写一件专利，不要修改第一行的列名，填写前请删除示例行。",
    "2. 可上传.xlsx、.xls或CSV（UTF-8或GBK编码）文件；只读取第一个工作表。",
    "3. 上传后系统先逐行检查并显示问题所在的行和列，全部无误后确认导入；确认导入将替换此前导入的专利清单。",
    "4. 系统按清单自动统计有效发明专利、国（境）外发明专利申请和授权数量，用于申报条件（E3/T3）审核。",
)


def patent_template_xlsx() -> bytes:
    """The template users download: Chinese headers, one example row per type (and a foreign one), drop-down
    lists for type and status, and a second sheet "填写说明"."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "专利清单"
    sheet.append(list(HEADERS))
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for cell in sheet[1]:
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(horizontal="center")
    for example in TEMPLATE_EXAMPLES:
        sheet.append(list(example))
    widths = {"A": 22, "B": 40, "C": 12, "D": 10, "E": 11, "F": 13, "G": 13}
    for letter, width in widths.items():
        sheet.column_dimensions[letter].width = width
    sheet.column_dimensions["A"].number_format = "@"  # keep typed numbers as text (no 2.01711E+11)
    for row in sheet.iter_rows(min_row=2, max_row=1 + len(TEMPLATE_EXAMPLES)):
        row[0].number_format = "@"
        for cell in row[5:7]:
            cell.number_format = "yyyy-mm-dd"
    for letter in ("F", "G"):
        sheet.column_dimensions[letter].number_format = "yyyy-mm-dd"
    for letter, options in (("C", "发明,实用新型,外观设计"), ("D", "有效,审中,失效")):
        validation = DataValidation(type="list", formula1=f'"{options}"', allow_blank=True, showErrorMessage=True)
        validation.error = f"请从下拉列表中选择：{options.replace(',', '、')}"
        validation.errorTitle = "填写有误"
        validation.add(f"{letter}2:{letter}{MAX_PATENTS + 1}")
        sheet.add_data_validation(validation)
    sheet.freeze_panes = "A2"

    notes = workbook.create_sheet("填写说明")
    notes.append(["列名", "是否必填", "填写说明"])
    for cell in notes[1]:
        cell.font, cell.fill = bold, fill
    for line in TEMPLATE_NOTES:
        notes.append(list(line))
    notes.column_dimensions["A"].width = 12
    notes.column_dimensions["B"].width = 22
    notes.column_dimensions["C"].width = 100
    for row in notes.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        lines = -(-len(row[2].value or "") // 48)  # about 48 Chinese characters fit a line of column C
        notes.row_dimensions[row[0].row].height = 16 * max(lines, 1)
    notes.append([])
    for line in TEMPLATE_GENERAL_NOTES:
        notes.append([line])
        notes.merge_cells(start_row=notes.max_row, start_column=1, end_row=notes.max_row, end_column=3)

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
