"""The bureau's bulk import of experts into the pool: a preview listing each row's problems in Chinese, then an
all-or-nothing confirm; a template to download.

The file comes through ``common.tabular.read_table`` (.xlsx, .xls, CSV in UTF-8 or GB18030). Each row needs a
name, a login name (unique in the file and in the system) and an organisation; fields of expertise must be known
industry clusters or chains; an e-mail must be an address. As in the enterprise import, the rows are read and
checked before any transaction opens; the confirm's short transaction checks the login names again under the
lock, then writes. Each new account gets a random initial password, shown once to the bureau after the import.
"""

import re
import secrets
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower

from accounts.models import Role, User
from accounts.rules import is_bureau
from common.tabular import cell_text, read_table
from directory.models import IndustryChain

from ..models import ExpertProfile

REQUIRED = ("姓名", "登录用户名", "工作单位")
OPTIONAL = ("职称/职务", "专业领域", "联系电话", "电子邮箱", "需回避的单位", "是否在库")
ALIASES = {
    "用户名": "登录用户名",
    "账号": "登录用户名",
    "单位": "工作单位",
    "所在单位": "工作单位",
    "职称": "职称/职务",
    "职务": "职称/职务",
    "专业方向": "专业领域",
    "领域": "专业领域",
    "电话": "联系电话",
    "手机": "联系电话",
    "邮箱": "电子邮箱",
    "回避单位": "需回避的单位",
    "在库": "是否在库",
}
YES = {"", "是", "√", "✓", "1", "Y", "YES", "TRUE", "在库"}
NO = {"否", "×", "0", "N", "NO", "FALSE", "停用"}
LIST_SPLIT = re.compile(r"[、，,；;/\r\n]+")
AVOID_SPLIT = re.compile(r"[；;\r\n]+")
USERNAME = re.compile(r"^[\w.@+-]+\Z")
PREVIEW_ROWS = 100
PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


@dataclass
class Problem:
    row: int
    column: str
    message: str


@dataclass
class Row:
    row: int
    name: str
    username: str
    organisation: str
    title: str = ""
    expertise: list = field(default_factory=list)  # IndustryChain rows
    phone: str = ""
    email: str = ""
    avoid: list = field(default_factory=list)
    active: bool = True


@dataclass
class ImportReport:
    total: int = 0
    problems: list[Problem] = field(default_factory=list)
    preview: list[Row] = field(default_factory=list)
    created: list[dict] = field(default_factory=list)  # after confirm: [{username, name, password}]

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


def _check(table) -> tuple[ImportReport, list[Row]]:
    fields_by_name = {"".join(c.name.split()): c for c in IndustryChain.objects.filter(is_active=True)}
    report = ImportReport(total=len(table))
    rows, named, seen = [], [], {}
    for index, data in enumerate(table.dict):
        number = table.sheet_row(index)
        problems = []

        def text(column, limit, data=data, number=number, problems=problems):
            value = " ".join(cell_text(data.get(column)).split())
            if len(value) > limit:
                problems.append(Problem(number, column, f"不能超过{limit}个字。"))
            return value

        name, username, organisation = text("姓名", 50), text("登录用户名", 150), text("工作单位", 200)
        for column, value in (("姓名", name), ("登录用户名", username), ("工作单位", organisation)):
            if not value:
                problems.append(Problem(number, column, f"请填写{column}。"))
        if username and not USERNAME.match(username):
            problems.append(Problem(number, "登录用户名", "只能包含字母、数字和 @ . + - _，不能有空格或汉字。"))
        elif username:
            key = username.lower()
            if key in seen:
                problems.append(Problem(number, "登录用户名", f"与第{seen[key]}行重复。"))
            seen.setdefault(key, number)
        expertise = []
        for item in LIST_SPLIT.split(cell_text(data.get("专业领域"))):
            item = "".join(item.split())
            if not item:
                continue
            chain = fields_by_name.get(item)
            if chain is None:
                problems.append(Problem(number, "专业领域", f"未知的产业集群/产业链“{item}”。"))
            elif chain not in expertise:
                expertise.append(chain)
        email = text("电子邮箱", 254)
        if email:
            try:
                validate_email(email)
            except ValidationError:
                problems.append(Problem(number, "电子邮箱", f"“{email}”不是有效的电子邮箱地址。"))
        active_text = "".join(cell_text(data.get("是否在库")).split()).upper()
        if active_text not in YES | NO:
            problems.append(Problem(number, "是否在库", f"“{data.get('是否在库')}”应填写“是”或“否”。"))
        avoid = [n.strip() for n in AVOID_SPLIT.split(cell_text(data.get("需回避的单位"))) if n.strip()]
        if any(len(n) > 200 for n in avoid):
            problems.append(Problem(number, "需回避的单位", "单位名称不能超过200个字。"))
        row = Row(
            row=number,
            name=name,
            username=username,
            organisation=organisation,
            title=text("职称/职务", 100),
            expertise=expertise,
            phone=text("联系电话", 30),
            email=email,
            avoid=avoid,
            active=active_text not in NO,
        )
        if len(report.preview) < PREVIEW_ROWS:
            report.preview.append(row)
        report.problems += problems
        if username and USERNAME.match(username):
            named.append(row)
        if not problems:
            rows.append(row)
    taken = ImportReport()
    _refuse_taken(named, taken)
    report.problems += taken.problems
    bad_rows = {p.row for p in taken.problems}
    rows = [r for r in rows if r.row not in bad_rows]
    report.problems.sort(key=lambda p: (p.row, p.column))
    return report, rows


