"""What reading one uploaded table may cost: hostile files are refused, in Chinese, before they cost it.

The files are built in the test (``tests/common/hostile_tables.py``); limits that take many cells to reach are
lowered with ``monkeypatch`` so that each test stays well under a second while running the same check."""

import io
import time
import zipfile

import pytest
from django.core.exceptions import ValidationError

from common import tabular
from common.tabular import read_table
from tests.common import hostile_tables as hostile


def _refusal(content):
    with pytest.raises(ValidationError) as err:
        read_table(content)
    return err.value.messages


# ---- .xlsx: the ZIP container -----------------------------------------------------------------------------------
def test_a_sheet_inflating_to_a_gigabyte_is_refused_before_it_is_read():
    bomb = hostile.whitespace_bomb(gigabytes=1)
    started = time.perf_counter()
    messages = _refusal(bomb)
    assert (messages, len(bomb) < 2 * tabular.MIB, time.perf_counter() - started < 0.5) == (
        ["该Excel文件解压后共1.0GB，超过了64MB的上限。请删去无关的工作表、图片等内容后重新上传。"],
        True,
        True,
    )


def test_three_million_shared_strings_are_refused_by_the_size_of_their_part():
    assert _refusal(hostile.shared_strings_bomb(3_000_000)) == [
        "该Excel文件中的共享字符串表（xl/sharedStrings.xml）解压后为48.6MB，超过了16MB的上限。请删去无关内容后重新上传。"
    ]


def test_a_part_that_inflates_a_hundred_fold_is_refused_as_a_zip_bomb():
    # 8 MB of one repeated row: under every size limit, but no real sheet compresses 500-fold
    row = b'<row><c t="inlineStr"><is><t>1</t></is></c></row>'
    sheet = hostile.deflated_run(hostile.SHEET_HEAD.encode(), row * 1000, 160, hostile.SHEET_TAIL.encode())
    ratio = sheet.size / len(sheet.data)
    assert _refusal(hostile.xlsx([sheet])) == [
        f"该Excel文件中的工作表（xl/worksheets/sheet1.xml）压缩比异常（{ratio:.0f}倍，正常的工作簿不超过100倍），"
        "可能是恶意构造的文件，无法读取。"
    ]


def test_a_zip_with_more_parts_than_a_workbook_has_is_refused_before_its_directory_is_read():
    assert _refusal(hostile.many_members(tabular.XLSX_MAX_MEMBERS)) == [
        "该Excel文件包含的部件超过1000个，不是正常的工作簿。请在Excel或WPS中另存为新的.xlsx文件后重新上传。"
    ]


def test_a_styles_part_too_big_to_parse_whole_is_refused(monkeypatch):
    monkeypatch.setattr(tabular, "XLSX_MAX_PART_BYTES", tabular.MIB)
    styles = "<styleSheet>" + "".join(f'<numFmt numFmtId="{i}" formatCode="0.{i}"/>' for i in range(40_000))
    size = len((styles + "</styleSheet>").encode())
    assert _refusal(hostile.xlsx(extra={"xl/styles.xml": styles + "</styleSheet>"})) == [
        f"该Excel文件中的样式表（xl/styles.xml）解压后为{size / tabular.MIB:.1f}MB，超过了1MB的上限。"
        "请删去无关内容后重新上传。"
    ]


def test_a_doctype_with_entities_is_refused_before_any_expansion():
    assert _refusal(hostile.doctype_workbook()) == [
        "该Excel文件中的部件“xl/workbook.xml”含有DOCTYPE声明（正常的工作簿没有），可能是恶意构造的文件，无法读取。"
    ]


# ---- .xlsx: the sheet ---------------------------------------------------------------------------------------------
def test_a_value_in_column_xfd_is_refused_naming_the_cell_and_the_limit():
    assert _refusal(hostile.wide_row("XFD")) == [
        "第1行第XFD列还有内容，表格最多100列（A至CV列）。请删去右侧无关的内容后重新上传。"
    ]


def test_a_value_one_column_past_the_limit_is_refused_and_one_at_the_limit_is_read():
    assert _refusal(hostile.wide_row("CW")) == [
        "第1行第CW列还有内容，表格最多100列（A至CV列）。请删去右侧无关的内容后重新上传。"
    ]
    assert read_table(hostile.wide_row("CV")).headers == ["申请号", "专利名称", "备注"]


def test_a_formatted_empty_cell_in_column_xfd_is_cut_without_widening_the_rows():
    data = hostile.wide_row("XFD", valued=False)
    widths = [len(row) for row in tabular._xlsx_rows(data)]  # what openpyxl built, before read_table drops any
    assert (widths, list(read_table(data))) == ([2, 2], [("201710601862.3", "方法")])


