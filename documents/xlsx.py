"""The xlsx writer every exporter shares: a column spec and a sheet written row by row in constant memory.

An exporter declares its columns once::

    Column("企业名称", "enterprise.name")                       # text (the default)
    Column("年度", "call.year", Kind.INTEGER)
    Column("申请市级资金（元）", "government_funding", Kind.MONEY)
    Column("提交时间", "submitted_at", Kind.DATETIME)
    Column("状态", lambda project: project.get_status_display())

and ``SheetWriter`` turns rows (model instances, or anything the columns can read) into cells:

- **text** is always a string cell (``write_string``), whatever it starts with: ``=HYPERLINK(…)``, ``+1``, ``-2``,
  ``@SUM(A1)``, a tab or a carriage return show exactly as typed and never run as a formula. Nothing is prefixed to
  the value: the official sees the enterprise's real name.
- **integer** and **money** are number cells, so SUM works; money is a ``Decimal`` until the very last step
  (Excel stores a double: 14 digits with 2 decimals, the database's money field, survive the trip exactly) and shows
  ``#,##0.00``.
- **date** and **datetime** are real Excel dates (``2026年3月5日``, ``2026年3月5日 01:00``), in Suzhou time
  (``settings.TIME_ZONE``, Asia/Shanghai).

A value of the wrong type for its kind (a string in a money column, 1.5 in an integer column) raises ``TypeError``:
an export fails loudly rather than writing a wrong cell.

The workbook is xlsxwriter's ``constant_memory`` mode: each row goes to a temporary file as soon as the next one
starts, so memory stays flat however many rows there are. The header row is frozen and filterable, the columns
are as wide as their header and their widest value (within bounds).
"""

import contextlib
import datetime
import decimal
import enum
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import xlsxwriter
from django.utils import timezone

MAX_ROWS = 1_048_576  # Excel's rows per sheet, the header included
MIN_WIDTH, MAX_WIDTH = 6, 60  # column widths, in Excel's units (about one Latin character; a Chinese one is two)
SHEET_TITLE_FORBIDDEN = str.maketrans({c: "_" for c in "[]:*?/\\"})


class Kind(enum.StrEnum):
    TEXT = "text"
    INTEGER = "integer"
    MONEY = "money"
    DATE = "date"
    DATETIME = "datetime"


NUMBER_FORMATS = {
    Kind.INTEGER: "0",
    Kind.MONEY: "#,##0.00",
    Kind.DATE: 'yyyy"年"m"月"d"日"',
    Kind.DATETIME: 'yyyy"年"m"月"d"日" hh:mm',
}
# How wide the shown value is, for the kinds whose cell text is not the value itself.
SHOWN_WIDTH = {Kind.DATE: 12, Kind.DATETIME: 18}


def _path_getter(path: str) -> Callable[[Any], Any]:
    """``"enterprise.district.name"`` → a function reading that attribute chain; None part-way gives None."""
    names = path.split(".")

    def get(row):
        for name in names:
            if row is None:
                return None
            row = getattr(row, name)
        return row

    return get


@dataclass(frozen=True)
class Column:
    """One column of an export: its Chinese header, how to read its value from a row, and what kind of cell it is.

    ``value`` is a dotted attribute path (``"enterprise.name"``) or a function of the row. ``width`` fixes the
    column's width; by default it fits the header and the widest value written (between 6 and 60)."""

    header: str
    value: str | Callable[[Any], Any]
    kind: Kind = Kind.TEXT
    width: float | None = None
    read: Callable[[Any], Any] = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "kind", Kind(self.kind))
        object.__setattr__(self, "read", _path_getter(self.value) if isinstance(self.value, str) else self.value)


def _shown_width(text: str) -> int:
    """Terminal-style width: a Chinese character (3 bytes in UTF-8) counts 2, an ASCII one 1."""
    return (len(text.encode()) + len(text)) // 2


def _local(value: datetime.datetime) -> datetime.datetime:
    """An aware datetime in Suzhou time, without its tzinfo (what Excel stores); a naive one is taken as local."""
    if timezone.is_aware(value):
        value = timezone.localtime(value, timezone.get_default_timezone())
    return value.replace(tzinfo=None)


def _integer(value, column: Column) -> int:
    if isinstance(value, float | decimal.Decimal) and value == int(value):
        value = int(value)  # 3.0, Decimal("3"): whole numbers from an aggregate
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"“{column.header}”列应为整数，得到 {type(value).__name__}：{value!r}")
    return value


def _money(value, column: Column) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | decimal.Decimal):
        raise TypeError(f"“{column.header}”列应为金额，得到 {type(value).__name__}：{value!r}")
    return float(value)  # the very last step: Decimal → the double Excel stores


def _date(value, column: Column):
    if isinstance(value, datetime.datetime):
        return _local(value).date()
    if isinstance(value, datetime.date):
        return value
    raise TypeError(f"“{column.header}”列应为日期，得到 {type(value).__name__}：{value!r}")


