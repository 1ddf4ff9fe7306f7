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

import tablib
from django.core.exceptions import ValidationError

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 5000
HEADER_SEARCH_ROWS = 10  # how many non-empty opening rows may hold the header when ``expected_headers`` is given

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
def _read_bytes(uploaded_file) -> bytes:
    if isinstance(uploaded_file, bytes | bytearray):
        return bytes(uploaded_file)
    size = getattr(uploaded_file, "size", None)
    if size is not None and size > MAX_BYTES:
        raise ValidationError(f"文件过大（超过{MAX_BYTES // 1024 // 1024}MB），请删去无关内容后重新上传。")
    if hasattr(uploaded_file, "seek"):
        uploaded_file.seek(0)  # the same upload may be read twice (preview, then confirm)
    data = uploaded_file.read(MAX_BYTES + 1)
    if isinstance(data, str):
        data = data.encode("utf-8")
    if len(data) > MAX_BYTES:
        raise ValidationError(f"文件过大（超过{MAX_BYTES // 1024 // 1024}MB），请删去无关内容后重新上传。")
    return data


def _xlsx_rows(data: bytes) -> Iterator[tuple]:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and b"opendocument.spreadsheet" in archive.read("mimetype"):
                raise ValidationError("暂不支持ODS格式，请用WPS或Excel另存为.xlsx后上传。")
            if not any(name.startswith("xl/") for name in names):
                raise ValidationError(f"该文件是压缩包或Word等文档，不是Excel工作簿。{ACCEPTED}")
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except ValidationError:
        raise
    except Exception:
        raise ValidationError(f"无法读取该Excel文件，文件可能已损坏。{ACCEPTED}") from None
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # some writers record a wrong used range; read every stored cell instead
        yield from sheet.iter_rows(values_only=True)
    finally:
        workbook.close()


def _xls_rows(data: bytes) -> Iterator[tuple]:
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=data, on_demand=True)
        sheet = book.sheet_by_index(0)
    except Exception:
        raise ValidationError(
            "无法读取该.xls文件：文件可能设置了打开密码、已损坏，或是Word等其他文档。请在Excel或WPS中取消密码，"
            "另存为.xlsx后重新上传。"
        ) from None

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

    try:
        for index in range(sheet.nrows):
            yield tuple(value(cell) for cell in sheet.row(index))
    finally:
        book.release_resources()


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


def _csv_rows(data: bytes) -> Iterator[tuple]:
    text = _decode(data)
    head = text.lstrip()[:200].lower()
    if head.startswith(("<html", "<!doctype", "<table", "<?xml")) or "<html" in head:
        raise ValidationError(
            "该文件实际是网页（HTML/XML）格式，只是扩展名为Excel。请用Excel或WPS打开后另存为.xlsx再上传。"
        )
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if first_line.count("\t") > first_line.count(",") else ","
    try:
        yield from (tuple(row) for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error:
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