def test_a_value_below_the_last_row_read_is_refused():
    assert _refusal(hostile.value_at_row(tabular.MAX_SHEET_ROWS + 1)) == [
        "第50001行还有内容，表格最多读取到第50000行。请删去下方无关的内容后重新上传。"
    ]


def test_a_value_on_the_last_row_read_is_read_with_its_row_number():
    table = read_table(hostile.value_at_row(tabular.MAX_SHEET_ROWS))
    assert (list(table), table.row_numbers) == ([("合计", None)], [tabular.MAX_SHEET_ROWS])


def test_more_sheets_than_the_limit_are_refused_before_openpyxl_builds_them():
    assert _refusal(hostile.many_sheets(tabular.MAX_SHEETS + 1)) == [
        "工作簿中的工作表超过50个。请删去多余的工作表后重新上传（系统只读取第一个工作表）。"
    ]


def test_formatted_empty_cells_count_towards_the_cell_limit(monkeypatch):
    monkeypatch.setattr(tabular, "MAX_CELLS", 1000)
    assert _refusal(hostile.many_empty_cells(1000)) == [
        "工作表中的单元格（包括只设置了格式的空单元格）超过1000个。请删去无关的行和列，"
        "或把数据复制到新的工作簿后重新上传。"
    ]


def test_too_many_distinct_shared_strings_are_refused_while_counted(monkeypatch):
    monkeypatch.setattr(tabular, "MAX_SHARED_STRINGS", 1000)
    assert _refusal(hostile.many_shared_strings(1001)) == [
        "工作簿中不同的文字内容（共享字符串）超过1000个。请删去无关的工作表或内容后重新上传。"
    ]


def _scanned_parts(monkeypatch):
    """The names of the parts ``_PartScan`` reads in full (filled as the test reads a file)."""
    names, run = [], tabular._PartScan.run

    def recording(scan, stream):
        if not scan.prolog_only:
            names.append(scan.name)
        return run(scan, stream)

    monkeypatch.setattr(tabular._PartScan, "run", recording)
    return names


def _strings_part(strings: list[str], between: str = "") -> str:
    return f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{hostile.MAIN}">{between.join(strings)}</sst>'


@pytest.mark.parametrize("prefixed", [False, True])
def test_too_many_shared_strings_are_counted_in_the_bytes_before_expat_reads_them(monkeypatch, prefixed):
    """300,001 strings are refused in a tenth of a second, not after a second of expat callbacks; a tag with a
    namespace prefix counts as one."""
    monkeypatch.setattr(tabular, "MAX_SHARED_STRINGS", 1000)
    scanned = _scanned_parts(monkeypatch)
    tag = "x:si" if prefixed else "si"
    sst = _strings_part([f'<{tag}><x:t xmlns:x="{hostile.MAIN}">专利{i}</x:t></{tag}>' for i in range(1001)])
    sst = sst.replace("<sst ", f'<sst xmlns:x="{hostile.MAIN}" ')
    data = hostile.xlsx([hostile.sheet_xml({1: '<c r="A1" t="s"><v>0</v></c>'})], shared_strings=sst)
    assert (_refusal(data), "xl/sharedStrings.xml" in scanned) == (
        ["工作簿中不同的文字内容（共享字符串）超过1000个。请删去无关的工作表或内容后重新上传。"],
        False,
    )


@pytest.mark.parametrize("shift", range(-4, 5))
def test_a_string_tag_across_two_chunks_is_counted_once(monkeypatch, shift):
    """The part is read 64 KiB at a time; the second <si> starts a few bytes either side of the boundary."""
    monkeypatch.setattr(tabular, "MAX_SHARED_STRINGS", 1)
    head = b'<?xml version="1.0"?><sst><si><t>'
    filler = b"a" * (64 * tabular.KIB - len(head) - len(b"</t></si>") + shift)
    part = head + filler + b"</t></si><si><t>b</t></si></sst>"
    with pytest.raises(ValidationError):
        tabular._refuse_counted_strings(io.BytesIO(part))
    tabular._refuse_counted_strings(io.BytesIO(part.replace(b"<si><t>b</t></si>", b"")))  # one string: no refusal


