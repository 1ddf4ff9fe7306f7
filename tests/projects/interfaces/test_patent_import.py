"""The patent-list import: every accepted format, Chinese (row, column, problem) errors, all or nothing, and only
the enterprise's own users while the application is editable."""

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from projects.interfaces.patent_import import (
    HEADERS,
    PatentImportError,
    RowError,
    canonical_patent_number,
    patent_import_confirm,
    patent_import_preview,
    patent_template_xlsx,
)
from projects.lifecycle.funnel import project_transition
from projects.models import Application, Patent
from tests import factories

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[2] / "data"

INVENTION = ["201710601862.3", "一种表面缺陷检测方法", "发明", "有效", "CN", "2017-07-26", "2020-05-12"]
INVENTION_2 = ["201810000001.4", "一种电池管理方法", "发明", "有效", "", "2018-03-01", "2021-04-02"]
UTILITY = ["202020123456.8", "一种散热装置", "实用新型", "有效", "", "2020-01-15", "2020-09-08"]
DESIGN = ["202130456789.2", "智能终端外壳", "外观设计", "审中", "", "2021-06-01", ""]
FOREIGN = ["US11234567B2", "Method for detecting defects", "发明", "有效", "", "2019-03-12", "2022-01-25"]
FOREIGN_PENDING = ["EP3912345A1", "Battery management", "发明", "审中", "欧洲", "2020-05-06", ""]


def _xlsx(rows, headers=HEADERS, name="专利清单.xlsx"):
    workbook = Workbook()
    workbook.active.append(list(headers))
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def _csv(rows, encoding, headers=HEADERS):
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows([list(headers), *rows])
    return SimpleUploadedFile("专利清单.csv", buffer.getvalue().encode(encoding))


COLUMN = {"number": 0, "title": 1, "type": 2, "status": 3, "region": 4, "filed": 5, "granted": 6}


def _row(base, **changes):
    """``base`` with some cells changed, by short name (see COLUMN)."""
    row = list(base)
    for name, value in changes.items():
        row[COLUMN[name]] = value
    return row


def _errors(project, user, rows):
    return patent_import_preview(project=project, by=user, uploaded_file=_xlsx(rows)).errors


def _old_patent(project):
    return Patent.objects.create(
        project=project,
        number="201810000002.9",
        title="旧清单中的专利",
        type="invention",
        legal_status="valid",
        filing_date=dt.date(2018, 1, 1),
        grant_date=dt.date(2020, 1, 1),
    )


def _stored(project):
    return list(project.patents.order_by("pk").values_list("number", flat=True))


def _counts(project):
    app = Application.objects.get(project=project)
    return (app.valid_invention_patents, app.foreign_invention_applications, app.foreign_invention_grants)


@pytest.fixture
def counts_before(project):
    return _counts(project)


# ---- accepted formats -------------------------------------------------------------------------------------------
def test_xlsx_preview_lists_rows_and_the_counts_the_engine_would_get(project, enterprise_user):
    report = patent_import_preview(
        project=project, by=enterprise_user, uploaded_file=_xlsx([INVENTION, UTILITY, DESIGN, FOREIGN])
    )
    assert (report.errors, [p.number for p in report.patents], [p.row for p in report.patents]) == (
        [],
        ["201710601862.3", "202020123456.8", "202130456789.2", "US11234567B2"],
        [2, 3, 4, 5],
    )
    assert report.counts == {
        "valid_invention_patents": 1,
        "foreign_invention_applications": 1,
        "foreign_invention_grants": 1,
    }


def test_preview_saves_nothing(project, enterprise_user, counts_before):
    _old_patent(project)
    updated_at = project.updated_at
    patent_import_preview(project=project, by=enterprise_user, uploaded_file=_xlsx([INVENTION, FOREIGN]))
    assert (_stored(project), _counts(project), project.updated_at) == (["201810000002.9"], counts_before, updated_at)


