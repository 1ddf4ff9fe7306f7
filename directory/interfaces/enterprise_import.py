"""The bureau's bulk import of enterprises (e.g. the 强企培育 pool, previous years' lists) with django-import-export:
a dry-run preview listing each row's problems, then an all-or-nothing confirm.

Files come through ``common.tabular.read_table`` (.xlsx, .xls, CSV in UTF-8 or GB18030, told apart by content).
Each row must carry a valid 统一社会信用代码 (GB 32100 check character; full-width digits and stray spaces are
normalised), a known district, and must not repeat a code of the file or of the database.

Reading the file, building the rows and checking every one happen before any transaction opens (with SQLite a
transaction holds the database's one write lock: a slow file would block every other user's writes). The
confirm's transaction only writes the checked rows, after checking again, under the lock, that no code has been
registered meanwhile; a code registered by someone else between that check and the insert (possible on
PostgreSQL) is caught by the unique constraint and reported the same way. Either way nothing is written.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from import_export import fields, resources, widgets
from simple_history.utils import bulk_create_with_history

from accounts.rules import is_bureau
from common.identifiers import normalize_uscc
from common.tabular import clean_code, parse_date, read_table

from ..models import PRIORITY, PROFILE_FIELDS, RELAXATION, District, Enterprise, IndustryChain

REQUIRED = ("企业名称", "统一社会信用代码", "所属市、区")
# The flag columns are named by the model's own labels (the one encoding of P/X/T, ``directory.models``); the
# shorter names of earlier templates are accepted as aliases.
FLAG_COLUMNS = {
    name: str(Enterprise._meta.get_field(name).verbose_name)
    for name in (*PRIORITY.fields, *RELAXATION.fields, "is_talent_enterprise")
}
OPTIONAL = ("产业集群/产业链", "成立日期", "地址", "联系人", "联系电话", "电子邮箱", *FLAG_COLUMNS.values(), "认定依据")
ALIASES = {
    "所属市区": "所属市、区",
    "市、区": "所属市、区",
    "市区": "所属市、区",
    "推荐单位": "所属市、区",
    "信用代码": "统一社会信用代码",
    "统一信用代码": "统一社会信用代码",
    "产业": "产业集群/产业链",
    "强企培育工程知识产权优势型企业": FLAG_COLUMNS["is_strong_enterprise_pool"],
    "专精特新小巨人企业": FLAG_COLUMNS["is_little_giant"],
    "重点领域企业": FLAG_COLUMNS["is_key_field"],
}
YES = {"是", "√", "✓", "1", "Y", "YES", "TRUE", "有"}
NO = {"", "否", "×", "0", "N", "NO", "FALSE", "无"}


class YesNoWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        text = clean_code(value) if value is not None else ""
        if text in YES:
            return True
        if text in NO:
            return False
        raise ValueError(f"“{value}”应填写“是”或“否”。")

    def render(self, value, obj=None, **kwargs):
        return "是" if value else "否"


class NameWidget(widgets.ForeignKeyWidget):
    """Looks a district or industry up by its name, ignoring spaces; a Chinese error when unknown."""

    def __init__(self, model, label, required):
        super().__init__(model, field="name")
        self.label, self.required = label, required

    def clean(self, value, row=None, **kwargs):
        name = "".join(str(value or "").split())
        if not name:
            if self.required:
                raise ValueError(f"请填写{self.label}。")
            return None
        try:
            return self.model.objects.get(name=name)
        except self.model.DoesNotExist as exc:
            raise ValueError(f"未知的{self.label}“{name}”。") from exc


class TextDateWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        try:
            return parse_date(value)
        except ValidationError as exc:
            raise ValueError(exc.messages[0]) from exc


class EnterpriseImportResource(resources.ModelResource):
    """Reads and checks the rows and writes nothing: ``import_data`` runs outside any transaction, and
    ``save_instance`` only keeps each valid row's ``Enterprise`` (with its sheet row) in ``.checked``."""

    name = fields.Field(attribute="name", column_name="企业名称")
    uscc = fields.Field(attribute="uscc", column_name="统一社会信用代码")
    district = fields.Field(attribute="district", column_name="所属市、区", widget=NameWidget(District, "市、区", True))
    industry = fields.Field(
        attribute="industry", column_name="产业集群/产业链", widget=NameWidget(IndustryChain, "产业集群/产业链", False)
    )
    founded_on = fields.Field(attribute="founded_on", column_name="成立日期", widget=TextDateWidget())
    address = fields.Field(attribute="address", column_name="地址")
    contact_person = fields.Field(attribute="contact_person", column_name="联系人")
    contact_phone = fields.Field(attribute="contact_phone", column_name="联系电话")
    contact_email = fields.Field(attribute="contact_email", column_name="电子邮箱")
    flags_evidence = fields.Field(attribute="flags_evidence", column_name="认定依据")

    class Meta:
        model = Enterprise
        clean_model_instances = True
        skip_diff = True
        fields = ("uscc", "district", *PROFILE_FIELDS)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        for attribute, column in FLAG_COLUMNS.items():
            self.fields[attribute] = fields.Field(attribute=attribute, column_name=column, widget=YesNoWidget())
        self.seen = {}
        self.checked: list[tuple[int, Enterprise]] = []

    def import_data(self, dataset, **kwargs):
        # Neither a transaction nor import-export's dry run (which always opens one): nothing is written here.
        kwargs.update(dry_run=False, use_transactions=False, raise_errors=False)
        return super().import_data(dataset, **kwargs)

    def save_instance(self, instance, is_create, row, **kwargs):
        number = kwargs.get("row_number")
        self.checked.append((kwargs.get("sheet_rows", {}).get(number, number), instance))

    def get_instance(self, instance_loader, row):
        return None  # an import only creates; a code already in the database is refused by validate_unique

    def before_import_row(self, row, **kwargs):
        for key in ("企业名称", "地址", "联系人", "联系电话", "电子邮箱", "认定依据"):
            if key in row:
                row[key] = "" if row[key] is None else str(row[key]).strip()
        code = normalize_uscc(str(row.get("统一社会信用代码") or ""))
        row["统一社会信用代码"] = code
        number = kwargs.get("row_number")
        if code and code in self.seen:
            raise ValidationError({"uscc": [f"统一社会信用代码与第{self.seen[code]}行重复。"]})
        self.seen[code] = kwargs.get("sheet_rows", {}).get(number, number)


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

    @property
    def ok(self):
        return not self.problems


