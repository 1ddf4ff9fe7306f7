"""A tolerant reader for the tables enterprises and officials upload: what Excel and WPS save on Chinese Windows.

``read_table(uploaded_file)`` returns a ``tablib.Dataset`` (a ``Table``, which also remembers the row number the
user sees in Excel for every data row). The format is told by the content, never by the file's name:

- a ZIP container → .xlsx (openpyxl; formulas give their last computed value);
- an OLE2 compound file (``D0 CF 11 E0``) → .xls (xlrd; date cells become ``datetime``);
- anything else that decodes as text → CSV: UTF-8 with or without BOM, else GB18030 (a superset of GBK/GB2312,
  which is what "CSV (逗号分隔)" is on Chinese Windows); UTF-16 with a BOM ("Unicode 文本") too;
- a PDF, an image, an HTML page saved as ".xls", an empty file → ``ValidationError`` with a Chinese message.

Only the first worksheet is read (a template's instructions sheet comes after the data). The header row is the
first non-empty row, or — when ``expected_headers`` is given — the first of the opening rows that holds one of
them, so a title row above the table does no harm. Header cells are normalised (``normalize_header``): NFKC,
no spaces, no ``*`` markers, no trailing hint in brackets such as "（必填）". Fully empty rows are skipped.
Columns without a header are dropped. Cell values keep their type (str, int, float, datetime, bool, None);
strings are stripped and an integral float (every number in an .xls) becomes an int.

Reading is bounded (see the limits below): a file that would cost more than a real table of ``MAX_ROWS`` rows —
a ZIP bomb, a gigabyte of whitespace in a sheet, millions of shared strings, a value in column XFD, a CSV with an
unclosed quote — is refused before that cost is paid, with a Chinese message naming what is too big and the
limit. The .xlsx is read by openpyxl in read-only mode, after one streaming pass over its parts.

Also here, for the importers built on it: ``parse_date`` (Excel date cells, Excel serial numbers and the text
forms people type) and ``clean_code`` (codes and numbers: NFKC, no spaces, upper case).
"""

import codecs
import csv
import datetime as dt
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from xml.parsers import expat

import tablib
from django.core.exceptions import ValidationError

# ---- limits -----------------------------------------------------------------------------------------------------
# What reading one uploaded table may cost. Each limit is checked *before* the cost it bounds is paid: the ZIP
# directory's sizes before anything is decompressed; the shared strings, the workbook's sheet list and the
# worksheets by one streaming pass (expat, constant memory) before openpyxl loads them (that pass also reads the
# shared strings, so openpyxl's slower reader of them is skipped); a CSV's lines and delimiters before it is
# parsed; an .xls's sheets and shared strings from its records before xlrd opens it, its rows and cells before
# they are iterated. Every refusal says in
# Chinese what is too big and what the limit is. ``benchmarks/tabular.py`` builds a hostile file for each limit
# and the largest file they all accept, and measures time and peak memory of reading each.
KIB = 1024
MIB = 1024 * KIB

MAX_BYTES = 10 * MIB  # the upload as stored (compressed, for an .xlsx)
MAX_ROWS = 5000  # data rows below the header (the default of ``read_table(max_rows=...)``)
HEADER_SEARCH_ROWS = 10  # how many non-empty opening rows may hold the header when ``expected_headers`` is given
MAX_SHEETS = 50  # sheets in a workbook (.xlsx, .xls); only the first is read, but every one costs at load
MAX_SHEET_ROWS = 50_000  # the last row (.xlsx, .xls) or line (CSV) that may hold anything, empty rows counted
MAX_COLUMNS = 100  # A–CV: a value further right is refused; empty, formatted cells further right are cut unread
MAX_CELLS = 300_000  # cells stored in one sheet, formatted empty ones too (.xlsx, .xls), or delimiters in a CSV
MAX_CELL_CHARS = 32_767  # Excel's own limit for one cell; any longer text (or run of whitespace) is refused
# .xlsx only: the ZIP container and what openpyxl keeps in memory whatever the sheet uses.
XLSX_MAX_MEMBERS = 1000  # parts in the ZIP (zipfile holds the whole directory in memory)
XLSX_MAX_UNCOMPRESSED = 64 * MIB  # all parts together, as declared by the ZIP directory
XLSX_MAX_SHEET_BYTES = 32 * MIB  # one worksheet part, uncompressed (streamed: it costs time, not memory)
XLSX_MAX_SHARED_STRINGS_BYTES = 16 * MIB  # the shared-strings part, uncompressed (openpyxl loads it whole)
XLSX_MAX_PART_BYTES = 4 * MIB  # any other part (styles, workbook, relationships…): openpyxl parses it whole
XLSX_MAX_RATIO = 100  # uncompressed ÷ compressed size of one part larger than XLSX_RATIO_FLOOR (zip bombs)
XLSX_RATIO_FLOOR = 1 * MIB
MAX_SHARED_STRINGS = 300_000  # distinct strings in the workbook (openpyxl keeps each as a Python str)
MAX_SHARED_CHARS = 8_000_000  # their characters together