def test_xls_sample_saved_by_libreoffice_imports(project, enterprise_user):
    upload = SimpleUploadedFile("专利清单.xls", (DATA / "patents_sample.xls").read_bytes())
    report = patent_import_preview(project=project, by=enterprise_user, uploaded_file=upload)
    assert (
        report.source_format,
        report.errors,
        [(p.number, p.jurisdiction, p.filing_date) for p in report.patents],
    ) == (
        "xls",
        [],
        [
            ("201710601862.3", "CN", dt.date(2017, 7, 26)),
            ("201910123450.2", "CN", dt.date(2019, 2, 1)),
            ("202020123456.8", "CN", dt.date(2020, 1, 15)),
            ("US11234567B2", "US", dt.date(2019, 3, 12)),
        ],
    )


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8-sig"])
def test_csv_with_chinese_headers_imports(project, enterprise_user, encoding):
    report = patent_import_preview(
        project=project, by=enterprise_user, uploaded_file=_csv([INVENTION, UTILITY, FOREIGN_PENDING], encoding)
    )
    assert (report.source_format, report.errors, [p.number for p in report.patents]) == (
        "csv",
        [],
        ["201710601862.3", "202020123456.8", "EP3912345A1"],
    )


@pytest.mark.parametrize(
    "filed",
    ["2017-07-26", "2017/7/26", "2017.7.26", "2017年7月26日", "２０１７年７月２６日", dt.date(2017, 7, 26), 42942],
)
def test_each_date_form_is_read(project, enterprise_user, filed):
    report = patent_import_preview(
        project=project, by=enterprise_user, uploaded_file=_xlsx([_row(INVENTION, filed=filed)])
    )
    assert (report.errors, report.patents[0].filing_date) == ([], dt.date(2017, 7, 26))


def test_full_width_digits_spaces_and_zl_prefix_in_numbers_are_normalised(project, enterprise_user):
    report = patent_import_preview(
        project=project,
        by=enterprise_user,
        uploaded_file=_xlsx([_row(INVENTION, number="ＺＬ ２０１７ １０６０\u3000１８６２．３")]),
    )
    assert (report.errors, report.patents[0].number) == ([], "201710601862.3")


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("ZL201710601862.3", "201710601862.3"),
        ("CN201710601862.3", "201710601862.3"),
        ("2017106018623", "201710601862.3"),
        ("97101765.4", "97101765.4"),
        ("us 11,234,567 b2", "US11234567B2"),
        (201710601862.3, "201710601862.3"),
    ],
)
def test_numbers_are_stored_as_application_numbers_without_zl(raw, stored):
    assert canonical_patent_number(raw) == stored


def test_numeric_cell_that_lost_its_check_character_zero_is_restored():
    assert canonical_patent_number(201810000009) == "201810000009.0"


def test_numeric_cell_without_check_character_is_refused(project, enterprise_user):
    assert _errors(project, enterprise_user, [_row(INVENTION_2, number=201810000001)]) == [
        RowError(
            2,
            "申请号",
            "申请号201810000001格式不正确：应为12位数字加校验位（如201710601862.3）或8位数字加校验位（如97101765.4）。",
        )
    ]


def test_template_headers_with_hints_and_aliases_and_a_title_row_import(project, enterprise_user):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["某某科技有限公司专利清单"])
    sheet.append(["专利号（必填）", "专利名称", "专利类型", "法律状态", "国家／地区", "申请日期", "授权公告日"])
    sheet.append(INVENTION)
    sheet.append([None] * 7)
    sheet.append(INVENTION_2)
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = patent_import_preview(
        project=project, by=enterprise_user, uploaded_file=SimpleUploadedFile("a.xlsx", buffer.getvalue())
    )
    assert (report.errors, [p.row for p in report.patents]) == ([], [3, 5])


def test_extra_columns_are_ignored(project, enterprise_user):
    upload = _xlsx([["1", *INVENTION, "张三"]], headers=["序号", *HEADERS, "发明人"])
    report = patent_import_preview(project=project, by=enterprise_user, uploaded_file=upload)
    assert (report.errors, [p.number for p in report.patents]) == ([], ["201710601862.3"])


