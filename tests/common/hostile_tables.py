"""Hostile tables, built in memory for the tests of ``common.tabular``'s limits and for ``benchmarks/tabular.py``.

The ZIP writer here writes already-deflated members, so that a sheet inflating to a gigabyte is built from a few
hundred identical compressed kilobytes (a block of spaces deflated once after a full flush, then repeated),
in a fraction of a second and with little memory: the files are honest (a reader that inflated them would get
every byte, CRC included), only cheap to make.
"""

import binascii
import struct
import zlib
from dataclasses import dataclass

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
SHEET_HEAD = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><dimension ref="A1"/><sheetData>'
SHEET_TAIL = "</sheetData></worksheet>"


# ---- a ZIP writer for pre-deflated members ----------------------------------------------------------------------
@dataclass
class Deflated:
    """A member given as raw deflate bytes, with the size and CRC-32 of what they inflate to."""

    data: bytes
    size: int
    crc: int


def deflate(data: bytes) -> Deflated:
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    return Deflated(compressor.compress(data) + compressor.flush(), len(data), binascii.crc32(data))


def deflated_run(head: bytes, block: bytes, repeat: int, tail: bytes) -> Deflated:
    """``head + block * repeat + tail``, deflated by compressing ``block`` once: after a full flush the
    compressor starts afresh, so every repetition compresses to the same bytes."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    start = compressor.compress(head) + compressor.flush(zlib.Z_FULL_FLUSH)
    chunk = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    end = compressor.compress(tail) + compressor.flush()
    crc = binascii.crc32(head)
    for _ in range(repeat):
        crc = binascii.crc32(block, crc)
    crc = binascii.crc32(tail, crc)
    return Deflated(start + chunk * repeat + end, len(head) + len(block) * repeat + len(tail), crc)


def zip_bytes(members: dict[str, bytes | str | Deflated]) -> bytes:
    """A ZIP archive of ``members`` (name → content, deflated here unless given as ``Deflated``)."""
    out, directory = bytearray(), bytearray()
    for name, content in members.items():
        if isinstance(content, str):
            content = content.encode()
        member = content if isinstance(content, Deflated) else deflate(content)
        encoded = name.encode()
        offset = len(out)
        out += struct.pack(
            "<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, member.crc, len(member.data), member.size, len(encoded), 0
        )
        out += encoded + member.data
        directory += struct.pack(
            "<IHHHHHHIIIHHHHHII",
            0x02014B50,
            20,
            20,
            0,
            8,
            0,
            0,
            member.crc,
            len(member.data),
            member.size,
            len(encoded),
            0,
            0,
            0,
            0,
            0,
            offset,
        )
        directory += encoded
    start = len(out)
    count = min(len(members), 0xFFFF)
    out += directory + struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(directory), start, 0)
    return bytes(out)


# ---- a minimal .xlsx from its XML -------------------------------------------------------------------------------
def xlsx(sheets=None, *, shared_strings=None, workbook_xml=None, extra=None) -> bytes:
    """A workbook whose worksheets are the given XML (str, bytes or ``Deflated``; default: one empty sheet),
    with an optional shared-strings part and any extra parts."""
    sheets = list(sheets) if sheets is not None else [SHEET_HEAD + SHEET_TAIL]
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(1, len(sheets) + 1)
    )
    if shared_strings is not None:
        overrides += (
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        )
    members = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            f'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>{overrides}</Types>'
        ),
        "_rels/.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG_REL}"><Relationship Id="rId1" '
            f'Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": workbook_xml
        or (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>'
            + "".join(f'<sheet name="表{i}" sheetId="{i}" r:id="rId{i}"/>' for i in range(1, len(sheets) + 1))
            + "</sheets></workbook>"
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG_REL}">'
            + "".join(
                f'<Relationship Id="rId{i}" Type="{REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                for i in range(1, len(sheets) + 1)
            )
            + (
                f'<Relationship Id="rIdS" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
                if shared_strings is not None
                else ""
            )
            + "</Relationships>"
        ),
    }
    for i, sheet in enumerate(sheets, start=1):
        members[f"xl/worksheets/sheet{i}.xml"] = sheet
    if shared_strings is not None:
        members["xl/sharedStrings.xml"] = shared_strings
    members.update(extra or {})
    return zip_bytes(members)


def inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def sheet_xml(rows: dict[int, str]) -> str:
    """A worksheet from {row number: the row's cells as XML}."""
    return SHEET_HEAD + "".join(f'<row r="{r}">{cells}</row>' for r, cells in rows.items()) + SHEET_TAIL


def header_row() -> str:
    return inline("A1", "申请号") + inline("B1", "专利名称")


# ---- the hostile files ------------------------------------------------------------------------------------------
def whitespace_bomb(gigabytes: float = 1.0) -> bytes:
    """A sheet with a header row followed by a gigabyte of spaces, about 1 MB on disk."""
    block = b" " * (1 << 20)
    head = (SHEET_HEAD + f'<row r="1">{header_row()}</row>').encode()
    return xlsx([deflated_run(head, block, int(gigabytes * 1024), SHEET_TAIL.encode())])


def shared_strings_bomb(count: int = 3_000_000) -> bytes:
    """Three million one-letter shared strings (about 50 MB of XML) in a little over 100 KB."""
    head = f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}" count="{count}" uniqueCount="{count}">'
    strings = deflated_run(head.encode(), b"<si><t>a</t></si>" * 1000, count // 1000, b"</sst>")
    return xlsx([sheet_xml({1: '<c r="A1" t="s"><v>0</v></c>'})], shared_strings=strings)


def many_shared_strings(count: int) -> bytes:
    """``count`` distinct shared strings that compress no better than ordinary text."""
    body = "".join(f"<si><t>专利{i}</t></si>" for i in range(count))
    sst = f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}">{body}</sst>'
    return xlsx([sheet_xml({1: '<c r="A1" t="s"><v>0</v></c>'})], shared_strings=sst)


