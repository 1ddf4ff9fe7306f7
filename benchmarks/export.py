"""Time and memory of a large project export (issue 11.4; target of issue 10: 20,000 rows in under 10 s, peak
memory under 100 MB above the idle process).

    DATABASE_URL=sqlite:////tmp/bench-export.sqlite3 .venv/bin/python benchmarks/export.py [--rows N] [--keep]

Runs on ``DATABASE_URL`` (migrated first; without it, a fresh SQLite file in a temporary folder, never
var/dengfeng.sqlite3). It bulk-creates N enterprises and N projects in a new annual call, then measures
``export_job_run`` for the bureau, filtered to that call's year, in a fresh process of its own (so that the memory
the data creation freed cannot hide the export's): idle there means Django set up and connected, nothing exported.
That process exports twice:

1. plain, for the time and the resident memory: the kernel's high-water mark (VmHWM) is read before, reset to
   the idle size, and read after the export;
2. under tracemalloc (slower), for the peak of Python allocations during the export.

The rows it created are deleted afterwards unless ``--keep`` is given. Exported files go to a temporary folder.
"""

import argparse
import datetime
import gc
import os
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_SECONDS, TARGET_MB = 10, 100
MB = 1024 * 1024


def proc_status_kb(field):
    """A field of /proc/self/status in kB (VmRSS, VmHWM), or None off Linux."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def reset_peak_rss():
    """Reset VmHWM to the current RSS (Linux: ``echo 5 > /proc/self/clear_refs``); False when not possible."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def setup(workdir, migrate=True):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dengfeng.settings.test")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir}/bench-export.sqlite3")
    os.environ["MEDIA_ROOT"] = str(Path(workdir) / "media")
    import django

    django.setup()
    if migrate:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)


def create_rows(n):
    """One new annual call, a bureau user, and ``n`` enterprises with one project each, bulk-created."""
    from django.db.models import Max
    from django.utils import timezone

    from directory.models import District, Enterprise, IndustryChain
    from projects.enums import Status
    from projects.models import AnnualCall, Project
    from tests import factories

    used_years = set(AnnualCall.objects.values_list("year", flat=True))
    year = next(y for y in range(2100, 2020, -1) if y not in used_years)
    call = factories.AnnualCallFactory(year=year)
    bureau = factories.BureauFactory(username=f"bench-export-{year}")
    districts = list(District.objects.all())
    industries = list(IndustryChain.objects.all())
    base = (Enterprise.objects.aggregate(top=Max("pk"))["top"] or 0) + 10_000_000
    enterprises = Enterprise.objects.bulk_create(
        [
            Enterprise(
                name=f"苏州基准测试科技有限公司{i}" if i % 100 else f'=HYPERLINK("http://evil","点我{i}")',
                uscc=factories.valid_uscc(base + i),
                district=districts[i % len(districts)],
                industry=industries[i % len(industries)] if industries else None,
                founded_on=datetime.date(2010, 5, 1),
                is_little_giant=i % 3 == 0,
                is_talent_enterprise=i % 7 == 0,
            )
            for i in range(n)
        ],
        batch_size=1000,
    )
    statuses = [Status.DRAFT, Status.SUBMITTED, Status.RECOMMENDED, Status.IN_REVIEW]
    now = timezone.now()
    Project.objects.bulk_create(
        [
            Project(
                call=call,
                enterprise=enterprise,
                district=enterprise.district,
                industry=enterprise.industry,
                title=f"{enterprise.name}知识产权登峰行动计划项目",
                government_funding="1000000.00",
                own_investment="2345678.90",
                status=statuses[i % len(statuses)],
                submitted_at=now - datetime.timedelta(minutes=i) if i % len(statuses) else None,
                eligibility_track="E3a" if i % len(statuses) else "",
                eligibility_verdict="eligible" if i % len(statuses) else "",
                recommendation_order=i % 50 + 1 if i % len(statuses) > 1 else None,
            )
            for i, enterprise in enumerate(enterprises)
        ],
        batch_size=1000,
    )
    return call, bureau, enterprises