@pytest.mark.parametrize(
    "markup",
    [
        "<!-- 批注 <si><t>甲</t></si><si><t>乙</t></si> -->",
        "<si><t><![CDATA[<si><t>甲</t></si><si><t>乙</t></si>]]></t></si>",
        "<?note <si><t>甲</t></si><si><t>乙</t></si>?>",
    ],
)
def test_tags_inside_a_comment_cdata_or_instruction_are_left_to_expat_to_count(monkeypatch, markup):
    """Where "<" may open no tag the bytes are not counted: 999 strings and two lookalikes are read, 1,001
    strings are still refused (by the scan)."""
    monkeypatch.setattr(tabular, "MAX_SHARED_STRINGS", 1000)
    count = 998 if markup.startswith("<si>") else 999  # the CDATA's own <si> is a string

    def workbook(strings):
        sst = _strings_part([f"<si><t>专利{i}</t></si>" for i in range(strings)] + [markup])
        return hostile.xlsx([hostile.sheet_xml({1: '<c r="A1" t="s"><v>0</v></c>'})], shared_strings=sst)

    assert read_table(workbook(count)).headers == ["专利0"]
    assert _refusal(workbook(count + 2)) == [
        "工作簿中不同的文字内容（共享字符串）超过1000个。请删去无关的工作表或内容后重新上传。"
    ]


def test_shared_strings_too_long_together_are_refused(monkeypatch):
    monkeypatch.setattr(tabular, "MAX_SHARED_CHARS", 4000)  # 1000 strings hold 4,890
    assert _refusal(hostile.many_shared_strings(1000)) == [
        "工作簿中的文字内容（共享字符串）合计超过4000个字符。请删去无关的工作表或内容后重新上传。"
    ]


def test_a_worksheet_declared_as_the_shared_strings_is_still_scanned_as_a_worksheet(monkeypatch):
    """The shared strings are read by handlers that look only at strings; a part that is also a worksheet
    (its content type says shared strings, the workbook says worksheet) keeps the worksheet's checks."""
    monkeypatch.setattr(tabular, "MAX_CELLS", 1000)
    with zipfile.ZipFile(io.BytesIO(hostile.many_empty_cells(1000))) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(
        b"spreadsheetml.worksheet+xml", b"spreadsheetml.sharedStrings+xml"
    )
    assert _refusal(hostile.zip_bytes(members)) == [
        "工作表中的单元格（包括只设置了格式的空单元格）超过1000个。请删去无关的行和列，"
        "或把数据复制到新的工作簿后重新上传。"
    ]


def test_as_many_shared_strings_as_the_limit_are_read(monkeypatch):
    monkeypatch.setattr(tabular, "MAX_SHARED_STRINGS", 1000)
    assert read_table(hostile.many_shared_strings(1000)).headers == ["专利0"]


def test_a_cell_longer_than_excel_allows_is_refused_naming_the_cell():
    assert _refusal(hostile.long_cell(tabular.MAX_CELL_CHARS + 1)) == [
        "第2行第B列的内容超过32767个字符（Excel单元格的上限），无法读取。"
    ]


def test_a_cell_as_long_as_excel_allows_is_read():
    assert len(read_table(hostile.long_cell(tabular.MAX_CELL_CHARS))[0][1]) == tabular.MAX_CELL_CHARS


def test_a_run_of_whitespace_between_rows_is_refused_even_under_the_size_limits():
    assert _refusal(hostile.whitespace_between_rows(tabular.MAX_CELL_CHARS + 1)) == [
        "该Excel文件中的工作表（xl/worksheets/sheet1.xml）有一段超过32767个字符的连续文字或空白"
        "（单元格最多32767个字符），不是正常的工作簿内容，无法读取。"
    ]


def test_a_table_of_real_size_passes_every_limit():
    table = read_table(hostile.largest_accepted_xlsx(rows=300, columns=20))
    assert (len(table), len(table.headers), table[299][19], table.row_numbers[-1]) == (
        300,
        20,
        "一种基于深度学习的表面缺陷检测方法301-19",
        301,
    )


# ---- CSV --------------------------------------------------------------------------------------------------------
def test_a_csv_with_an_unclosed_quote_running_to_the_end_is_refused_as_a_giant_field():
    assert _refusal(hostile.csv_giant_field(200_000)) == [
        "CSV文件第2行有单元格超过32767个字符（Excel单元格的上限），常见原因是引号没有成对。请检查后重新上传。"
    ]


def test_a_csv_field_longer_than_excel_allows_is_refused():
    assert _refusal(hostile.csv_giant_field(tabular.MAX_CELL_CHARS + 1, quoted=False)) == [
        "CSV文件第2行有单元格超过32767个字符（Excel单元格的上限），常见原因是引号没有成对。请检查后重新上传。"
    ]


def test_a_csv_of_blank_lines_past_the_limit_is_refused_before_it_is_parsed():
    assert _refusal("申请号,专利名称\n".encode() + b"\n" * tabular.MAX_SHEET_ROWS) == [
        "CSV文件超过50000行（含空行），请删去无关内容后重新上传。"
    ]


def test_a_csv_line_of_commas_is_refused_before_the_csv_module_builds_it():
    assert _refusal("申请号,专利名称\n".encode() + b"," * tabular.MAX_CELLS) == [
        "CSV文件中的单元格超过300000个，请删去无关的行和列后重新上传。"
    ]