ACCEPTED = "请上传Excel（.xlsx、.xls）或CSV文件。"

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
_OTHER_FORMATS = (  # (magic, what it is) for files that are certainly not a table
    (b"%PDF", "PDF文件"),
    (b"\x89PNG", "PNG图片"),
    (b"\xff\xd8\xff", "JPG图片"),
    (b"GIF8", "GIF图片"),
    (b"Rar!", "RAR压缩包"),
    (b"7z\xbc\xaf", "7z压缩包"),
    (b"\x1f\x8b", "GZIP压缩包"),
    (b"MZ", "可执行程序"),
)


class Table(tablib.Dataset):
    """A ``tablib.Dataset`` that also knows, for each data row, its row number in the user's sheet (1-based,
    the header row counted) and the format it was read from ("xlsx", "xls" or "csv").

    Operations that build a new Dataset (slicing, filtering) return a plain ``Dataset`` without these."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.row_numbers: list[int] = []
        self.source_format = ""

    def sheet_row(self, index: int) -> int:
        """The sheet row of the data row at ``index`` (0-based)."""
        return self.row_numbers[index]


# ---- cells ------------------------------------------------------------------------------------------------------
_SPACES = re.compile(r"\s+")


def cell_value(value):
    """One cell as the importers want it: strings stripped (full-width spaces too) and empty → None; an integral
    float → int; everything else unchanged."""
    if isinstance(value, str):
        value = value.strip().strip("\u3000\ufeff\u200b").strip()
        return value or None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def cell_text(value) -> str:
    """A cell as text: "" for empty; numbers without a spurious ".0" and never in scientific notation."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return repr(value) if "e" not in repr(value) else format(value, "f").rstrip("0").rstrip(".")
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    return str(value).strip()


def clean_code(value) -> str:
    """A code or number as typed in a cell: NFKC (full-width letters and digits → half-width), no spaces of any
    kind, upper case. ``None`` → ""."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", cell_text(value))).upper()


_HINT = re.compile(r"[(\[【〔][^()\[\]【】〔〕]*[)\]】〕]$")


def normalize_header(value) -> str:
    """A header cell compared by what it says: NFKC, no spaces, no ``*`` required-markers, no trailing colon and
    no trailing hint in brackets ("申请号（必填）", "*申请日【格式：2021-09-15】" → "申请号", "申请日")."""
    text = _SPACES.sub("", unicodedata.normalize("NFKC", cell_text(value)))
    previous = None
    while text != previous:
        previous = text
        text = text.strip("*＊:：")
        text = _HINT.sub("", text)
    return text


# ---- dates ------------------------------------------------------------------------------------------------------
DATE_FORMS = "2021-09-15、2021/9/15、2021.9.15、2021年9月15日"
EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 1 is 1900-01-01 in the 1900 date system (Excel, WPS on Windows)
_TIME_TAIL = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
_DATE_PATTERNS = (
    re.compile(r"^(?P<y>\d{4})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})" + _TIME_TAIL + "$"),
    re.compile(r"^(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})[日号]?$"),
    re.compile(r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})$"),  # 20210915, as patent databases export dates
)
_SERIAL = re.compile(r"^\d{5}(?:\.\d+)?$")  # 44454 = 2021-09-15; five digits cover 1927–2173
MIN_YEAR, MAX_YEAR = 1900, 2099


def _date_error(text):
    return ValidationError(f"无法识别日期“{text}”，请按 {DATE_FORMS} 等格式填写。", code="invalid_date")


def _from_serial(serial: float, original) -> dt.date:
    if not 1 <= serial < 2958466:  # Excel's last date is 9999-12-31
        raise _date_error(original)
    return EXCEL_EPOCH + dt.timedelta(days=int(serial))


def _checked(day: dt.date, original) -> dt.date:
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise ValidationError(f"日期“{original}”的年份不合理，请核对。", code="invalid_date")
    return day


def parse_date(value) -> dt.date | None:
    """A date from a cell: an Excel date cell (``datetime``/``date``), an Excel serial number (44454), or text
    typed as 2021-09-15, 2021/9/15, 2021.9.15, 2021年9月15日 or 20210915 (full-width digits and a trailing
    time of day are accepted). Empty → ``None``; anything else → ``ValidationError`` in Chinese."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return _checked(value.date(), cell_text(value))
    if isinstance(value, dt.date):
        return _checked(value, value.isoformat())
    if isinstance(value, bool):
        raise _date_error(cell_text(value))
    if isinstance(value, int | float):
        return _checked(_from_serial(value, cell_text(value)), cell_text(value))
    original = str(value).strip()
    text = _SPACES.sub(" ", unicodedata.normalize("NFKC", original)).strip()
    if not text:
        return None
    text = re.sub(r"\s*([-/.年月日])\s*", r"\1", text)  # "2021 年 9 月 15 日"
    if _SERIAL.match(text):
        return _checked(_from_serial(float(text), original), original)
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            try:
                day = dt.date(int(match["y"]), int(match["m"]), int(match["d"]))
            except ValueError:
                raise ValidationError(f"日期“{original}”不存在，请核对年、月、日。", code="invalid_date") from None
            return _checked(day, original)
    raise _date_error(original)