def export(bureau, year):
    from documents.exports import export_job_run
    from documents.models import ExportJob

    job = ExportJob.objects.create(user=bureau, kind="projects", params={"year": str(year)})
    started = time.perf_counter()
    export_job_run(job.pk)
    seconds = time.perf_counter() - started
    job.refresh_from_db()
    return job, seconds


def clean_up(call, bureau, enterprises):
    from directory.models import Enterprise
    from documents.models import ExportJob

    for job in ExportJob.objects.filter(user=bureau):
        job.file.delete(save=False)
    ExportJob.objects.filter(user=bureau).delete()
    call.projects.all().delete()
    Enterprise.objects.filter(pk__in=[e.pk for e in enterprises]).delete()
    call.delete()
    bureau.delete()


def measure(year, username, rows):
    """The child process: export the call ``year`` as ``username`` and print time, memory and file size."""
    from django.db import connection

    from accounts.models import User
    from documents.models import ExportJob

    bureau = User.objects.get(username=username)
    connection.ensure_connection()
    gc.collect()
    idle_kb = proc_status_kb("VmRSS")
    hwm_before_kb = proc_status_kb("VmHWM")
    reset = reset_peak_rss()
    job, seconds = export(bureau, year)
    hwm_after_kb = proc_status_kb("VmHWM")
    assert job.status == ExportJob.Status.DONE, job.error
    assert job.total == job.done_rows == rows, (job.total, job.done_rows)
    size = job.file.size
    print(f"export: {job.total} rows in {seconds:.2f} s, file {size / MB:.2f} MB ({size} bytes)")
    above = None
    if idle_kb is not None and hwm_after_kb is not None:
        above = (hwm_after_kb - idle_kb) / 1024
        note = "reset to idle before the export" if reset else "NOT reset: includes the start-up"
        print(
            f"RSS: idle {idle_kb / 1024:.1f} MB (VmHWM {hwm_before_kb / 1024:.1f} MB, {note}); "
            f"VmHWM after the export {hwm_after_kb / 1024:.1f} MB; peak above idle {above:.1f} MB"
        )
    else:
        print("RSS: /proc/self/status not available")

    gc.collect()
    tracemalloc.start()
    second, traced_seconds = export(bureau, year)
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert second.status == ExportJob.Status.DONE, second.error
    print(f"tracemalloc: peak {traced_peak / MB:.1f} MB during a second export ({traced_seconds:.2f} s traced)")

    peak = max(traced_peak / MB, above or 0)
    limit = TARGET_SECONDS * rows / 20_000
    met = seconds < limit and peak < TARGET_MB
    print(
        f"target (issue 10, time scaled to {rows} rows): < {limit:.1f} s and < {TARGET_MB} MB above idle: "
        f"{'met' if met else 'NOT met'}"
    )
    return met


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000, help="projects to create and export (default 20000)")
    parser.add_argument("--keep", action="store_true", help="keep the created rows (default: delete them)")
    parser.add_argument("--measure", nargs=2, metavar=("YEAR", "USERNAME"), help=argparse.SUPPRESS)  # the child
    args = parser.parse_args()
    if args.measure:
        setup(os.environ["BENCH_EXPORT_WORKDIR"], migrate=False)
        sys.exit(0 if measure(int(args.measure[0]), args.measure[1], args.rows) else 1)
    with tempfile.TemporaryDirectory(prefix="dengfeng-bench-export-") as workdir:
        setup(workdir)
        from django.db import connection

        print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
        started = time.perf_counter()
        call, bureau, enterprises = create_rows(args.rows)
        print(f"created {args.rows} enterprises and projects in {time.perf_counter() - started:.1f} s")
        connection.close()  # SQLite: nothing held open while the child reads
        try:
            child = subprocess.run(
                [sys.executable, __file__, "--rows", str(args.rows), "--measure", str(call.year), bureau.username],
                env={**os.environ, "BENCH_EXPORT_WORKDIR": workdir},
                check=False,
            )
        finally:
            if args.keep:
                print(f"kept: call {call.year}, user {bureau.username}")
            else:
                clean_up(call, bureau, enterprises)
    sys.exit(child.returncode)


if __name__ == "__main__":
    main()