# ---- row errors -------------------------------------------------------------------------------------------------
def test_wrong_check_character_is_reported_with_row_and_column(project, enterprise_user):
    assert _errors(project, enterprise_user, [UTILITY, _row(INVENTION, number="201710601862.4")]) == [
        RowError(3, "申请号", "申请号201710601862.4校验位错误：应为“3”，而不是“4”。")
    ]


def test_type_digit_contradicting_the_declared_type_is_reported(project, enterprise_user):
    assert _errors(project, enterprise_user, [_row(UTILITY, type="发明", granted="2020-09-08")]) == [
        RowError(
            2,
            "专利类型",
            "申请号202020123456.8的类型位为“2”，与所填类型“发明”不一致（1、8为发明，2、9为实用新型，3为外观设计）。",
        )
    ]


def test_duplicate_number_names_both_rows_even_written_differently(project, enterprise_user):
    assert _errors(project, enterprise_user, [INVENTION, UTILITY, _row(INVENTION, number="ZL 2017106018623")]) == [
        RowError(4, "申请号", "申请号201710601862.3与第2行重复，同一件专利只填写一行。")
    ]


def test_row_numbers_are_those_of_the_sheet_after_an_empty_row(project, enterprise_user):
    rows = [INVENTION, [None] * 7, _row(UTILITY, type="外观")]
    assert [(e.row, e.column) for e in _errors(project, enterprise_user, rows)] == [(4, "专利类型")]


def test_unknown_type_and_status_are_reported_per_column(project, enterprise_user):
    assert _errors(project, enterprise_user, [_row(INVENTION, type="发明专利权", status="维持")]) == [
        RowError(2, "专利类型", "专利类型应填发明、实用新型或外观设计，而不是“发明专利权”。"),
        RowError(2, "法律状态", "法律状态应填有效、审中或失效，而不是“维持”。"),
    ]


def test_missing_required_cells_are_reported(project, enterprise_user):
    assert _errors(project, enterprise_user, [_row(INVENTION, number="", title=" ", filed="")]) == [
        RowError(2, "申请号", "请填写申请号。"),
        RowError(2, "专利名称", "请填写专利名称。"),
        RowError(2, "申请日", "请填写申请日。"),
    ]


def test_unreadable_date_is_reported_with_the_accepted_forms(project, enterprise_user):
    assert _errors(project, enterprise_user, [_row(INVENTION, filed="26/07/2017")]) == [
        RowError(
            2, "申请日", "无法识别日期“26/07/2017”，请按 2021-09-15、2021/9/15、2021.9.15、2021年9月15日 等格式填写。"
        )
    ]


def test_grant_date_before_filing_date_is_refused(project, enterprise_user):
    assert _errors(project, enterprise_user, [_row(INVENTION, granted="2016-01-01")]) == [
        RowError(2, "授权日", "授权日2016年1月1日早于申请日2017年7月26日，请核对。")
    ]


def test_date_in_the_future_is_refused(project, enterprise_user):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    assert _errors(project, enterprise_user, [_row(INVENTION, granted=tomorrow)]) == [
        RowError(2, "授权日", f"授权日{tomorrow.year}年{tomorrow.month}月{tomorrow.day}日晚于今天，请核对。")
    ]


def test_filing_date_after_the_year_in_the_number_is_refused(project, enterprise_user):
    assert _errors(project, enterprise_user, [_row(INVENTION, filed="2018-01-02", granted="2020-05-12")]) == [
        RowError(2, "申请日", "申请日2018年1月2日晚于申请号201710601862.3中的年份2017年，请核对。")
    ]


def test_valid_chinese_invention_needs_a_grant_date(project, enterprise_user):
    assert _errors(project, enterprise_user, [_row(INVENTION, granted="")]) == [
        RowError(2, "授权日", "有效的中国发明专利须填写授权日。")
    ]


def test_valid_utility_model_and_foreign_invention_may_omit_the_grant_date(project, enterprise_user):
    assert _errors(project, enterprise_user, [_row(UTILITY, granted=""), _row(FOREIGN, granted="")]) == []