def wide_row(last_column: str = "XFD", *, valued: bool = True) -> bytes:
    """A header row with cells in column A and in ``last_column`` (a value, or only a format)."""
    far = inline(f"{last_column}1", "备注") if valued else f'<c r="{last_column}1" s="1"/>'
    return xlsx([sheet_xml({1: header_row() + far, 2: inline("A2", "201710601862.3") + inline("B2", "方法")})])


def value_at_row(row: int) -> bytes:
    return xlsx([sheet_xml({1: header_row(), row: inline(f"A{row}", "合计")})])


def many_sheets(count: int) -> bytes:
    return xlsx([sheet_xml({1: header_row()})] * count)


def many_empty_cells(count: int, width: int = 50) -> bytes:
    """``count`` formatted empty cells (what selecting a range and giving it borders writes)."""
    from common.tabular import column_letter

    letters = [column_letter(i) for i in range(width)]
    rows = {}
    for index in range(count // width):
        r = index + 2
        rows[r] = "".join(f'<c r="{letter}{r}" s="1"/>' for letter in letters)
    return xlsx([sheet_xml({1: header_row(), **rows})])


def long_cell(chars: int) -> bytes:
    return xlsx([sheet_xml({1: header_row(), 2: inline("A2", "1") + inline("B2", "长" * chars)})])


def whitespace_between_rows(chars: int) -> bytes:
    """A run of ``chars`` spaces between two rows: small enough to pass every size and ratio check."""
    return xlsx([SHEET_HEAD + f'<row r="1">{header_row()}</row>' + " " * chars + SHEET_TAIL])


def doctype_workbook() -> bytes:
    laughs = '<!DOCTYPE workbook [<!ENTITY a "哈哈哈哈哈哈哈哈哈哈"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    workbook = (
        f'<?xml version="1.0" encoding="UTF-8"?>{laughs}<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>'
        '<sheet name="&b;" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    return xlsx([sheet_xml({1: header_row()})], workbook_xml=workbook)


def many_members(count: int) -> bytes:
    return xlsx([sheet_xml({1: header_row()})], extra={f"xl/media/{i}.bin": b"" for i in range(count)})


def largest_accepted_xlsx(rows: int, columns: int, text: str = "一种基于深度学习的表面缺陷检测方法") -> bytes:
    """``rows`` data rows × ``columns`` columns of distinct shared strings under a header, as Excel writes them."""
    from common.tabular import column_letter

    letters = [column_letter(i) for i in range(columns)]
    strings = [f"列{c}" for c in range(columns)]
    body = ["".join(f'<c r="{letter}1" t="s"><v>{c}</v></c>' for c, letter in enumerate(letters))]
    for r in range(2, rows + 2):
        cells = []
        for c, letter in enumerate(letters):
            cells.append(f'<c r="{letter}{r}" t="s"><v>{len(strings)}</v></c>')
            strings.append(f"{text}{r}-{c}")
        body.append("".join(cells))
    sheet = SHEET_HEAD + "".join(f'<row r="{r}">{cells}</row>' for r, cells in enumerate(body, start=1)) + SHEET_TAIL
    sst = f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}">' + "".join(
        f"<si><t>{s}</t></si>" for s in strings
    )
    return xlsx([sheet], shared_strings=sst + "</sst>")


# ---- CSV ----------------------------------------------------------------------------------------------------------
def csv_giant_field(chars: int, *, quoted: bool = True) -> bytes:
    """A header and a row whose second field runs for ``chars`` characters (an unclosed quote does that)."""
    field = '"' + "x" * chars if quoted else "x" * chars
    return f"申请号,专利名称\r\n201710601862.3,{field}\r\n".encode()


