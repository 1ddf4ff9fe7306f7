"""The bureau's bulk import of enterprises: preview with per-row problems, all-or-nothing confirm."""

import io

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from directory.interfaces.enterprise_import import (
    enterprise_import_confirm,
    enterprise_import_preview,
    enterprise_template_xlsx,
)
from directory.models import Enterprise
from tests import factories

pytestmark = pytest.mark.django_db

HEADERS = ["企业名称", "统一社会信用代码", "所属市、区", "成立日期", "国家知识产权示范企业"]
GOOD = [
    ["苏州甲科技有限公司", "91310110666007217T", "苏州工业园区", "2015年6月1日", "是"],
    ["昆山乙材料有限公司", " ９１３５０５００６７６５３２７７９ｂ ", "昆山市", "2018/3/9", "否"],
]


def _xlsx(rows, headers=HEADERS):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("企业.xlsx", buffer.getvalue())


def _csv(rows, encoding):
    text = "\n".join(",".join(r) for r in [HEADERS, *rows])
    return SimpleUploadedFile("企业.csv", text.encode(encoding))


def test_preview_of_a_good_file_has_no_problems_and_saves_nothing(bureau):
    report = enterprise_import_preview(by=bureau, uploaded_file=_xlsx(GOOD))
    assert (report.ok, report.total, Enterprise.objects.count()) == (True, 2, 0)


def test_confirm_imports_every_row_with_normalised_codes(bureau):
    enterprise_import_confirm(by=bureau, uploaded_file=_xlsx(GOOD))
    second = Enterprise.objects.get(uscc="91350500676532779B")
    assert (second.district.name, str(second.founded_on)) == ("昆山市", "2018-03-09")
    assert Enterprise.objects.get(uscc="91310110666007217T").is_national_ip_demonstration is True


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8-sig"])
def test_csv_from_chinese_excel_is_read(bureau, encoding):
    report = enterprise_import_preview(by=bureau, uploaded_file=_csv([[c.strip() for c in r] for r in GOOD], encoding))
    assert (report.ok, report.total) == (True, 2)


def test_each_bad_row_is_listed_with_row_and_column(bureau):
    factories.EnterpriseFactory(uscc="91370100780603055K")
    rows = [
        GOOD[0],
        ["坏校验码公司", "91310110666007217A", "苏州工业园区", "", "否"],
        ["未知市区公司", "91510100350611266D", "上海市", "", "否"],
        ["重复公司", "91310110666007217T", "苏州工业园区", "", "否"],
        ["已在库公司", "91370100780603055K", "苏州工业园区", "", "否"],
        ["日期错公司", "91350500676532779B", "昆山市", "2021-13-40", "也许"],
    ]
    report = enterprise_import_preview(by=bureau, uploaded_file=_xlsx(rows))
    found = {(p.row, p.column) for p in report.problems}
    assert found == {
        (3, "统一社会信用代码"),
        (4, "所属市、区"),
        (5, "统一社会信用代码"),
        (6, "统一社会信用代码"),
        (7, "成立日期"),
        (7, "国家知识产权示范企业"),
    }
    messages = {(p.row, p.message) for p in report.problems}
    assert (3, "统一社会信用代码校验位错误：第18位应为“T”，而不是“A”，请核对。") in messages
    assert (4, "未知的市、区“上海市”。") in messages
    assert (5, "统一社会信用代码与第2行重复。") in messages
    assert (6, "该统一社会信用代码已登记，同一企业不能重复登记。") in messages
    assert Enterprise.objects.count() == 1


def test_confirm_with_one_bad_row_saves_nothing(bureau):
    rows = [GOOD[0], ["坏校验码公司", "91310110666007217A", "苏州工业园区", "", "否"]]
    with pytest.raises(ValidationError) as err:
        enterprise_import_confirm(by=bureau, uploaded_file=_xlsx(rows))
    assert err.value.messages == [
        "第3行 统一社会信用代码：统一社会信用代码校验位错误：第18位应为“T”，而不是“A”，请核对。"
    ]
    assert Enterprise.objects.count() == 0


def test_wrong_columns_are_refused_with_the_expected_headers(bureau):
    with pytest.raises(ValidationError) as err:
        enterprise_import_preview(by=bureau, uploaded_file=_xlsx([["a", "b"]], headers=["名称", "代码"]))
    assert err.value.messages[0].startswith("文件缺少必填列：企业名称、统一社会信用代码、所属市、区。")


def test_non_table_file_is_refused(bureau):
    with pytest.raises(ValidationError) as err:
        enterprise_import_preview(by=bureau, uploaded_file=SimpleUploadedFile("企业.xlsx", factories.MINIMAL_PDF))
    assert "PDF" in err.value.messages[0]


def test_district_official_cannot_import(district_official):
    with pytest.raises(PermissionDenied):
        enterprise_import_preview(by=district_official, uploaded_file=_xlsx(GOOD))


def test_template_imports_cleanly(bureau):
    report = enterprise_import_preview(
        by=bureau, uploaded_file=SimpleUploadedFile("模板.xlsx", enterprise_template_xlsx())
    )
    assert (report.ok, report.total) == (True, 1)