def test_pending_patent_with_a_grant_date_is_refused(project, enterprise_user):
    assert _errors(project, enterprise_user, [_row(DESIGN, granted="2021-12-01")]) == [
        RowError(2, "授权日", "法律状态为“审中”的专利尚未授权，不应填写授权日；已授权的请将法律状态改为“有效”。")
    ]


# ---- 国家/地区 ---------------------------------------------------------------------------------------------------
def test_region_is_inferred_from_the_number_and_chinese_names_become_codes(project, enterprise_user):
    rows = [INVENTION_2, FOREIGN, FOREIGN_PENDING, _row(FOREIGN_PENDING, number="PCT/CN2020/123456", region="")]
    report = patent_import_preview(project=project, by=enterprise_user, uploaded_file=_xlsx(rows))
    assert (report.errors, [p.jurisdiction for p in report.patents]) == ([], ["CN", "US", "EP", "WO"])


def test_cn_declared_for_a_foreign_number_is_refused(project, enterprise_user):
    assert _errors(project, enterprise_user, [_row(FOREIGN, region="CN")]) == [
        RowError(2, "国家/地区", "申请号US11234567B2是国（境）外专利（US），国家/地区不能填CN。")
    ]


def test_foreign_region_for_a_chinese_number_is_refused(project, enterprise_user):
    assert _errors(project, enterprise_user, [_row(INVENTION, region="日本")]) == [
        RowError(2, "国家/地区", "申请号201710601862.3是中国专利申请号，国家/地区应为CN，而不是“JP”。")
    ]


def test_foreign_number_without_office_prefix_is_refused(project, enterprise_user):
    assert _errors(project, enterprise_user, [_row(FOREIGN, number="11234567", region="US")]) == [
        RowError(2, "申请号", "国（境）外专利的申请号请以国家/地区代码开头，如US11234567。")
    ]


# ---- file errors ------------------------------------------------------------------------------------------------
def test_missing_column_is_one_error_listing_the_expected_headers(project, enterprise_user):
    with pytest.raises(ValidationError) as err:
        patent_import_preview(project=project, by=enterprise_user, uploaded_file=_xlsx([], headers=["申请号", "标题"]))
    assert err.value.messages == [
        "表格的列不正确，缺少：专利名称、专利类型、法律状态、国家/地区、申请日、授权日。第一行应为以下列名："
        "申请号、专利名称、专利类型、法律状态、国家/地区、申请日、授权日（文件中的列：申请号、标题）。"
        "请下载模板，按模板填写后重新上传。"
    ]


def test_pdf_renamed_xlsx_is_refused_and_nothing_saved(project, enterprise_user):
    upload = SimpleUploadedFile("专利清单.xlsx", factories.MINIMAL_PDF)
    with pytest.raises(ValidationError) as err:
        patent_import_confirm(project=project, by=enterprise_user, uploaded_file=upload)
    assert (err.value.messages, _stored(project)) == (
        ["上传的是PDF文件，不是表格。请上传Excel（.xlsx、.xls）或CSV文件。"],
        [],
    )


def test_file_with_only_headers_is_refused(project, enterprise_user):
    with pytest.raises(ValidationError) as err:
        patent_import_preview(project=project, by=enterprise_user, uploaded_file=_xlsx([]))
    assert err.value.messages == ["文件中只有表头，没有专利数据。"]


# ---- confirm ----------------------------------------------------------------------------------------------------
def test_confirm_replaces_the_old_list_and_sets_the_counts(project, enterprise_user):
    _old_patent(project)
    rows = [INVENTION, INVENTION_2, UTILITY, DESIGN, FOREIGN, FOREIGN_PENDING]
    patent_import_confirm(project=project, by=enterprise_user, uploaded_file=_xlsx(rows))
    assert _stored(project) == [
        "201710601862.3",
        "201810000001.4",
        "202020123456.8",
        "202130456789.2",
        "US11234567B2",
        "EP3912345A1",
    ]
    assert _counts(project) == (2, 2, 1)


