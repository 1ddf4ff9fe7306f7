"""The shared xlsx writer: text stays text (formula injection, issue 9.2), numbers and money are numbers, dates are
dates in Suzhou time, the sheet is set up for reading (title, frozen header, widths)."""

import datetime
import io
from decimal import Decimal
from types import SimpleNamespace

import pytest

from documents import xlsx
from documents.xlsx import Column, Kind, SheetWriter, write_xlsx

from .sheets import sheet, sheet_xml, text

UTC = datetime.UTC
DANGEROUS = ['=HYPERLINK("http://evil","点我")', "+1+1", "-2", "@SUM(A1)", "\t制表", "\r回车", "=1+1", "_x000D_字面"]


def build(columns, rows, title="项目清单"):
    out = io.BytesIO()
    write_xlsx(out, title=title, columns=columns, rows=rows)
    return out.getvalue()


def test_text_that_looks_like_a_formula_is_a_string_cell_with_exactly_that_text():
    content = build([Column("企业名称", "name")], [SimpleNamespace(name=name) for name in DANGEROUS])
    cells = [row[0] for row in sheet(content).iter_rows(min_row=2)]
    assert [(c.data_type, text(c)) for c in cells] == [("s", name) for name in DANGEROUS]


def test_no_cell_of_an_export_holds_a_formula():
    content = build([Column("企业名称", "name")], [SimpleNamespace(name=name) for name in DANGEROUS])
    xml = sheet_xml(content)
    assert ("<f>" in xml, "<f " in xml, xml.count('t="inlineStr"')) == (False, False, 1 + len(DANGEROUS))


def test_non_string_values_of_a_text_column_are_written_as_text():
    content = build([Column("编号", "code")], [SimpleNamespace(code=320594)])
    cell = sheet(content)["A2"]
    assert (cell.data_type, cell.value) == ("s", "320594")


def test_money_is_a_number_with_two_decimals_so_that_sum_works():
    rows = [SimpleNamespace(amount=Decimal("1000000.00")), SimpleNamespace(amount=Decimal("0.10"))]
    ws = sheet(build([Column("申请市级资金（元）", "amount", Kind.MONEY)], rows))
    cells = [ws["A2"], ws["A3"]]
    assert [(c.data_type, c.value, c.number_format) for c in cells] == [
        ("n", 1000000.0, "#,##0.00"),
        ("n", 0.1, "#,##0.00"),
    ]


def test_money_of_fourteen_digits_survives_exactly():
    ws = sheet(build([Column("金额", "amount", Kind.MONEY)], [SimpleNamespace(amount=Decimal("999999999999.99"))]))
    assert Decimal(repr(ws["A2"].value)) == Decimal("999999999999.99")


def test_integers_are_number_cells():
    ws = sheet(build([Column("年度", "year", Kind.INTEGER)], [SimpleNamespace(year=2026)]))
    assert (ws["A2"].data_type, ws["A2"].value, ws["A2"].number_format) == ("n", 2026, "0")


def test_datetimes_are_date_cells_in_shanghai_time():
    moment = datetime.datetime(2026, 3, 4, 17, 0, tzinfo=UTC)
    ws = sheet(build([Column("提交时间", "at", Kind.DATETIME)], [SimpleNamespace(at=moment)]))
    cell = ws["A2"]
    assert (cell.data_type, cell.value, cell.number_format) == (
        "d",
        datetime.datetime(2026, 3, 5, 1, 0),
        'yyyy"年"m"月"d"日" hh:mm',
    )


def test_dates_are_date_cells_and_a_datetime_in_a_date_column_is_its_shanghai_day():
    rows = [
        SimpleNamespace(on=datetime.date(2026, 11, 25)),
        SimpleNamespace(on=datetime.datetime(2026, 3, 4, 17, tzinfo=UTC)),
    ]
    ws = sheet(build([Column("日期", "on", Kind.DATE)], rows))
    assert [(c.data_type, c.value, c.number_format) for c in (ws["A2"], ws["A3"])] == [
        ("d", datetime.datetime(2026, 11, 25), 'yyyy"年"m"月"d"日"'),
        ("d", datetime.datetime(2026, 3, 5), 'yyyy"年"m"月"d"日"'),
    ]


def test_none_and_empty_values_leave_the_cell_empty_in_every_kind():
    columns = [Column(kind.value, "v", kind) for kind in Kind]
    out = io.BytesIO()
    written = write_xlsx(out, title="t", columns=columns, rows=[SimpleNamespace(v=None), SimpleNamespace(v="")])
    ws = sheet(out.getvalue())
    values = [c.value for row in ws.iter_rows(min_row=2, max_row=3, max_col=len(Kind)) for c in row]
    assert (written, ws.auto_filter.ref, values) == (2, "A1:E3", [None] * 2 * len(Kind))


def test_values_are_read_by_dotted_path_or_function_and_a_missing_link_is_empty():
    columns = [Column("推荐单位", "district.name"), Column("状态", lambda row: f"状态{row.n}")]
    rows = [SimpleNamespace(district=SimpleNamespace(name="昆山市"), n=1), SimpleNamespace(district=None, n=2)]
    ws = sheet(build(columns, rows))
    assert [[c.value for c in row] for row in ws.iter_rows(min_row=2)] == [["昆山市", "状态1"], [None, "状态2"]]


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        (Kind.MONEY, "1000000.00"),
        (Kind.INTEGER, 1.5),
        (Kind.INTEGER, "3"),
        (Kind.DATE, "2026-03-05"),
        (Kind.DATETIME, 1),
    ],
)
def test_a_value_of_the_wrong_type_for_its_column_fails_loudly(kind, value):
    with pytest.raises(TypeError, match="“列”列应为"):
        build([Column("列", "v", kind)], [SimpleNamespace(v=value)])


def test_the_sheet_has_its_title_a_frozen_filterable_header_and_fitted_widths():
    columns = [Column("企业名称", "name"), Column("年度", "year", Kind.INTEGER), Column("备注", "note", width=40)]
    rows = [SimpleNamespace(name="苏州示例纳米科技股份有限公司", year=2026, note="")]
    ws = sheet(build(columns, rows))
    header = [(c.value, c.font.b) for c in ws[1]]
    widths = [int(ws.column_dimensions[letter].width) for letter in "ABC"]  # xlsxwriter adds 0.71 of padding
    assert (ws.title, ws.freeze_panes, ws.auto_filter.ref, header) == (
        "项目清单",
        "A2",
        "A1:C2",
        [("企业名称", True), ("年度", True), ("备注", True)],
    )
    assert widths == [30, 6, 40]  # 14 Chinese characters (28) + 2; "年度" (4) + 2; fixed


def test_sheet_titles_are_made_acceptable_to_excel():
    assert (xlsx.sheet_title("评分表[2026]/专家:甲"), xlsx.sheet_title("长" * 40)) == (
        "评分表_2026__专家_甲",
        "长" * 31,
    )


def test_more_rows_than_excel_holds_is_refused_in_chinese(monkeypatch):
    monkeypatch.setattr(xlsx, "MAX_ROWS", 3)
    with pytest.raises(ValueError, match="超过 Excel 单表上限（2 行）"):
        build([Column("名", "n")], [SimpleNamespace(n=str(i)) for i in range(3)])


def test_an_error_while_writing_still_removes_the_temporary_row_file(tmp_path, monkeypatch):
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))

    def boom(row):
        raise RuntimeError("读取失败")

    with pytest.raises(RuntimeError), SheetWriter(io.BytesIO(), title="t", columns=[Column("名", boom)]) as writer:
        writer.write(object())
    assert list(tmp_path.iterdir()) == []