# ---- reading the file -------------------------------------------------------------------------------------------
def _size_text(size: int) -> str:
    return f"{size / 1024 / MIB:.1f}GB" if size >= 1024 * MIB else f"{size / MIB:.1f}MB"


def _too_big():
    return ValidationError(f"文件过大（超过{MAX_BYTES // MIB}MB），请删去无关内容后重新上传。")


def _read_bytes(uploaded_file) -> bytes:
    if isinstance(uploaded_file, bytes | bytearray):
        if len(uploaded_file) > MAX_BYTES:
            raise _too_big()
        return bytes(uploaded_file)
    size = getattr(uploaded_file, "size", None)
    if size is not None and size > MAX_BYTES:
        raise _too_big()
    if hasattr(uploaded_file, "seek"):
        uploaded_file.seek(0)  # the same upload may be read twice (preview, then confirm)
    data = uploaded_file.read(MAX_BYTES + 1)
    if isinstance(data, str):
        data = data.encode("utf-8")
    if len(data) > MAX_BYTES:
        raise _too_big()
    return data


# Messages shared by the three formats.
def _columns_refusal(row: int, column: int) -> ValidationError:
    return ValidationError(
        f"第{row}行第{column_letter(column - 1)}列还有内容，表格最多{MAX_COLUMNS}列"
        f"（A至{column_letter(MAX_COLUMNS - 1)}列）。请删去右侧无关的内容后重新上传。",
        code="too_many_columns",
    )


def _rows_refusal(row: int) -> ValidationError:
    return ValidationError(
        f"第{row}行还有内容，表格最多读取到第{MAX_SHEET_ROWS}行。请删去下方无关的内容后重新上传。", code="too_many_rows"
    )


def _cells_refusal() -> ValidationError:
    return ValidationError(
        f"工作表中的单元格（包括只设置了格式的空单元格）超过{MAX_CELLS}个。请删去无关的行和列，"
        "或把数据复制到新的工作簿后重新上传。",
        code="too_many_cells",
    )


def _shared_strings_refusal() -> ValidationError:
    return ValidationError(
        f"工作簿中不同的文字内容（共享字符串）超过{MAX_SHARED_STRINGS}个。请删去无关的工作表或内容后重新上传。",
        code="too_many_shared_strings",
    )


def _sheets_refusal() -> ValidationError:
    return ValidationError(
        f"工作簿中的工作表超过{MAX_SHEETS}个。请删去多余的工作表后重新上传（系统只读取第一个工作表）。",
        code="too_many_sheets",
    )


_BROKEN_XLSX = f"无法读取该Excel文件，文件可能已损坏。{ACCEPTED}"
_BROKEN_XLS = (
    "无法读取该.xls文件：文件可能设置了打开密码、已损坏，或是Word等其他文档。请在Excel或WPS中取消密码，"
    "另存为.xlsx后重新上传。"
)


# ---- .xlsx: the ZIP container -----------------------------------------------------------------------------------
_EOCD = b"PK\x05\x06"


def _refuse_too_many_members(data: bytes) -> None:
    """Count the ZIP's parts from its end-of-directory record, before ``zipfile`` reads the whole directory
    (a 10 MB file can hold 200,000 empty parts). The record is found the way ``zipfile`` finds it."""
    at = len(data) - 22 if data[-22:-18] == _EOCD else data.rfind(_EOCD, max(len(data) - 22 - 65535, 0))
    if at < 0:
        return  # not a readable ZIP: zipfile says so below
    entries = int.from_bytes(data[at + 10 : at + 12], "little")  # 0xFFFF: ZIP64, more than any workbook needs
    if entries > XLSX_MAX_MEMBERS:
        raise ValidationError(
            f"该Excel文件包含的部件超过{XLSX_MAX_MEMBERS}个，不是正常的工作簿。请在Excel或WPS中另存为新的.xlsx文件后重新上传。",
            code="xlsx_members",
        )


def _part_label(name: str) -> str:
    if name.startswith("xl/worksheets/"):
        return f"工作表（{name}）"
    if name.lower().endswith("sharedstrings.xml"):
        return f"共享字符串表（{name}）"
    if name.endswith("styles.xml"):
        return f"样式表（{name}）"
    return f"部件“{name}”"


def _check_total_size(infos: list[zipfile.ZipInfo]) -> None:
    """All parts together, as the ZIP directory declares their sizes. zipfile never inflates a part past its
    declared size (it stops there and fails the CRC check), so declared sizes bound what inflating can produce."""
    total = sum(info.file_size for info in infos)
    if total > XLSX_MAX_UNCOMPRESSED:
        raise ValidationError(
            f"该Excel文件解压后共{_size_text(total)}，超过了{XLSX_MAX_UNCOMPRESSED // MIB}MB的上限。"
            "请删去无关的工作表、图片等内容后重新上传。",
            code="xlsx_uncompressed",
        )


