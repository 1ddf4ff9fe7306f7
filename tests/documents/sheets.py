"""Reading exported xlsx files back in tests (openpyxl), cell types included."""

import io
import re
import zipfile

import openpyxl

OOXML_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def sheet(content: bytes):
    """The first worksheet of an xlsx (openpyxl, full mode: freeze panes, widths and number formats readable)."""
    return openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]


def text(cell) -> str:
    """A string cell's text as Excel shows it. OOXML writes a control character such as a carriage return as
    ``_x000D_`` (and a literal ``_x`` as ``_x005F_x``); Excel and LibreOffice decode that, openpyxl does not."""
    assert cell.data_type == "s", (cell.coordinate, cell.data_type, cell.value)
    return OOXML_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), cell.value)


def sheet_xml(content: bytes) -> str:
    """The raw XML of the first worksheet, to check that no cell holds a formula."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return archive.read("xl/worksheets/sheet1.xml").decode()