def test_confirm_stores_codes_and_dates(project, enterprise_user):
    patent_import_confirm(project=project, by=enterprise_user, uploaded_file=_xlsx([FOREIGN_PENDING]))
    stored = project.patents.values_list("type", "legal_status", "jurisdiction", "filing_date", "grant_date").get()
    assert stored == ("invention", "pending", "EP", dt.date(2020, 5, 6), None)


def test_confirm_with_any_wrong_row_saves_nothing_and_carries_the_errors(project, enterprise_user, counts_before):
    _old_patent(project)
    rows = [INVENTION, FOREIGN, _row(UTILITY, number="202020123456.9")]
    with pytest.raises(PatentImportError) as err:
        patent_import_confirm(project=project, by=enterprise_user, uploaded_file=_xlsx(rows))
    assert err.value.messages == ["第4行“申请号”：申请号202020123456.9校验位错误：应为“8”，而不是“9”。"]
    assert (err.value.report.errors[0].row, _stored(project), _counts(project)) == (
        4,
        ["201810000002.9"],
        counts_before,
    )


def test_the_same_upload_can_be_previewed_then_confirmed(project, enterprise_user):
    upload = _xlsx([INVENTION, FOREIGN])
    preview = patent_import_preview(project=project, by=enterprise_user, uploaded_file=upload)
    confirmed = patent_import_confirm(project=project, by=enterprise_user, uploaded_file=upload)
    assert (preview.counts, _stored(project)) == (confirmed.counts, ["201710601862.3", "US11234567B2"])


# ---- access -----------------------------------------------------------------------------------------------------
def test_another_enterprises_user_is_refused(project):
    stranger = factories.EnterpriseUserFactory()
    with pytest.raises(PermissionDenied):
        patent_import_confirm(project=project, by=stranger, uploaded_file=_xlsx([INVENTION]))
    assert _stored(project) == []


def test_another_enterprises_user_cannot_preview(project):
    with pytest.raises(PermissionDenied):
        patent_import_preview(project=project, by=factories.EnterpriseUserFactory(), uploaded_file=_xlsx([INVENTION]))


def test_bureau_admin_cannot_import_for_the_enterprise(project, bureau):
    with pytest.raises(PermissionDenied):
        patent_import_confirm(project=project, by=bureau, uploaded_file=_xlsx([INVENTION]))


def test_import_after_submission_is_refused(project, enterprise_user):
    project_transition(project=project, transition="submit", by=enterprise_user)
    with pytest.raises(ValidationError) as err:
        patent_import_confirm(project=project, by=enterprise_user, uploaded_file=_xlsx([INVENTION]))
    assert (err.value.messages, _stored(project)) == (["申报书当前状态为“待形式审查”，不能修改。"], [])


def test_preview_after_submission_is_refused(project, enterprise_user):
    project_transition(project=project, transition="submit", by=enterprise_user)
    with pytest.raises(ValidationError) as err:
        patent_import_preview(project=project, by=enterprise_user, uploaded_file=_xlsx([INVENTION]))
    assert err.value.messages == ["申报书当前状态为“待形式审查”，不能修改。"]


# ---- template ---------------------------------------------------------------------------------------------------
def test_template_has_the_headers_an_example_per_type_and_the_instructions_sheet():
    workbook = load_workbook(io.BytesIO(patent_template_xlsx()))
    sheet = workbook.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert (workbook.sheetnames, rows[0], [row[2] for row in rows[1:]]) == (
        ["专利清单", "填写说明"],
        HEADERS,
        ["发明", "实用新型", "外观设计", "发明"],
    )


def test_filled_in_template_imports_as_it_is(project, enterprise_user):
    upload = SimpleUploadedFile("模板.xlsx", patent_template_xlsx())
    report = patent_import_preview(project=project, by=enterprise_user, uploaded_file=upload)
    assert (report.errors, len(report.patents), report.counts) == (
        [],
        4,
        {"valid_invention_patents": 1, "foreign_invention_applications": 1, "foreign_invention_grants": 1},
    )