def _check_part_size(info: zipfile.ZipInfo, limit: int) -> None:
    if info.file_size > limit:
        raise ValidationError(
            f"该Excel文件中的{_part_label(info.filename)}解压后为{_size_text(info.file_size)}，"
            f"超过了{limit // MIB}MB的上限。请删去无关内容后重新上传。",
            code="xlsx_part_size",
        )
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size > XLSX_RATIO_FLOOR and ratio > XLSX_MAX_RATIO:
        raise ValidationError(
            f"该Excel文件中的{_part_label(info.filename)}压缩比异常（{ratio:.0f}倍，正常的工作簿不超过"
            f"{XLSX_MAX_RATIO}倍），可能是恶意构造的文件，无法读取。",
            code="xlsx_ratio",
        )


_STRING_START = re.compile(rb"<(?:[^\s/>!?:<]{1,64}:)?si[\s/>]")  # <si>, <si ...>, <x:si>: a shared string's start tag
_NOT_A_TAG = re.compile(rb"<[!?]")  # a comment, CDATA, a processing instruction or a DOCTYPE: "<" in no tag
_XML_DECLARATION = re.compile(rb"^(?:\xef\xbb\xbf)?\s*<\?xml[^>]*>")


def _refuse_counted_strings(stream) -> None:
    """Refuse a shared-strings part whose ``<si>`` start tags, counted in its bytes, are more than
    ``MAX_SHARED_STRINGS``: a regular expression finds 300,001 of them in a few hundredths of a second, where
    expat takes about a second to call back for each (the refusal would cost as much as reading them).

    The count in the bytes is exact only where every "<" opens a tag: with a comment, CDATA, a processing
    instruction or a DOCTYPE after the XML declaration (none of which a spreadsheet program writes there), or in
    a part not encoded in UTF-8, nothing is refused here and ``_PartScan`` counts. A tag is never counted
    twice or split: each chunk is cut before its last "<" and that tail read with the next chunk."""
    count, carry, first = 0, b"", True
    while True:
        chunk = stream.read(64 * KIB)
        data = carry + chunk
        if not data:
            break
        cut = data.rfind(b"<") if chunk else len(data)
        if cut < 0 or len(data) - cut > 128:  # no tag is open at the end (a <si ...> is read within 68 bytes)
            cut = len(data)
        body, carry = data[:cut], data[cut:]
        if first:
            body, first = _XML_DECLARATION.sub(b"", body, count=1), False
        if _NOT_A_TAG.search(body):
            return
        count += len(_STRING_START.findall(body))
    if count > MAX_SHARED_STRINGS:
        raise _shared_strings_refusal()


class _RootReached(Exception):
    """Stops a prolog-only scan at the first element."""


class _LocalNames(dict):
    """Element names without their namespace prefix ("x:c" → "c"), each worked out once (a dict lookup per
    element, not a call)."""

    def __missing__(self, name: str) -> str:
        local = self[name] = name[name.find(":") + 1 :]
        return local


