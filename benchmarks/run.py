"""``make bench``: time the pages people wait on, on a fresh database seeded with the demo data.

Each page is requested once to warm up, then ``--runs`` times; the table gives the HTTP status, the number of
SQL queries and the median / slowest time. A fresh SQLite file in a temporary folder is used unless ``--database``
names another, empty database (e.g. a PostgreSQL one, to compare); never the city-size one of ``city.py``.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def pad(text, width):
    """``text`` left-aligned in ``width`` terminal columns (a Chinese character takes two)."""
    used = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(width - used, 0)


def setup(workdir, database=None):
    os.environ["DJANGO_SETTINGS_MODULE"] = "dengfeng.settings.test"
    os.environ["DATABASE_URL"] = database or f"sqlite:///{workdir}/bench.sqlite3"
    os.environ["MEDIA_ROOT"] = str(Path(workdir) / "media")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115


def pages():
    """(label, username, url) for each page to time."""
    from django.urls import reverse

    from projects.enums import Status
    from projects.models import Project

    in_review = Project.objects.filter(status=Status.IN_REVIEW).order_by("pk").first()
    submitted = Project.objects.exclude(snapshots=None).order_by("pk").first()
    listed = [
        ("工作台（市局）", "demo-bureau", reverse("home")),
        ("工作台（区）", "demo-district", reverse("home")),
        ("工作台（企业）", "demo-enterprise", reverse("home")),
        ("工作台（专家）", "demo-expert1", reverse("home")),
        ("工作台（财政）", "demo-finance", reverse("home")),
        ("项目列表（市局）", "demo-bureau", reverse("projects:list")),
        ("形式审查队列（区）", "demo-district", reverse("reviews:district")),
        ("初选队列（市局）", "demo-bureau", reverse("reviews:screening")),
    ]
    if in_review:
        listed.append(("项目详情（市局）", "demo-bureau", reverse("projects:detail", args=[in_review.pk])))
    if submitted:
        # rendered on submission: the link answers 302 to the stored file (benchmarks/pdf.py times the render)
        pdf = reverse("projects:application_pdf", args=[submitted.pk])
        listed.append(("申报书 PDF 链接（市局）", "demo-bureau", pdf))
    return listed


def measure(client, url, runs):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm up (templates, fonts)
    timings = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
    return response.status_code, len(queries), statistics.median(timings), max(timings)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="requests per page after the warm-up (default 10)")
    parser.add_argument("--database", help="an empty database to use instead of a fresh SQLite file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="dengfeng-bench-") as workdir:
        started = time.perf_counter()
        setup(workdir, args.database)
        print(f"database: migrate + seed_demo in {time.perf_counter() - started:.1f} s")
        from django.test import Client

        from accounts.models import User

        print(f"{pad('page', 22)} {'status':>6} {'queries':>7} {'median ms':>10} {'max ms':>8}")
        for label, username, url in pages():
            client = Client()
            client.force_login(User.objects.get(username=username))
            status, queries, median, slowest = measure(client, url, args.runs)
            print(f"{pad(label, 22)} {status:>6} {queries:>7} {median:>10.1f} {slowest:>8.1f}")


if __name__ == "__main__":
    main()
