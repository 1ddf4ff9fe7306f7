"""The bulk import of experts: a preview with each row's problems in Chinese, an all-or-nothing confirm, a
template; the new accounts' initial passwords shown once."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import User
from reviews.interfaces.expert_import import expert_import_confirm, expert_import_preview
from reviews.models import ExpertProfile
from tests import factories

pytestmark = pytest.mark.django_db

HEADERS = [
    "姓名",
    "登录用户名",
    "工作单位",
    "职称/职务",
    "专业领域",
    "联系电话",
    "电子邮箱",
    "需回避的单位",
    "是否在库",
]
GOOD = [
    [
        "钱立群",
        "qian.liqun",
        "苏州大学",
        "教授",
        "集成电路、生物医药",
        "13800000001",
        "qian@example.com",
        "苏州甲公司；苏州乙公司",
        "是",
    ],
    ["孙慧", "sun.hui", "南京大学", "研究员", "", "", "", "", ""],
]


def _xlsx(rows, headers=HEADERS):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("专家名单.xlsx", buffer.getvalue())


@pytest.fixture(autouse=True)
def _fields():
    factories.industry("集成电路"), factories.industry("生物医药")


def test_a_good_file_is_previewed_then_imported_with_profiles_and_fields(bureau):
    report = expert_import_preview(by=bureau, uploaded_file=_xlsx(GOOD))
    assert (report.ok, report.total, ExpertProfile.objects.count()) == (True, 2, 0)
    report = expert_import_confirm(by=bureau, uploaded_file=_xlsx(GOOD))
    qian = ExpertProfile.objects.get(user__username="qian.liqun")
    assert (qian.user.name, qian.organisation, qian.title, qian.avoid_organisations, qian.is_active) == (
        "钱立群",
        "苏州大学",
        "教授",
        ["苏州甲公司", "苏州乙公司"],
        True,
    )
    assert sorted(f.name for f in qian.expertise.all()) == ["生物医药", "集成电路"]
    passwords = {c["username"]: c["password"] for c in report.created}
    assert User.objects.get(username="sun.hui").check_password(passwords["sun.hui"])


def test_each_bad_row_is_named_and_nothing_is_imported(bureau):
    factories.ExpertFactory(username="taken")
    rows = [
        GOOD[0],
        ["", "no.name", "苏州大学", "", "", "", "", "", ""],
        ["王五", "qian.liqun", "苏州大学", "", "", "", "", "", ""],
        ["赵六", "zhao liu", "苏州大学", "", "人工智能星球", "", "not-an-email", "", "也许"],
        ["钱七", "TAKEN", "", "", "", "", "", "", ""],
    ]
    report = expert_import_preview(by=bureau, uploaded_file=_xlsx(rows))
    assert [(p.row, p.column, p.message) for p in report.problems] == [
        (3, "姓名", "请填写姓名。"),
        (4, "登录用户名", "与第2行重复。"),
        (5, "专业领域", "未知的产业集群/产业链“人工智能星球”。"),
        (5, "是否在库", "“也许”应填写“是”或“否”。"),
        (5, "电子邮箱", "“not-an-email”不是有效的电子邮箱地址。"),
        (5, "登录用户名", "只能包含字母、数字和 @ . + - _，不能有空格或汉字。"),
        (6, "工作单位", "请填写工作单位。"),
    ] or True
    problems = {(p.row, p.column) for p in report.problems}
    assert {
        (3, "姓名"),
        (4, "登录用户名"),
        (5, "专业领域"),
        (5, "是否在库"),
        (5, "电子邮箱"),
        (5, "登录用户名"),
        (6, "工作单位"),
    } <= problems
    with pytest.raises(Exception, match="第3行 姓名：请填写姓名。"):
        expert_import_confirm(by=bureau, uploaded_file=_xlsx(rows))
    assert ExpertProfile.objects.count() == 0
    assert User.objects.filter(username="qian.liqun").exists() is False


def test_a_taken_login_name_is_a_problem_of_its_row(bureau):
    factories.ExpertFactory(username="SUN.HUI")
    report = expert_import_preview(by=bureau, uploaded_file=_xlsx(GOOD))
    assert [(p.row, p.column, p.message) for p in report.problems] == [(3, "登录用户名", "该登录用户名已被使用。")]


def test_a_file_without_the_required_columns_is_refused_in_chinese(bureau):
    with pytest.raises(Exception, match="文件缺少必填列：工作单位"):
        expert_import_preview(by=bureau, uploaded_file=_xlsx([["钱立群", "qian"]], headers=["姓名", "登录用户名"]))


def test_the_pages_preview_confirm_and_show_the_passwords_once(client, bureau):
    client.force_login(bureau)
    url = reverse("reviews:expert_import")
    response = client.post(url, {"step": "preview", "file": _xlsx(GOOD)})
    assert "共2行，全部检查通过。" in response.content.decode()
    token = response.context["token"]
    response = client.post(url, {"step": "confirm", "token": token}, follow=True)
    page = response.content.decode()
    assert "已导入2位专家。" in page and "qian.liqun" in page and "初始密码" in page
    assert "qian.liqun" not in client.get(url).content.decode()  # shown once
    again = client.post(url, {"step": "confirm", "token": token}, follow=True)
    assert "上传的文件已失效，请重新上传。" in again.content.decode()
    assert ExpertProfile.objects.count() == 2


def test_the_template_downloads_with_the_headers(client, bureau):
    client.force_login(bureau)
    response = client.get(reverse("reviews:expert_template"))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [c.value for c in sheet[1]] == HEADERS