class _PartScan:
    """One streaming pass over an XML part with expat, in constant memory whatever the part holds.

    Refuses a DOCTYPE (entity expansion), any run of text longer than a cell may be (openpyxl's ElementTree
    collects a run whole, so a gigabyte of whitespace between two tags becomes a gigabyte string), and counts,
    refusing past their limits: ``<sheet>`` (workbook), ``<si>`` and their characters (shared strings), ``<c>``
    (cells, formatted empty ones too). For cells that hold a value it keeps the last row and the rightmost
    column; a value past ``MAX_COLUMNS`` or ``MAX_SHEET_ROWS`` is refused. Element names are compared without
    their namespace prefix, so a prefixed ``<x:c>`` counts too.

    With ``collect_strings`` it also keeps the shared strings as openpyxl reads them (the text of an ``<si>``'s
    ``<t>`` and ``<r><t>``, not of its phonetic ``<rPh>``; "x005F_" removed), so that openpyxl need not parse
    the table a second time, and more slowly. A shared-strings part that is nothing else (``strings_only``) is
    read by handlers that look only at what openpyxl reads there (``<si>``, ``<t>``, ``<rPh>``): fewer tests per
    element, and a ``<v>`` inside a string is not taken for its text (openpyxl does not take it either)."""

    def __init__(
        self, name: str, *, prolog_only: bool = False, collect_strings: bool = False, strings_only: bool = False
    ):
        self.name, self.prolog_only, self.strings_only = name, prolog_only, strings_only
        self.sheets = self.strings = self.chars = self.cells = 0
        self.last_row = self.max_column = 0
        self.shared: list[str] | None = [] if collect_strings else None
        self._row = self._column = self._run = self._phonetic = 0
        self._in_cell = self._in_text = self._in_string = self._valued = False
        self._pieces: list[str] = []
        self._locals = _LocalNames()

    def run(self, stream) -> "_PartScan":
        parser = expat.ParserCreate()
        parser.buffer_text = True  # fewer, larger character callbacks (at most buffer_size characters each)
        parser.StartDoctypeDeclHandler = self._doctype
        parser.EntityDeclHandler = self._doctype
        parser.StartElementHandler = self._start_string if self.strings_only else self._start
        parser.EndElementHandler = self._end_string if self.strings_only else self._end
        parser.CharacterDataHandler = self._characters
        try:
            while chunk := stream.read(64 * KIB):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
        except _RootReached:
            pass
        except expat.ExpatError:
            raise ValidationError(_BROKEN_XLSX) from None
        return self

    def _doctype(self, *args):
        raise ValidationError(
            f"该Excel文件中的{_part_label(self.name)}含有DOCTYPE声明（正常的工作簿没有），可能是恶意构造的文件，无法读取。",
            code="xlsx_doctype",
        )

    def _start(self, name, attrs):
        if self.prolog_only:
            raise _RootReached
        self._run = 0
        local = self._locals[name]
        if local == "c":
            self.cells += 1
            if self.cells > MAX_CELLS:
                raise _cells_refusal()
            ref = attrs.get("r")
            self._column = _column_number(ref) if ref else self._column + 1
            self._in_cell, self._valued = True, False
        elif local == "v" or local == "t":
            self._in_text = True
        elif local == "row":
            ref = attrs.get("r")
            self._row = _row_number(ref) if ref else self._row + 1
            self._column = 0
        elif local == "si":
            self._open_string()
        elif local == "rPh":
            self._phonetic += 1
        elif local == "sheet":
            self.sheets += 1
            if self.sheets > MAX_SHEETS:
                raise _sheets_refusal()

    def _end(self, name):
        self._run = 0
        local = self._locals[name]
        if local == "v" or local == "t":
            self._in_text = False
        elif local == "c":
            self._in_cell = False
            if self._valued:
                if self._column > MAX_COLUMNS:
                    raise _columns_refusal(self._row, self._column)
                if self._row > MAX_SHEET_ROWS:
                    raise _rows_refusal(self._row)
                if self._row > self.last_row:
                    self.last_row = self._row
                if self._column > self.max_column:
                    self.max_column = self._column
        elif local == "si":
            self._in_string = False
            if self.shared is not None:
                self.shared.append("".join(self._pieces).replace("x005F_", ""))
        elif local == "rPh":
            self._phonetic -= 1

    def _open_string(self):
        self.strings += 1
        if self.strings > MAX_SHARED_STRINGS:
            raise _shared_strings_refusal()
        self._in_string, self._pieces = True, []

    def _start_string(self, name, attrs):
        self._run = 0
        local = self._locals[name]
        if local == "t":
            self._in_text = True
        elif local == "si":
            self._open_string()
        elif local == "rPh":
            self._phonetic += 1

    def _end_string(self, name):
        self._run = 0
        local = self._locals[name]
        if local == "t":
            self._in_text = False
        elif local == "si":
            self._in_string = False
            self.shared.append("".join(self._pieces).replace("x005F_", ""))
        elif local == "rPh":
            self._phonetic -= 1

    def _characters(self, data):
        self._run += len(data)
        if self._run > MAX_CELL_CHARS:
            if self._in_cell:
                raise ValidationError(
                    f"第{self._row}行第{column_letter(self._column - 1)}列的内容超过{MAX_CELL_CHARS}个字符"
                    "（Excel单元格的上限），无法读取。",
                    code="cell_too_long",
                )
            raise ValidationError(
                f"该Excel文件中的{_part_label(self.name)}有一段超过{MAX_CELL_CHARS}个字符的连续文字或空白"
                f"（单元格最多{MAX_CELL_CHARS}个字符），不是正常的工作簿内容，无法读取。",
                code="xlsx_text_run",
            )
        if not self._in_text:
            return
        if self._in_string:
            self.chars += len(data)
            if self.chars > MAX_SHARED_CHARS:
                raise ValidationError(
                    f"工作簿中的文字内容（共享字符串）合计超过{MAX_SHARED_CHARS}个字符。请删去无关的工作表或内容后重新上传。",
                    code="shared_strings_too_long",
                )
            if not self._phonetic:
                self._pieces.append(data)
        elif self._in_cell and not self._valued and data.strip():
            self._valued = True


def _column_number(ref: str) -> int:
    """ "XFD12" → 16384 (as openpyxl reads a cell reference: an optional "$", letters in either case)."""
    number = 0
    for char in ref.lstrip("$").upper():
        if not "A" <= char <= "Z":
            break
        number = number * 26 + ord(char) - 64
    if not number:
        raise ValidationError(_BROKEN_XLSX)
    return number


def _row_number(ref: str) -> int:
    try:
        number = float(ref)
    except ValueError:
        raise ValidationError(_BROKEN_XLSX) from None
    if not number.is_integer() or number < 1:
        raise ValidationError(_BROKEN_XLSX)
    return int(number)


