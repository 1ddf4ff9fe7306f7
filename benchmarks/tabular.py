"""What reading an uploaded table costs: every hostile file refused fast, the largest accepted file under 150 MB.

    .venv/bin/python benchmarks/tabular.py [--only NAME]

Builds each hostile file of ``tests/common/hostile_tables.py`` and the largest files the limits of
``common.tabular`` accept, writes them to a temporary folder, and reads each with ``read_table`` in a fresh
process of its own (so that no file's memory hides another's). Each line gives the file, its size on disk, the
outcome (accepted with its rows, or refused with the message), the seconds ``read_table`` took and the peak
resident memory of that process (the kernel's high-water mark, VmHWM), with the idle process's (Python, Django's
exceptions, openpyxl, xlrd, tablib imported) beside it. A refused file is read three times (three processes) and
its seconds are their median, so that one slow moment of a shared host does not pass for a slow refusal.
Targets: every refusal well under a second; every accepted file under 150 MB at its peak.
"""

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_REFUSAL_SECONDS, TARGET_PEAK_MB = 1.0, 150
REFUSAL_READS = 3  # a refusal's seconds: the median of this many reads
KIB = 1024


def status_kb(field):
    """A field of /proc/self/status in kB (VmRSS, VmHWM), or None off Linux."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def child(path):
    """Read one file in this (fresh) process; print the result as JSON."""
    import openpyxl.reader.excel  # noqa: F401  (imported before idle is measured, as in a web worker)
    import xlrd  # noqa: F401
    from django.core.exceptions import ValidationError

    from common.tabular import read_table

    data = Path(path).read_bytes()
    idle = status_kb("VmRSS")
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")  # reset VmHWM to the current RSS
    started = time.perf_counter()
    try:
        table = read_table(data)
        outcome = f"接受：{len(table)}行×{len(table.headers)}列"
        accepted = True
    except ValidationError as error:
        outcome = "拒绝：" + error.messages[0]
        accepted = False
    seconds = time.perf_counter() - started
    peak = status_kb("VmHWM")
    print(json.dumps({"accepted": accepted, "outcome": outcome, "seconds": seconds, "idle": idle, "peak": peak}))


def files():
    """(label, builder) of every file read: the hostile ones, then the largest accepted."""
    from common import tabular
    from tests.common import hostile_tables as hostile

    def ratio_bomb():
        row = b'<row><c t="inlineStr"><is><t>1</t></is></c></row>'
        sheet = hostile.deflated_run(hostile.SHEET_HEAD.encode(), row * 1000, 160, hostile.SHEET_TAIL.encode())
        return hostile.xlsx([sheet])

    def billion_laughs():
        entities = '<!ENTITY a0 "哈哈哈哈哈哈哈哈哈哈">' + "".join(
            f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10)
        )
        workbook = (
            f'<?xml version="1.0"?><!DOCTYPE workbook [{entities}]><workbook xmlns="{hostile.MAIN}" '
            f'xmlns:r="{hostile.REL}"><sheets><sheet name="&a9;" sheetId="1" r:id="rId1"/></sheets></workbook>'
        )
        return hostile.xlsx([hostile.sheet_xml({1: hostile.header_row()})], workbook_xml=workbook)

    def csv_of(rows, columns, text):
        header = ",".join(f"列{c}" for c in range(columns))
        body = "\n".join(",".join(f"{text}{r}-{c}" for c in range(columns)) for r in range(rows))
        return (header + "\n" + body + "\n").encode("utf-8")

    def inline_sheet(rows, columns, text):
        letters = [tabular.column_letter(i) for i in range(columns)]
        body = [
            "".join(
                hostile.inline(f"{letter}{r}", f"{text}{r}-{c}" if r > 1 else f"列{c}")
                for c, letter in enumerate(letters)
            )
            for r in range(1, rows + 2)
        ]
        sheet = hostile.SHEET_HEAD + "".join(f'<row r="{r}">{cells}</row>' for r, cells in enumerate(body, 1))
        return hostile.xlsx([sheet + hostile.SHEET_TAIL])

    def long_texts(rows, columns, chars):
        """Cells of ``chars`` letters drawn from four: about 2 bits a letter, so that a sheet near its size limit
        still compresses under the upload limit and the ratio limit."""
        text = os.urandom(rows * columns * chars // 2).hex().translate(str.maketrans("0123456789abcdef", "ACGT" * 4))
        letters = [tabular.column_letter(i) for i in range(columns)]
        body, at = [], 0
        for r in range(1, rows + 2):
            cells = []
            for c, letter in enumerate(letters):
                value = f"列{c}" if r == 1 else text[at : at + chars]
                at += chars if r > 1 else 0
                cells.append(hostile.inline(f"{letter}{r}", value))
            body.append(f'<row r="{r}">{"".join(cells)}</row>')
        return hostile.xlsx([hostile.SHEET_HEAD + "".join(body) + hostile.SHEET_TAIL])

    max_data_rows = tabular.MAX_CELLS // 100 - 1  # 2,999 rows × 100 columns + the header: MAX_CELLS exactly
    return [
        ("xlsx 空白炸弹：工作表解压后1GB空格", lambda: hostile.whitespace_bomb(1)),
        ("xlsx 共享字符串炸弹：300万个", lambda: hostile.shared_strings_bomb(3_000_000)),
        ("xlsx 共享字符串：30万零1个（比例正常）", lambda: hostile.many_shared_strings(tabular.MAX_SHARED_STRINGS + 1)),
        ("xlsx 压缩比炸弹：8MB重复行", ratio_bomb),
        ("xlsx 一行A列和XFD列有值", lambda: hostile.wide_row("XFD")),
        ("xlsx XFD列只有格式（裁掉）", lambda: hostile.wide_row("XFD", valued=False)),
        ("xlsx 第50001行有值", lambda: hostile.value_at_row(tabular.MAX_SHEET_ROWS + 1)),
        ("xlsx 51个工作表", lambda: hostile.many_sheets(tabular.MAX_SHEETS + 1)),
        ("xlsx 30万零50个只有格式的单元格", lambda: hostile.many_empty_cells(tabular.MAX_CELLS + 50)),
        ("xlsx 一个单元格32768个字符", lambda: hostile.long_cell(tabular.MAX_CELL_CHARS + 1)),
        ("xlsx 行间32768个空格", lambda: hostile.whitespace_between_rows(tabular.MAX_CELL_CHARS + 1)),
        ("xlsx DOCTYPE实体膨胀（十亿笑）", billion_laughs),
        ("xlsx 1000个部件", lambda: hostile.many_members(tabular.XLSX_MAX_MEMBERS)),
        ("xls 51个工作表", lambda: hostile.xls([hostile.xls_cells({1: ["申请号"]})] * (tabular.MAX_SHEETS + 1))),
        ("xls 共享字符串80万个", lambda: hostile.xls_shared_strings(800_000)),
        ("xls IV列有值", lambda: hostile.xls([hostile.xls_cells({1: ["申请号", *[None] * 254, "备注"]})])),
        ("CSV 引号未成对（10MB一个单元格）", lambda: hostile.csv_giant_field(10 * KIB * KIB - 100)),
        ("CSV 10MB逗号", lambda: "申请号,专利名称\n".encode() + b"," * (10 * KIB * KIB - 100)),
        ("CSV 10MB空行", lambda: "申请号,专利名称\n".encode() + b"\n" * (10 * KIB * KIB - 100)),
        (
            f"最大可接受 xlsx：{max_data_rows}行×100列，30万个不同共享字符串",
            lambda: hostile.largest_accepted_xlsx(max_data_rows, 100, text="表面缺陷检测"),
        ),
        (
            "最大可接受 xlsx：4999行×60列内联文字（工作表约30MB）",
            lambda: inline_sheet(4999, 60, "一种基于深度学习的表面缺陷检测方法"),
        ),
        ("最大可接受 xlsx：近30MB长文字（1000行×10列）", lambda: long_texts(1000, 10, 2800)),
        ("最大可接受 xls：30万个共享字符串", lambda: hostile.xls_shared_strings(tabular.MAX_SHARED_STRINGS)),
        (
            f"最大可接受 xls：{max_data_rows}行×100列文字单元格",
            lambda: hostile.xls(
                [hostile.xls_cells({r: [f"P{r}-{c}" for c in range(100)] for r in range(1, max_data_rows + 2)})]
            ),
        ),
        ("最大可接受 CSV：4999行×60列（约10MB）", lambda: csv_of(4999, 60, "表面缺陷检测方法")),
    ]


def read_in_child(path):
    """The result ``child`` prints for ``path``, read in a fresh process."""
    out = subprocess.run(
        [sys.executable, __file__, "--child", str(path)], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def pad(text, width):
    """``text`` left-aligned in ``width`` terminal columns (a Chinese character takes two)."""
    used = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(width - used, 0)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--only", help="only the files whose label contains this")
    args = parser.parse_args()
    if args.child:
        return child(args.child)
    print(pad("文件", 52), pad("大小", 10), pad("秒", 7), pad("峰值内存", 10), pad("空闲", 8), "结果")
    problems = []
    with tempfile.TemporaryDirectory() as workdir:
        for index, (label, build) in enumerate(files()):
            if args.only and args.only not in label:
                continue
            path = Path(workdir) / f"{index}.bin"
            path.write_bytes(build())
            size = path.stat().st_size
            result = read_in_child(path)
            if not result["accepted"]:
                result["seconds"] = statistics.median(
                    [result["seconds"], *(read_in_child(path)["seconds"] for _ in range(REFUSAL_READS - 1))]
                )
            peak_mb, idle_mb = result["peak"] / KIB, result["idle"] / KIB
            size_text = f"{size / KIB / KIB:.2f}MB" if size >= 100 * KIB else f"{size / KIB:.1f}KB"
            print(
                pad(label, 52),
                pad(size_text, 10),
                pad(f"{result['seconds']:.2f}", 7),
                pad(f"{peak_mb:.0f}MB", 10),
                pad(f"{idle_mb:.0f}MB", 8),
                result["outcome"][:90],
                flush=True,
            )
            if result["accepted"] and peak_mb > TARGET_PEAK_MB:
                problems.append(f"{label}: peak {peak_mb:.0f} MB > {TARGET_PEAK_MB} MB")
            if not result["accepted"] and result["seconds"] > TARGET_REFUSAL_SECONDS:
                problems.append(f"{label}: refused after {result['seconds']:.2f} s > {TARGET_REFUSAL_SECONDS} s")
    print(
        "\n" + ("\n".join(problems) if problems else "目标均已达到：拒绝均在1秒内，可接受文件的峰值内存均低于150MB。")
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
