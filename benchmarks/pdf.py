"""What Chinese costs the application PDF (issue 10): the demo's fullest submitted application (申报书) against the
same document with every Chinese character replaced by Latin letters, both in the project's own font.

    .venv/bin/python benchmarks/pdf.py [--runs 10]

Seeds the demo data on a fresh SQLite file in a temporary folder, takes the submitted version with the most text,
renders its HTML once (``projects.pdf.application_html``, as the documents engine does) and makes the Latin-only
twin of it: each wide character (a Han character, a full-width punctuation mark) becomes two Latin letters, about
its width, in words of six letters, so that the twin keeps the layout and the page count. Both go through
``documents.pdf.html_to_pdf`` (WeasyPrint with the project's fonts, HarfBuzz subsetting, the font check)
``--runs`` times, interleaved, after one warm-up each (fonts loaded once per process). Prints each one's median
and slowest seconds, pages, bytes and characters, and the ratio of the medians. Target: the Chinese PDF within
1.3× the Latin-only one.
"""

import argparse
import statistics
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.run import pad, setup  # noqa: E402  (the demo seeded on a fresh SQLite file)

TARGET_RATIO = 1.3
LETTERS = "abcdefghijklmnopqrstuvwxyz"


def latin_twin(html: str) -> str:
    """``html`` with each wide character as two Latin letters picked by its code point, and a space after every
    third one of a run: words of six letters, as ordinary Latin text breaks (a Chinese line may break at any
    character; a Latin one only between words)."""
    out, run = [], 0
    for char in html:
        if unicodedata.east_asian_width(char) in "WF":
            code = ord(char)
            out.append(LETTERS[code % 26] + LETTERS[(code // 26) % 26])
            run += 1
            if run % 3 == 0:
                out.append(" ")
        else:
            out.append(char)
            run = 0
    return "".join(out)


def wide_characters(text: str) -> int:
    return sum(unicodedata.east_asian_width(char) in "WF" for char in text)


def pages(html: str) -> int:
    from weasyprint import HTML

    from documents.pdf import STATIC_SCHEME, _font_config, _static_only_fetcher

    return len(
        HTML(string=html, base_url=STATIC_SCHEME, url_fetcher=_static_only_fetcher())
        .render(font_config=_font_config())
        .pages
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=10, help="renders of each document (default 10)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="dengfeng-bench-pdf-") as workdir:
        started = time.perf_counter()
        setup(workdir)
        print(f"database: migrate + seed_demo in {time.perf_counter() - started:.1f} s")
        from django.db.models.functions import Length

        from documents.pdf import html_to_pdf
        from projects.models import Snapshot
        from projects.pdf import application_html

        snapshot = (
            Snapshot.objects.annotate(size=Length("data")).order_by("-size", "pk").select_related("project").first()
        )
        chinese = application_html(snapshot)
        latin = latin_twin(chinese)
        assert wide_characters(latin) == 0, "the Latin-only twin still holds wide characters"
        documents = {"中文申报书": chinese, "拉丁文对照": latin}
        timings = {label: [] for label in documents}
        sizes = {label: len(html_to_pdf(html)) for label, html in documents.items()}  # warm-up
        for _ in range(args.runs):
            for label, html in documents.items():
                started = time.perf_counter()
                html_to_pdf(html)
                timings[label].append(time.perf_counter() - started)
        print(f"申报书：{snapshot.project.number} 第{snapshot.version}版，HTML {len(chinese) / 1024:.0f} KB")
        print(pad("文档", 12), "中位秒   最慢秒   页数   PDF KB   中文字符")
        for label, html in documents.items():
            print(
                pad(label, 12),
                f"{statistics.median(timings[label]):6.3f}  {max(timings[label]):7.3f}  "
                f"{pages(html):5d}  {sizes[label] / 1024:7.0f}  {wide_characters(html):8d}",
            )
        ratio = statistics.median(timings["中文申报书"]) / statistics.median(timings["拉丁文对照"])
        met = ratio <= TARGET_RATIO
        print(
            f"中文 / 拉丁文（中位数之比，各{args.runs}次）：{ratio:.2f}倍；"
            f"目标 ≤ {TARGET_RATIO}倍：{'达到' if met else '未达到'}"
        )
        return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