def _check_xlsx(archive: zipfile.ZipFile) -> tuple[dict[str, _PartScan], list[str]]:
    """Check every part of an .xlsx before openpyxl opens it; return the scans of the worksheet parts and the
    shared strings (read in the same pass).

    The parts openpyxl streams (worksheets, the shared strings) are found as openpyxl finds them (the manifest
    and the workbook's relationships), so that no other part can pass for one and escape the smaller limit of
    the parts openpyxl parses whole (a part that is both gets the smaller limit)."""
    from openpyxl.packaging.manifest import Manifest
    from openpyxl.packaging.relationship import get_rels_path
    from openpyxl.reader.excel import _find_workbook_part
    from openpyxl.reader.workbook import WorkbookParser
    from openpyxl.xml.constants import ARC_CONTENT_TYPES, ARC_CORE, ARC_CUSTOM, ARC_STYLE, ARC_THEME, SHARED_STRINGS
    from openpyxl.xml.functions import fromstring

    infos = {info.filename: info for info in archive.infolist()}

    def scanned(name, *, limit=XLSX_MAX_PART_BYTES, prolog_only=False, collect_strings=False, strings_only=False):
        _check_part_size(infos[name], limit)
        if collect_strings:
            with archive.open(name) as stream:
                _refuse_counted_strings(stream)
        with archive.open(name) as stream:
            scan = _PartScan(name, prolog_only=prolog_only, collect_strings=collect_strings, strings_only=strings_only)
            return scan.run(stream)

    try:
        scanned(ARC_CONTENT_TYPES, prolog_only=True)
        manifest = Manifest.from_tree(fromstring(archive.read(ARC_CONTENT_TYPES)))
        workbook_part = _find_workbook_part(manifest).PartName[1:]
        scanned(workbook_part)  # counts the sheets before openpyxl builds them
        rels = get_rels_path(workbook_part)
        scanned(rels, prolog_only=True)
        parser = WorkbookParser(archive, workbook_part, keep_links=False)
        parser.parse()
        found = [rel for _, rel in parser.find_sheets() if rel.target in infos]
        strings = manifest.find(SHARED_STRINGS)
    except ValidationError:
        raise
    except Exception:  # e.g. KeyError: a part the manifest or the relationships name is missing
        raise ValidationError(_BROKEN_XLSX) from None
    shared_strings = strings.PartName[1:] if strings is not None else None
    worksheets = {rel.target for rel in found if "chartsheet" not in rel.Type}
    # openpyxl parses a chart sheet, its drawings and charts whole, wherever their relationships point: with a
    # chart sheet in the workbook every part gets the limit of the parts parsed whole.
    charts = any("chartsheet" in rel.Type for rel in found)
    whole = {ARC_CONTENT_TYPES, workbook_part, ARC_STYLE, ARC_CORE, ARC_CUSTOM, ARC_THEME}
    scans = {}
    for name, info in infos.items():
        if name.endswith("/") or name in (ARC_CONTENT_TYPES, rels):
            continue
        streamed = name in worksheets or name == shared_strings
        limit = XLSX_MAX_PART_BYTES
        if streamed and not charts and name not in whole and not name.endswith(".rels"):
            limit = XLSX_MAX_SHARED_STRINGS_BYTES if name == shared_strings else XLSX_MAX_SHEET_BYTES
        if streamed or name == workbook_part:  # a full pass: counts, runs, the cells' extent, the strings
            strings_only = name == shared_strings and name not in worksheets and name != workbook_part
            scans[name] = scanned(name, limit=limit, collect_strings=name == shared_strings, strings_only=strings_only)
            continue
        _check_part_size(info, XLSX_MAX_UNCOMPRESSED)  # the ratio only: an XML part's size is checked below
        with archive.open(name) as stream:
            head = stream.read(512).lstrip()
        if head[:1] == b"<" or head.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            scanned(name, prolog_only=True)  # XML that openpyxl may parse whole: small, and no DOCTYPE
    strings = scans[shared_strings].shared if shared_strings in scans else []
    return {name: scan for name, scan in scans.items() if name in worksheets}, strings