# ---- a minimal .xls (BIFF8 in an OLE2 compound file) ----------------------------------------------------------
def _record(kind: int, data: bytes) -> bytes:
    return struct.pack("<HH", kind, len(data)) + data


def _biff_string(text: str, length_bytes: int = 2) -> bytes:
    try:
        raw, flag = text.encode("latin-1"), 0
    except UnicodeEncodeError:
        raw, flag = text.encode("utf-16-le"), 1
    return struct.pack("<H" if length_bytes == 2 else "<B", len(text)) + bytes([flag]) + raw


def _bof(kind: int) -> bytes:
    return _record(0x0809, struct.pack("<HHHHII", 0x0600, kind, 0x0DBB, 0x07CC, 0, 6))


def _label(row: int, column: int, text: str) -> bytes:
    return _record(0x0204, struct.pack("<HHH", row, column, 0) + _biff_string(text))


def xls(sheets: list[bytes]) -> bytes:
    """An .xls whose worksheets hold the given cell records (``xls_cells``); xlrd reads it like Excel's own."""
    return _xls_with_globals(b"", sheets)


def xls_cells(rows: dict[int, list[str | None]]) -> bytes:
    """LABEL records for {row number (1-based): the row's texts from column A, None for an empty cell}."""
    return b"".join(
        _label(r - 1, c, text) for r, texts in rows.items() for c, text in enumerate(texts) if text is not None
    )


def compound_file(workbook: bytes) -> bytes:
    """An OLE2 compound file holding one stream, "Workbook" (at least 4 KB, so no mini stream)."""
    sector = 512
    data = workbook + b"\0" * (-len(workbook) % sector)
    data += b"\0" * max(4096 - len(data), 0)
    streams = len(data) // sector
    fats = 1
    while fats * (sector // 4) < fats + streams + 1:
        fats += 1
    if fats > 109:
        raise ValueError("too big for a compound file without a DIFAT extension (about 7 MB)")
    fat = [0xFFFFFFFD] * fats + [fats + i + 1 for i in range(streams - 1)] + [0xFFFFFFFE, 0xFFFFFFFE]
    fat += [0xFFFFFFFF] * (fats * sector // 4 - len(fat))
    directory_sector = fats + streams
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16 + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
    header += b"\0" * 6 + struct.pack("<IIIIIIIII", 0, fats, directory_sector, 0, 4096, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0)
    header += struct.pack("<109I", *(list(range(fats)) + [0xFFFFFFFF] * (109 - fats)))

    def entry(name, kind, child, start, size):
        encoded = (name + "\0").encode("utf-16-le") if name else b""
        return (
            encoded.ljust(64, b"\0")
            + struct.pack("<HBBiii", len(encoded), kind, 1, -1, -1, child)
            + b"\0" * 36
            + struct.pack("<iII", start, size, 0)
        )

    directory = entry("Root Entry", 5, 1, -2, 0) + entry("Workbook", 2, -1, fats, len(data))
    directory += b"\0" * (sector - len(directory))
    return header + struct.pack(f"<{len(fat)}I", *fat) + data + directory


def xls_shared_strings(count: int) -> bytes:
    """An .xls whose shared-string table holds ``count`` distinct strings (xlrd loads them all when it opens it)."""
    strings = [_biff_string(chr(0x4E00 + i % 20000) + str(i // 20000)) for i in range(count)]
    records, chunk = [], bytearray(struct.pack("<II", count, count))
    kind = 0x00FC
    for string in strings:
        if len(chunk) + len(string) > 8224:
            records.append(_record(kind, bytes(chunk)))
            chunk, kind = bytearray(), 0x003C  # CONTINUE: strings are never split here
        chunk += string
    records.append(_record(kind, bytes(chunk)))
    sheet = _record(0x00FD, struct.pack("<HHHI", 0, 0, 0, 0))  # LABELSST: A1 is string 0
    return _xls_with_globals(b"".join(records), [sheet])


def _xls_with_globals(extra: bytes, sheets: list[bytes]) -> bytes:
    names = [f"表{i}" for i in range(1, len(sheets) + 1)]
    sizes = [len(_record(0x0085, b"\0" * 6 + _biff_string(name, 1))) for name in names]
    offset = len(_bof(5)) + sum(sizes) + len(extra) + 4
    stream, bodies = bytearray(_bof(5)), []
    for name, cells in zip(names, sheets, strict=True):
        stream += _record(0x0085, struct.pack("<IBB", offset, 0, 0) + _biff_string(name, 1))
        body = _bof(0x10) + _record(0x0200, struct.pack("<IIHHH", 0, 0, 0, 0, 0)) + cells + _record(0x000A, b"")
        bodies.append(body)
        offset += len(body)
    stream += extra + _record(0x000A, b"")
    for body in bodies:
        stream += body
    return compound_file(bytes(stream))