def _table(uploaded_file):
    table = read_table(uploaded_file, expected_headers=REQUIRED, header_aliases=ALIASES)
    missing = [h for h in REQUIRED if h not in table.headers]
    if missing:
        raise ValidationError(
            f"文件缺少必填列：{'、'.join(missing)}。请使用下载的模板，表头应为：{'、'.join(REQUIRED + OPTIONAL)}。"
        )
    return table


def _check(table) -> tuple[ImportReport, list[tuple[int, Enterprise]]]:
    """Check every row, outside any transaction: the report, and (sheet row, unsaved enterprise) of each valid row."""
    resource = EnterpriseImportResource()
    sheet_rows = {i + 1: table.sheet_row(i) for i in range(len(table))}
    result = resource.import_data(table, sheet_rows=sheet_rows)
    columns = {name: f.column_name for name, f in resource.fields.items()}
    report = ImportReport(total=len(table))
    for invalid in result.invalid_rows:
        for attribute, messages in invalid.error_dict.items():
            column = columns.get(attribute, "")
            for message in messages:
                report.problems.append(Problem(sheet_rows.get(invalid.number, invalid.number), column, message))
    for number, errors in result.row_errors():
        for error in errors:
            report.problems.append(Problem(sheet_rows.get(number, number), "", f"无法导入：{error.error}"))
    report.problems.sort(key=lambda p: (p.row, p.column))
    for index, row in enumerate(table.dict[:200]):
        report.preview.append(
            {
                "row": table.sheet_row(index),
                "name": row.get("企业名称"),
                "uscc": row.get("统一社会信用代码"),
                "district": row.get("所属市、区"),
            }
        )
    return report, resource.checked