def _load_workbook(data: bytes, shared_strings: list[str]):
    """``openpyxl.load_workbook(read_only=True, data_only=True, keep_links=False)``, given the shared strings."""
    from openpyxl.reader.excel import ExcelReader

    class Reader(ExcelReader):
        def read_strings(self):
            self.shared_strings = shared_strings

    reader = Reader(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    reader.read()
    return reader.wb


def _xlsx_rows(data: bytes) -> Iterator[tuple]:
    _refuse_too_many_members(data)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            _check_total_size(infos)
            names = {info.filename for info in infos}
            if "mimetype" in names:
                with archive.open("mimetype") as stream:
                    if b"opendocument.spreadsheet" in stream.read(200):
                        raise ValidationError("暂不支持ODS格式，请用WPS或Excel另存为.xlsx后上传。")
            if not any(name.startswith("xl/") for name in names):
                raise ValidationError(f"该文件是压缩包或Word等文档，不是Excel工作簿。{ACCEPTED}")
            scans, shared_strings = _check_xlsx(archive)
        workbook = _load_workbook(data, shared_strings)
    except ValidationError:
        raise
    except Exception:
        raise ValidationError(_BROKEN_XLSX) from None
    try:
        try:
            sheet = workbook.worksheets[0]
            scan = scans[sheet._worksheet_path]  # openpyxl's own record of the part it reads this sheet from
        except (IndexError, KeyError, AttributeError):
            raise ValidationError(_BROKEN_XLSX) from None
        if not scan.last_row:
            return
        # Only up to the last row and the rightmost column that hold a value: nothing further is built (a
        # formatted cell in column XFD would otherwise widen every row to 16,384 cells).
        yield from sheet.iter_rows(min_row=1, max_row=scan.last_row, max_col=scan.max_column, values_only=True)
    finally:
        workbook.close()


# ---- .xls -------------------------------------------------------------------------------------------------------
def _check_xls_globals(data: bytes) -> None:
    """Count the sheets and the shared strings from the workbook's own records before xlrd opens it: xlrd reads
    every shared string the table declares as soon as it opens the file."""
    from xlrd.compdoc import CompDoc

    try:
        document = CompDoc(data, logfile=io.StringIO())
        for name in ("Workbook", "Book"):
            stream, position, length = document.locate_named_stream(name)
            if stream is not None:
                break
        else:
            return
    except Exception:
        return  # xlrd says the file is unreadable, below
    end, sheets = position + length, 0
    while position + 4 <= end:
        kind, size = int.from_bytes(stream[position : position + 2], "little"), stream[position + 2 : position + 4]
        body = position + 4
        if kind == 0x0085:  # BOUNDSHEET: one sheet
            sheets += 1
            if sheets > MAX_SHEETS:
                raise _sheets_refusal()
        elif kind == 0x00FC and int.from_bytes(stream[body + 4 : body + 8], "little") > MAX_SHARED_STRINGS:
            raise _shared_strings_refusal()  # SST: total, then distinct strings (what xlrd reads)
        elif kind == 0x000A:  # EOF of the workbook globals
            return
        position = body + int.from_bytes(size, "little")


def _xls_rows(data: bytes) -> Iterator[tuple]:
    import xlrd

    _check_xls_globals(data)
    try:
        book = xlrd.open_workbook(file_contents=data, on_demand=True, ragged_rows=True)
    except Exception:
        raise ValidationError(_BROKEN_XLS) from None
    try:
        yield from _xls_sheet_rows(book)
    finally:
        book.release_resources()


def _xls_sheet_rows(book) -> Iterator[tuple]:
    import xlrd

    if book.nsheets > MAX_SHEETS:
        raise _sheets_refusal()
    try:
        sheet = book.sheet_by_index(0)
    except Exception:
        raise ValidationError(_BROKEN_XLS) from None

    def value(cell):
        if cell.ctype == xlrd.XL_CELL_DATE:
            try:
                return xlrd.xldate_as_datetime(cell.value, book.datemode)
            except Exception:
                return cell.value
        if cell.ctype == xlrd.XL_CELL_BOOLEAN:
            return bool(cell.value)
        if cell.ctype == xlrd.XL_CELL_ERROR:
            return xlrd.error_text_from_code.get(cell.value, "#ERROR")
        if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
            return None
        return cell.value

    empty = (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK)
    if sheet.nrows > MAX_SHEET_ROWS:
        raise _rows_refusal(sheet.nrows)
    if sum(sheet.row_len(index) for index in range(sheet.nrows)) > MAX_CELLS:
        raise _cells_refusal()
    for index in range(sheet.nrows):
        length = sheet.row_len(index)  # ragged rows: each only as long as its last stored cell
        for column in range(MAX_COLUMNS, length):
            if sheet.cell_type(index, column) not in empty:
                raise _columns_refusal(index + 1, column + 1)
        yield tuple(value(sheet.cell(index, column)) for column in range(min(length, MAX_COLUMNS)))


# ---- CSV --------------------------------------------------------------------------------------------------------
def _decode(data: bytes) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    elif b"\x00" not in data:
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                continue
    raise ValidationError(f"无法识别该文件的格式或文字编码。{ACCEPTED}")


def _field_refusal(row: int) -> ValidationError:
    return ValidationError(
        f"CSV文件第{row}行有单元格超过{MAX_CELL_CHARS}个字符（Excel单元格的上限），常见原因是引号没有成对。"
        "请检查后重新上传。",
        code="cell_too_long",
    )


# One line with its ending, as ``io.StringIO(text, newline="")`` splits them, but one at a time: a StringIO keeps a
# copy of the whole text at four bytes a character.
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


def _csv_rows(data: bytes) -> Iterator[tuple]:
    text = _decode(data)
    head = text.lstrip()[:200].lower()
    if head.startswith(("<html", "<!doctype", "<table", "<?xml")) or "<html" in head:
        raise ValidationError(
            "该文件实际是网页（HTML/XML）格式，只是扩展名为Excel。请用Excel或WPS打开后另存为.xlsx再上传。"
        )
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if first_line.count("\t") > first_line.count(",") else ","
    # Upper bounds counted at C speed before parsing (a quoted delimiter or line break counts too): the csv
    # module builds a whole row before it can be looked at, and 10 MB of commas are one row of 10 million cells.
    lines = max(text.count("\n"), text.count("\r"))
    if lines > MAX_SHEET_ROWS:
        raise ValidationError(
            f"CSV文件超过{MAX_SHEET_ROWS}行（含空行），请删去无关内容后重新上传。", code="too_many_rows"
        )
    if text.count(delimiter) > MAX_CELLS:
        raise ValidationError(
            f"CSV文件中的单元格超过{MAX_CELLS}个，请删去无关的行和列后重新上传。", code="too_many_cells"
        )
    # csv.field_size_limit() is process-wide, so it is read, not lowered: a field past it raises csv.Error,
    # one past MAX_CELL_CHARS (a lower limit) is refused here; both with the same message.
    reader = csv.reader((line.group() for line in _LINE.finditer(text)), delimiter=delimiter)
    number = 0
    try:
        for number, row in enumerate(reader, start=1):  # number is used after a csv.Error
            if len(row) > MAX_COLUMNS:
                for column in range(MAX_COLUMNS, len(row)):
                    if row[column].strip():
                        raise _columns_refusal(number, column + 1)
                row = row[:MAX_COLUMNS]
            if any(len(field) > MAX_CELL_CHARS for field in row):
                raise _field_refusal(number)
            yield tuple(row)
    except csv.Error as error:
        if "field larger than field limit" in str(error):
            raise _field_refusal(number + 1) from None
        raise ValidationError(f"CSV文件格式有误，无法读取。{ACCEPTED}") from None


def _sniff(data: bytes) -> str:
    if not data.strip():
        raise ValidationError("上传的文件是空的。")
    if data.startswith(ZIP_MAGIC):
        return "xlsx"
    if data.startswith(OLE2_MAGIC):
        return "xls"
    for magic, label in _OTHER_FORMATS:
        if data.startswith(magic):
            raise ValidationError(f"上传的是{label}，不是表格。{ACCEPTED}")
    return "csv"


def _is_empty(row) -> bool:
    return all(cell is None for cell in row)


def read_table(
    uploaded_file,
    *,
    expected_headers: Iterable[str] | None = None,
    header_aliases: Mapping[str, str] | None = None,
    max_rows: int = MAX_ROWS,
) -> Table:
    """Read the first sheet of an uploaded .xlsx, .xls or CSV file (told apart by content) into a ``Table``.

    ``uploaded_file``: a Django ``UploadedFile``, any binary file object, or ``bytes``; it is read from the start.
    ``expected_headers``: lets the header row be found below a title row (within the first non-empty rows).
    ``header_aliases``: normalised header → the name the caller wants (e.g. "专利号" → "申请号").
    Raises ``ValidationError`` (Chinese) for an unreadable or empty file, a repeated header, too many rows."""
    data = _read_bytes(uploaded_file)
    source_format = _sniff(data)
    rows = {"xlsx": _xlsx_rows, "xls": _xls_rows, "csv": _csv_rows}[source_format](data)
    aliases = dict(header_aliases or {})
    expected = set(expected_headers or ())

    def header_of(raw):
        name = normalize_header(raw)
        return aliases.get(name, name)

    non_empty: list[tuple[int, tuple]] = []  # (sheet row number, cells)
    limit = max_rows + HEADER_SEARCH_ROWS
    for number, raw_row in enumerate(rows, start=1):
        if raw_row.count(None) == len(raw_row):
            continue  # an empty row (openpyxl fills the gaps between stored rows with these)
        row = tuple(cell_value(cell) for cell in raw_row)
        if not _is_empty(row):
            if len(non_empty) >= limit:
                raise ValidationError(f"文件中的数据超过{max_rows}行，请分批整理或删去无关内容后重新上传。")
            non_empty.append((number, row))
    if not non_empty:
        raise ValidationError("文件中没有任何内容。")

    header_at = 0
    if expected:  # the header may sit below a title row; when no row names any expected column, take the first
        for position, (_, row) in enumerate(non_empty[:HEADER_SEARCH_ROWS]):
            if expected.intersection(header_of(cell) for cell in row):
                header_at = position
                break
    names = [header_of(cell) for cell in non_empty[header_at][1]]
    columns = [i for i, name in enumerate(names) if name]  # columns without a header are dropped
    headers = [names[i] for i in columns]
    _refuse_repeated_headers(headers, columns)

    table = Table()
    table.source_format = source_format
    table.headers = headers
    for number, row in non_empty[header_at + 1 :]:
        values = [row[i] if i < len(row) else None for i in columns]
        if _is_empty(values):
            continue  # something only in columns without a header
        if len(table) >= max_rows:
            raise ValidationError(f"文件中的数据超过{max_rows}行，请分批整理或删去无关内容后重新上传。")
        table.append(values)
        table.row_numbers.append(number)
    return table


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA: how Excel names a column."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _refuse_repeated_headers(headers: list[str], columns: list[int]) -> None:
    first: dict[str, int] = {}
    for name, position in zip(headers, columns, strict=True):
        if name in first:
            raise ValidationError(
                f"表头“{name}”出现了两次（第{column_letter(first[name])}列和第{column_letter(position)}列），"
                "请删去多余的一列。"
            )
        first[name] = position
