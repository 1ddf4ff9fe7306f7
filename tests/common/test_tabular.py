"""The tolerant table reader: what Excel and WPS save on Chinese Windows, told apart by content, not by name."""

import csv
import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from common.tabular import clean_code, normalize_header, parse_date, read_table

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[1] / "data"
HEADERS = ["申请号", "专利名称", "申请日"]
ROW = ["201710601862.3", "一种检测方法", "2017-07-26"]


def _xlsx(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _csv(rows, encoding) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


def _refusal(content, name="专利清单.xlsx"):
    with pytest.raises(ValidationError) as err:
        read_table(SimpleUploadedFile(name, content))
    return err.value.messages


# ---- parse_date -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "value",
    [
        "2021-09-15",
        "2021/9/15",
        "2021.9.15",
        "2021年9月15日",
        "２０２１年９月１５日",
        "２０２１－０９－１５",
        "2021 年 9 月 15 日",
        "20210915",
        "2021/9/15 0:00",
        44454,
        44454.0,
        "44454",
        dt.date(2021, 9, 15),
        dt.datetime(2021, 9, 15, 0, 0),
    ],
)
def test_parse_date_reads_each_accepted_form(value):
    assert parse_date(value) == dt.date(2021, 9, 15)


@pytest.mark.parametrize("value", [None, "", "  "])
def test_parse_date_of_an_empty_cell_is_none(value):
    assert parse_date(value) is None


def test_parse_date_refuses_an_unknown_form_in_chinese():
    with pytest.raises(ValidationError) as err:
        parse_date("15/9/2021")
    assert err.value.messages == [
        "无法识别日期“15/9/2021”，请按 2021-09-15、2021/9/15、2021.9.15、2021年9月15日 等格式填写。"
    ]


def test_parse_date_refuses_a_day_that_does_not_exist():
    with pytest.raises(ValidationError) as err:
        parse_date("2021年2月30日")
    assert err.value.messages == ["日期“2021年2月30日”不存在，请核对年、月、日。"]


def test_parse_date_refuses_an_implausible_year():
    with pytest.raises(ValidationError) as err:
        parse_date("1850-01-01")
    assert err.value.messages == ["日期“1850-01-01”的年份不合理，请核对。"]


# ---- clean_code and headers -------------------------------------------------------------------------------------
def test_clean_code_makes_full_width_and_spaced_input_half_width_upper_case():
    assert clean_code(" ｚｌ２０１７ １０６０\u3000１８６２．３ ") == "ZL201710601862.3"


def test_clean_code_of_a_numeric_cell_has_no_spurious_decimal():
    assert (clean_code(201710601862.0), clean_code(201710601862.3), clean_code(None)) == (
        "201710601862",
        "201710601862.3",
        "",
    )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("申请号（必填）", "申请号"),
        ("*申请日【格式：2021-09-15】", "申请日"),
        (" 专利 名称 ", "专利名称"),
        ("国家／地区(选填)：", "国家/地区"),
    ],
)
def test_header_hints_markers_and_spaces_are_dropped(raw, expected):
    assert normalize_header(raw) == expected


# ---- read_table: formats ----------------------------------------------------------------------------------------
def test_xlsx_is_read_with_native_date_cells():
    table = read_table(SimpleUploadedFile("a.xlsx", _xlsx([HEADERS, ["201710601862.3", "方法", dt.date(2017, 7, 26)]])))
    assert (table.source_format, table.headers, list(table)) == (
        "xlsx",
        HEADERS,
        [("201710601862.3", "方法", dt.datetime(2017, 7, 26))],
    )


def test_xls_saved_by_libreoffice_is_read_with_date_cells_and_numbers():
    table = read_table((DATA / "patents_sample.xls").read_bytes())
    assert (table.source_format, len(table), table[0][5], table[1][0]) == (
        "xls",
        4,
        dt.datetime(2017, 7, 26),
        201910123450.2,
    )


@pytest.mark.parametrize("encoding", ["gb18030", "gbk", "utf-8-sig", "utf-8", "utf-16"])
def test_csv_is_read_in_each_encoding_excel_and_wps_save(encoding):
    table = read_table(SimpleUploadedFile("a.csv", _csv([HEADERS, ROW], encoding)))
    assert (table.source_format, table.headers, list(table)) == ("csv", HEADERS, [tuple(ROW)])