def _refusal(problems) -> ValidationError:
    return ValidationError([f"第{p.row}行 {p.column}：{p.message}" for p in problems])


def _refuse_taken(checked) -> None:
    """Refuse, one line per row, the codes that are registered already."""
    row_of = {enterprise.uscc: row for row, enterprise in checked}
    codes = list(row_of)
    taken = set()
    for start in range(0, len(codes), 500):
        taken.update(Enterprise.objects.filter(uscc__in=codes[start : start + 500]).values_list("uscc", flat=True))
    if taken:
        message = Enterprise._meta.get_field("uscc").error_messages["unique"]
        raise _refusal(
            sorted((Problem(row_of[code], "统一社会信用代码", message) for code in taken), key=lambda p: p.row)
        )


def _write(checked, *, by) -> None:
    enterprises = [enterprise for _, enterprise in checked]
    try:
        with transaction.atomic():
            _refuse_taken(checked)  # registered since the rows were checked
            bulk_create_with_history(enterprises, Enterprise, default_user=by, default_change_reason="批量导入企业")
    except IntegrityError:
        _refuse_taken(checked)  # registered between that check and the insert (the transaction is rolled back)
        raise


def enterprise_import_preview(*, by, uploaded_file) -> ImportReport:
    """Every row checked, nothing saved, no transaction opened."""
    if not is_bureau.test(by):
        raise PermissionDenied("只有市知识产权局可以批量导入企业。")
    report, _ = _check(_table(uploaded_file))
    return report


def enterprise_import_confirm(*, by, uploaded_file) -> ImportReport:
    """Import every row, or none: any problem raises a ValidationError listing them and nothing is saved.

    The file is read and every row checked before the one short transaction that writes them."""
    if not is_bureau.test(by):
        raise PermissionDenied("只有市知识产权局可以批量导入企业。")
    report, checked = _check(_table(uploaded_file))
    if not report.ok:
        raise _refusal(report.problems)
    _write(checked, by=by)
    return report


def enterprise_template_xlsx() -> bytes:
    """The downloadable template: the headers, one example row, and a sheet of instructions."""
    import tablib

    data = tablib.Dataset(headers=[*REQUIRED, *OPTIONAL], title="企业名单")
    data.append(
        [
            "苏州示例科技有限公司",
            "913205940000000012",
            "苏州工业园区",
            "集成电路",
            "2015-06-01",
            "苏州工业园区星湖街1号",
            "张三",
            "0512-66668888",
            "ip@example.com",
            *["否"] * len(FLAG_COLUMNS),
            "",
        ]
    )
    notes = tablib.Dataset(headers=["列", "填写说明"], title="填写说明")
    notes.extend(
        [
            ("企业名称", "必填。"),
            ("统一社会信用代码", "必填，18位；系统按GB 32100校验第18位校验码，全角、空格、小写会自动处理。"),
            (
                "所属市、区",
                "必填，须为：" + "、".join(District.objects.filter(is_active=True).values_list("name", flat=True)),
            ),
            ("产业集群/产业链", "选填，须与系统中的名称一致。"),
            ("成立日期", "选填，可写 2021-09-15、2021/9/15、2021.9.15、2021年9月15日 或Excel日期。"),
            ("优先/放宽条件各列", "填“是”或“否”；填“是”时请在“认定依据”列写明文件名称、文号或证书编号。"),
        ]
    )
    book = tablib.Databook((data, notes))
    return book.export("xlsx")