def _datetime(value, column: Column):
    if isinstance(value, datetime.datetime):
        return _local(value)
    if isinstance(value, datetime.date):
        return datetime.datetime.combine(value, datetime.time())
    raise TypeError(f"“{column.header}”列应为日期时间，得到 {type(value).__name__}：{value!r}")


class SheetWriter:
    """A one-sheet xlsx written row by row into ``file`` (a path or a binary file object opened for writing).

    Use it as a context manager, or call ``close()``; ``write(row)`` adds one row, ``rows`` counts them (without
    the header)::

        with SheetWriter(tmp, title="项目清单", columns=COLUMNS) as sheet:
            for project in projects:
                sheet.write(project)
    """

    def __init__(self, file, *, title: str, columns: Sequence[Column]):
        if not columns:
            raise ValueError("导出至少需要一列。")
        self.columns = tuple(columns)
        self.rows = 0
        self._closed = False
        # The string-guessing options are off as well, although every text cell goes through write_string.
        self._book = xlsxwriter.Workbook(
            file,
            {
                "constant_memory": True,
                "strings_to_formulas": False,
                "strings_to_numbers": False,
                "strings_to_urls": False,
            },
        )
        self._book.set_properties({"title": title})
        self._sheet = self._book.add_worksheet(sheet_title(title))
        self._formats = {kind: self._book.add_format({"num_format": fmt}) for kind, fmt in NUMBER_FORMATS.items()}
        self._widths = [_shown_width(column.header) for column in self.columns]
        self._writers = [self._cell_writer(index, column) for index, column in enumerate(self.columns)]
        header = self._book.add_format({"bold": True, "bottom": 1})
        for index, column in enumerate(self.columns):
            self._sheet.write_string(0, index, column.header, header)
        self._sheet.freeze_panes(1, 0)

    def _cell_writer(self, index: int, column: Column):
        """A function (row number, value) that writes ``value`` into the row's cell of ``column``, as its kind."""
        sheet, widths = self._sheet, self._widths

        if column.kind is Kind.TEXT:

            def text(r, value):
                value = value if isinstance(value, str) else str(value)
                sheet.write_string(r, index, value)  # never write(): a leading = + - @ stays text
                if widths[index] < MAX_WIDTH:
                    widths[index] = max(widths[index], _shown_width(value))

            return text

        fmt = self._formats[column.kind]
        if column.kind is Kind.INTEGER:

            def integer(r, value):
                value = _integer(value, column)
                sheet.write_number(r, index, value, fmt)
                widths[index] = max(widths[index], len(str(value)))

            return integer

        if column.kind is Kind.MONEY:

            def money(r, value):
                value = _money(value, column)
                sheet.write_number(r, index, value, fmt)
                widths[index] = max(widths[index], len(f"{value:,.2f}"))

            return money

        convert = _date if column.kind is Kind.DATE else _datetime
        widths[index] = max(widths[index], SHOWN_WIDTH[column.kind])

        def moment(r, value):
            sheet.write_datetime(r, index, convert(value, column), fmt)

        return moment

    def write(self, row) -> None:
        """Add one row: each column reads its value from ``row``; None and "" leave the cell empty."""
        if self.rows + 1 >= MAX_ROWS:
            raise ValueError(f"导出行数超过 Excel 单表上限（{MAX_ROWS - 1} 行），请缩小筛选范围后再导出。")
        self.rows += 1
        for column, write in zip(self.columns, self._writers, strict=True):
            value = column.read(row)
            if value is not None and value != "":
                write(self.rows, value)

    def write_all(self, rows: Iterable) -> None:
        for row in rows:
            self.write(row)

    def close(self) -> None:
        """Set the widths and the filter (both known only now: xlsxwriter writes them when it assembles the file)
        and finish the file."""
        if self._closed:
            return
        self._closed = True
        for index, column in enumerate(self.columns):
            width = column.width or min(max(self._widths[index] + 2, MIN_WIDTH), MAX_WIDTH)
            self._sheet.set_column(index, index, width)
        self._sheet.autofilter(0, 0, self.rows, len(self.columns) - 1)
        self._book.close()

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            self.close()
        elif not self._closed:  # the file is of no use, but closing removes xlsxwriter's temporary row file
            self._closed = True
            with contextlib.suppress(Exception):  # the exception being raised is the one that matters
                self._book.close()
        return False


def sheet_title(title: str) -> str:
    """``title`` as Excel accepts a sheet's name: at most 31 characters, none of []:*?/\\."""
    return (title.translate(SHEET_TITLE_FORBIDDEN).strip("'") or "导出")[:31]


def write_xlsx(file, *, title: str, columns: Sequence[Column], rows: Iterable) -> int:
    """Write ``rows`` into ``file`` as one sheet; returns how many rows were written."""
    with SheetWriter(file, title=title, columns=columns) as sheet:
        sheet.write_all(rows)
    return sheet.rows