def test_a_csv_value_past_the_last_column_is_refused_and_empty_fields_there_are_cut():
    far = ",".join(["申请号", "专利名称", *[""] * 98, "备注"])
    assert _refusal(far.encode()) == ["第1行第CW列还有内容，表格最多100列（A至CV列）。请删去右侧无关的内容后重新上传。"]
    trailing = ",".join(["申请号", "专利名称", *[""] * 500]) + "\n201710601862.3,方法" + "," * 500
    assert list(read_table(trailing.encode())) == [("201710601862.3", "方法")]


# ---- .xls ---------------------------------------------------------------------------------------------------------
def test_an_xls_with_more_sheets_than_the_limit_is_refused_before_xlrd_opens_it():
    assert _refusal(hostile.xls([hostile.xls_cells({1: ["申请号"]})] * (tabular.MAX_SHEETS + 1))) == [
        "工作簿中的工作表超过50个。请删去多余的工作表后重新上传（系统只读取第一个工作表）。"
    ]


def test_an_xls_value_in_its_last_column_iv_is_refused():
    row = ["申请号", "专利名称", *[None] * 253, "备注"]  # column 256, IV: the last an .xls has
    assert _refusal(hostile.xls([hostile.xls_cells({1: row})])) == [
        "第1行第IV列还有内容，表格最多100列（A至CV列）。请删去右侧无关的内容后重新上传。"
    ]


def test_an_xls_value_below_the_last_row_read_is_refused():
    cells = hostile.xls_cells({1: ["申请号"], tabular.MAX_SHEET_ROWS + 1: ["合计"]})
    assert _refusal(hostile.xls([cells])) == [
        "第50001行还有内容，表格最多读取到第50000行。请删去下方无关的内容后重新上传。"
    ]


def test_an_xls_with_too_many_cells_is_refused_before_they_are_iterated(monkeypatch):
    monkeypatch.setattr(tabular, "MAX_CELLS", 1000)
    cells = hostile.xls_cells({r: ["1"] * 10 for r in range(1, 102)})
    assert _refusal(hostile.xls([cells])) == [
        "工作表中的单元格（包括只设置了格式的空单元格）超过1000个。请删去无关的行和列，"
        "或把数据复制到新的工作簿后重新上传。"
    ]


def test_an_xls_declaring_too_many_shared_strings_is_refused_before_xlrd_reads_them(monkeypatch):
    monkeypatch.setattr(tabular, "MAX_SHARED_STRINGS", 1000)
    assert _refusal(hostile.xls_shared_strings(1001)) == [
        "工作簿中不同的文字内容（共享字符串）超过1000个。请删去无关的工作表或内容后重新上传。"
    ]
    assert read_table(hostile.xls_shared_strings(1000)).headers == ["一0"]


def test_a_small_xls_reads_with_row_numbers_and_short_rows():
    cells = hostile.xls_cells({1: ["申请号", "专利名称"], 2: ["201710601862.3", "方法"], 4: ["x"]})
    table = read_table(hostile.xls([cells]))
    assert (table.source_format, list(table), table.row_numbers) == (
        "xls",
        [("201710601862.3", "方法"), ("x", None)],
        [2, 4],
    )


def test_shared_strings_read_in_the_scan_are_those_openpyxl_reads():
    """The scan keeps the shared strings so that openpyxl need not parse them again: rich text runs joined,
    phonetic runs left out, line breaks and escapes as openpyxl gives them."""
    import io

    from openpyxl import load_workbook

    strings = [
        "<si><t>申请号</t></si>",
        "<si><r><rPr><b/></rPr><t>专利</t></r><r><t>名称</t></r></si>",
        '<si><t>東京</t><rPh sb="0" eb="2"><t>トウキョウ</t></rPh></si>',
        '<si><t xml:space="preserve">一行\r\n二行 _x005F_x000D_ &amp; &lt;</t></si>',
        "<si><t/></si>",
        "<si><t>甲</t><v>乙</v></si>",  # openpyxl reads only the <t> of a string
    ]
    sst = f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{hostile.MAIN}">{"".join(strings)}</sst>'
    cells = "".join(f'<c r="{letter}1" t="s"><v>{i}</v></c>' for i, letter in enumerate("ABCDEF"))
    data = hostile.xlsx([hostile.sheet_xml({1: cells, 2: '<c r="A2"><v>1</v></c>'})], shared_strings=sst)
    sheet = load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
    sheet.reset_dimensions()  # the test sheet's <dimension> says A1
    openpyxl_row = next(sheet.iter_rows(values_only=True))
    assert (
        next(tabular._xlsx_rows(data))
        == openpyxl_row
        == (
            "申请号",
            "专利名称",
            "東京",
            "一行\n二行 _x000D_ & <",
            "",
            "甲",
        )
    )