def test_format_is_told_by_content_not_by_name():
    table = read_table(SimpleUploadedFile("专利清单.csv", _xlsx([HEADERS, ROW])))
    assert table.source_format == "xlsx"


def test_first_worksheet_is_read_even_when_another_is_active():
    workbook = Workbook()
    workbook.active.append(HEADERS)
    workbook.active.append(ROW)
    notes = workbook.create_sheet("填写说明")
    notes.append(["说明"])
    workbook.active = 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert read_table(buffer.getvalue()).headers == HEADERS


# ---- read_table: rows -------------------------------------------------------------------------------------------
def test_empty_rows_are_skipped_and_sheet_row_numbers_kept():
    table = read_table(_xlsx([HEADERS, ROW, [None, " ", None], ROW]))
    assert (len(table), table.row_numbers) == (2, [2, 4])


def test_header_below_a_title_row_is_found_when_expected_headers_are_given():
    table = read_table(_xlsx([["某某公司专利清单"], [], HEADERS, ROW]), expected_headers={"申请号"})
    assert (table.headers, table.row_numbers) == (HEADERS, [4])


def test_header_aliases_rename_columns():
    table = read_table(_xlsx([["专利号", "专利名称", "申请日"], ROW]), header_aliases={"专利号": "申请号"})
    assert table.headers == HEADERS


def test_strings_are_stripped_and_blank_cells_become_none():
    table = read_table(_csv([HEADERS, [" 201710601862.3\u3000", "方法", ""]], "utf-8"))
    assert list(table) == [("201710601862.3", "方法", None)]


def test_columns_without_a_header_are_dropped():
    table = read_table(_xlsx([["申请号", None, "申请日"], ["201710601862.3", "备注", "2017-07-26"]]))
    assert (table.headers, list(table)) == (["申请号", "申请日"], [("201710601862.3", "2017-07-26")])


def test_too_many_rows_are_refused():
    with pytest.raises(ValidationError) as err:
        read_table(_csv([HEADERS, ROW, ROW, ROW], "utf-8"), max_rows=2)
    assert err.value.messages == ["文件中的数据超过2行，请分批整理或删去无关内容后重新上传。"]


# ---- read_table: refusals ---------------------------------------------------------------------------------------
def test_pdf_renamed_xlsx_is_refused_in_chinese():
    assert _refusal(b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n") == [
        "上传的是PDF文件，不是表格。请上传Excel（.xlsx、.xls）或CSV文件。"
    ]


def test_empty_file_is_refused():
    assert _refusal(b"") == ["上传的文件是空的。"]


def test_word_document_renamed_xlsx_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    assert _refusal(buffer.getvalue()) == [
        "该文件是压缩包或Word等文档，不是Excel工作簿。请上传Excel（.xlsx、.xls）或CSV文件。"
    ]


def test_broken_xls_is_refused():
    assert _refusal(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, name="a.xls") == [
        "无法读取该.xls文件：文件可能设置了打开密码、已损坏，或是Word等其他文档。请在Excel或WPS中取消密码，"
        "另存为.xlsx后重新上传。"
    ]


def test_html_table_saved_as_xls_is_refused():
    assert _refusal("<html><body><table><tr><td>申请号</td></tr></table></body></html>".encode(), name="a.xls") == [
        "该文件实际是网页（HTML/XML）格式，只是扩展名为Excel。请用Excel或WPS打开后另存为.xlsx再上传。"
    ]


def test_binary_that_is_not_text_is_refused():
    assert _refusal(b"\x00\x01\x02\x03binary", name="a.csv") == [
        "无法识别该文件的格式或文字编码。请上传Excel（.xlsx、.xls）或CSV文件。"
    ]


def test_repeated_header_is_refused_naming_both_columns():
    assert _refusal(_xlsx([["申请号", "专利名称", "申请号（必填）"], ROW])) == [
        "表头“申请号”出现了两次（第A列和第C列），请删去多余的一列。"
    ]