def _refuse_taken(rows, report):
    """Login names that exist already (in any letter case), one problem per row."""
    names = sorted({r.username.lower() for r in rows})
    taken = set()
    for start in range(0, len(names), 500):
        chunk = names[start : start + 500]
        taken.update(
            User.objects.annotate(lowered=Lower("username")).filter(lowered__in=chunk).values_list("lowered", flat=True)
        )
    for row in rows:
        if row.username.lower() in taken:
            report.problems.append(Problem(row.row, "登录用户名", "该登录用户名已被使用。"))


def _refusal(problems) -> ValidationError:
    return ValidationError([f"第{p.row}行 {p.column}：{p.message}" for p in problems])


def _password():
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(12))


def _write(rows, *, by) -> list[dict]:
    created = []
    with transaction.atomic():
        again = ImportReport()
        _refuse_taken(rows, again)  # registered since the rows were checked
        if not again.ok:
            raise _refusal(again.problems)
        for row in rows:
            password = _password()
            user = User(username=row.username, role=Role.EXPERT, name=row.name, phone=row.phone, email=row.email)
            user.set_password(password)
            user.save()
            profile = ExpertProfile(
                user=user,
                organisation=row.organisation,
                title=row.title,
                avoid_organisations=row.avoid,
                is_active=row.active,
            )
            profile._change_reason = "批量导入专家"
            profile.save()
            profile.expertise.set(row.expertise)
            created.append({"username": row.username, "name": row.name, "password": password})
    return created


def expert_import_preview(*, by, uploaded_file) -> ImportReport:
    """Every row checked, nothing saved, no transaction opened."""
    if not is_bureau.test(by):
        raise PermissionDenied("只有市知识产权局可以导入专家。")
    report, _ = _check(_table(uploaded_file))
    return report


def expert_import_confirm(*, by, uploaded_file) -> ImportReport:
    """Import every row or none: any problem raises a ValidationError listing them and nothing is saved. The
    report lists each new account with its initial password (to be shown once)."""
    if not is_bureau.test(by):
        raise PermissionDenied("只有市知识产权局可以导入专家。")
    report, rows = _check(_table(uploaded_file))
    if not report.ok:
        raise _refusal(report.problems)
    try:
        report.created = _write(rows, by=by)
    except IntegrityError as exc:  # a login name taken between the check and the insert (PostgreSQL)
        raise ValidationError("导入期间有登录用户名被他人占用，未导入任何专家，请重新上传。") from exc
    return report


def expert_template_xlsx() -> bytes:
    """The downloadable template: the headers, one example row, and a sheet of instructions."""
    import tablib

    data = tablib.Dataset(headers=[*REQUIRED, *OPTIONAL], title="专家名单")
    chains = list(IndustryChain.objects.filter(is_active=True).values_list("name", flat=True)[:2])
    data.append(
        [
            "张伟",
            "zhang.wei",
            "苏州大学",
            "教授",
            "、".join(chains),
            "13800000000",
            "zhang.wei@example.com",
            "苏州示例科技有限公司；苏州示例材料有限公司",
            "是",
        ]
    )
    notes = tablib.Dataset(headers=["列", "填写说明"], title="填写说明")
    notes.extend(
        [
            ("姓名", "必填。"),
            ("登录用户名", "必填，只能包含字母、数字和 @ . + - _；导入后系统为每位专家生成初始密码，仅显示一次。"),
            ("工作单位", "必填；专家不会被分配到本单位作为申报单位或联合申报单位的项目（回避）。"),
            (
                "专业领域",
                "选填，多个用“、”分隔，须为系统中的产业集群/产业链："
                + "、".join(IndustryChain.objects.filter(is_active=True).values_list("name", flat=True)),
            ),
            ("需回避的单位", "选填，多个用“；”分隔，例如原工作单位、近三年提供过咨询服务的企业。"),
            ("是否在库", "选填，填“是”或“否”，留空为“是”；“否”表示暂不分配评审任务。"),
        ]
    )
    return tablib.Databook((data, notes)).export("xlsx")
