"""Time of the monitoring room at city scale (issue 14 point 3): the import of a year's indicator records for
2,000 funded enterprises (preview, then confirm: read, check every row, write all), and the monitoring list, an
enterprise's record page, the F6 report and the dashboard's ``indicator_totals_by_year`` over those rows.

    .venv/bin/python benchmarks/monitoring.py [--enterprises N] [--years N]

Runs on a fresh SQLite file in a temporary folder (migrated first), or on ``DATABASE_URL`` when set (e.g. an empty
PostgreSQL database). Enterprises, their funded projects and submitted snapshots are bulk-created; ``--years``
earlier years of records are bulk-created too, so the list and the totals read N × years rows; the year imported
is the last one. Prints figures; it is not a test.
"""

import argparse
import datetime
import io
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup(workdir):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dengfeng.settings.test")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir}/bench-monitoring.sqlite3")
    os.environ["MEDIA_ROOT"] = str(Path(workdir) / "media")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def create_rows(count, years):
    from django.db.models import Max
    from django.utils import timezone

    from directory.models import District, Enterprise
    from monitoring.models import IndicatorRecord, Recommendation
    from projects.enums import Status
    from projects.models import AnnualCall, Project, Snapshot
    from tests import factories
    from tests.factories.monitoring import INDICATOR_VALUES

    used = set(AnnualCall.objects.values_list("year", flat=True))
    year = next(y for y in range(2025, 2020, -1) if y not in used)
    call = factories.AnnualCallFactory(year=year)
    bureau = factories.BureauFactory(username=f"bench-monitoring-{year}")
    districts = list(District.objects.all())
    base = (Enterprise.objects.aggregate(top=Max("pk"))["top"] or 0) + 30_000_000
    enterprises = Enterprise.objects.bulk_create(
        [
            Enterprise(
                name=f"苏州监测基准科技有限公司{i}",
                uscc=factories.valid_uscc(base + i),
                district=districts[i % len(districts)],
            )
            for i in range(count)
        ],
        batch_size=1000,
    )
    projects = Project.objects.bulk_create(
        [
            Project(
                call=call,
                enterprise=e,
                district=e.district,
                title=f"{e.name}项目",
                government_funding="1000000.00",
                own_investment="2000000.00",
                status=Status.UNDER_WAY,
                submitted_at=timezone.now(),
            )
            for e in enterprises
        ],
        batch_size=1000,
    )
    Snapshot.objects.bulk_create(
        [
            Snapshot(
                project=p,
                version=1,
                created_by=bureau,
                data={"application": {"valid_invention_patents": 50 + i % 40, "ip_staff_count": 3 + i % 5}},
            )
            for i, p in enumerate(projects)
        ],
        batch_size=1000,
    )
    last = timezone.localdate().year - 1
    earlier = range(last - years, last)
    IndicatorRecord.objects.bulk_create(
        [
            IndicatorRecord(enterprise=e, year=y, recorded_by=bureau, **INDICATOR_VALUES)
            for e in enterprises
            for y in earlier
        ],
        batch_size=1000,
    )
    Recommendation.objects.bulk_create(
        [
            Recommendation(
                enterprise=e,
                kind="award",
                programme=f"示例奖项{i % 7}",
                level="national" if i % 3 else "provincial",
                recommended_on=datetime.date(last, 1 + i % 12, 1 + i % 28),
                year=last,
                outcome=("pending", "selected", "not_selected")[i % 3],
                recorded_by=bureau,
            )
            for i, e in enumerate(enterprises[: count // 4])
        ],
        batch_size=1000,
    )
    return enterprises, bureau, last


def import_file(enterprises, year) -> bytes:
    import openpyxl

    from monitoring.interfaces.indicator_import import TEMPLATE_HEADERS

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(list(TEMPLATE_HEADERS))
    for i, e in enumerate(enterprises):
        sheet.append(
            [e.uscc, e.name, year, 60 + i % 50, 8, 3, 12, 1, 2, 3, 1, "150000.00", 6, "2800000.00", "已通过认证"]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def timed_page(client, url, label):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm
    runs = []
    for _ in range(5):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            runs.append(time.perf_counter() - started)
    assert response.status_code == 200, (url, response.status_code)
    runs.sort()
    print(
        f"{label}: median {runs[2] * 1000:.0f} ms, best {runs[0] * 1000:.0f} ms, "
        f"{len(queries.captured_queries)} queries, {len(response.content) // 1024} KiB"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--enterprises", type=int, default=2000)
    parser.add_argument("--years", type=int, default=3, help="earlier years of records already there")
    parser.add_argument("--memory", action="store_true", help="also trace peak memory (slows the import 2–3×)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="dengfeng-bench-monitoring-") as workdir:
        setup(workdir)
        import tracemalloc

        from django.db import connection
        from django.test import Client
        from django.urls import reverse

        from monitoring.interfaces.indicator_import import indicator_import_confirm, indicator_import_preview
        from monitoring.models import IndicatorRecord
        from monitoring.selectors import indicator_totals_by_year

        print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
        started = time.perf_counter()
        enterprises, bureau, year = create_rows(args.enterprises, args.years)
        print(
            f"created {args.enterprises} funded enterprises with {args.enterprises * args.years} earlier records "
            f"in {time.perf_counter() - started:.1f} s"
        )
        data = import_file(enterprises, year)
        print(f"import file: {args.enterprises} rows, {len(data) // 1024} KiB")

        def peak():
            return f" (peak {tracemalloc.get_traced_memory()[1] / 2**20:.0f} MiB)" if args.memory else ""

        if args.memory:
            tracemalloc.start()
        started = time.perf_counter()
        report = indicator_import_preview(by=bureau, uploaded_file=data)
        preview = f"{time.perf_counter() - started:.2f} s{peak()}"
        if args.memory:
            tracemalloc.reset_peak()
        assert report.ok, report.problems[:3]
        started = time.perf_counter()
        indicator_import_confirm(by=bureau, uploaded_file=data)
        confirm = f"{time.perf_counter() - started:.2f} s{peak()}"
        if args.memory:
            tracemalloc.stop()
        written = IndicatorRecord.objects.filter(year=year).count()
        print(f"import preview: {preview}; confirm (read, check, write): {confirm}, {written} records written")

        client = Client()
        client.force_login(bureau)
        timed_page(client, reverse("monitoring:home"), f"monitoring list (page 1 of {args.enterprises})")
        timed_page(client, reverse("monitoring:home") + "?district=3&q=基准", "monitoring list, filtered")
        last_page = (args.enterprises + 19) // 20
        timed_page(client, reverse("monitoring:home") + f"?page={last_page}", "monitoring list, last page")
        timed_page(client, reverse("monitoring:enterprise", args=[enterprises[0].pk]), "an enterprise's records")
        timed_page(client, reverse("monitoring:recommendations"), "F6 report")
        started = time.perf_counter()
        rows = indicator_totals_by_year()
        print(
            f"indicator_totals_by_year: {len(rows)} years over {IndicatorRecord.objects.count()} records "
            f"in {(time.perf_counter() - started) * 1000:.0f} ms"
        )


if __name__ == "__main__":
    main()
