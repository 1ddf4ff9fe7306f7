"""Time and queries of the checks at city scale (issue 14, points 1–2): N projects under way in one call, a share of
them with their mid-term report sent and verified; the bureau's and the district's lists (first page and a later
one), the daily reminders over every project under way, the mid-term decision of a project through the funnel,
and the continue list as xlsx.

    .venv/bin/python benchmarks/checks.py [--projects N]

Runs on a fresh SQLite file in a temporary folder (migrated first), or on ``DATABASE_URL`` when set. Rows are
bulk-created (enterprises, projects, their 实施中 StateLog rows, one target indicator each, reports with figures);
the pages are read through Django's test client as the bureau and an official of one district would. Prints
figures; it is not a test.
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
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir}/bench-checks.sqlite3")
    os.environ["MEDIA_ROOT"] = str(Path(workdir) / "media")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def create_rows(count):
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Max
    from django.utils import timezone
    from django_fsm_log.models import StateLog

    from checks.models import IndicatorFigure, Report, ReportKind
    from directory.models import District, Enterprise
    from projects.enums import Status
    from projects.models import AnnualCall, Project, TargetIndicator
    from tests import factories

    used = set(AnnualCall.objects.values_list("year", flat=True))
    year = next(y for y in range(2100, 2020, -1) if y not in used)
    call = factories.AnnualCallFactory(year=year, max_projects=count)
    districts = list(District.objects.all())
    base = (Enterprise.objects.aggregate(top=Max("pk"))["top"] or 0) + 30_000_000
    enterprises = Enterprise.objects.bulk_create(
        [
            Enterprise(
                name=f"苏州检查基准科技有限公司{i}",
                uscc=factories.valid_uscc(base + i),
                district=districts[i % len(districts)],
                founded_on=datetime.date(2012, 3, 1),
            )
            for i in range(count)
        ],
        batch_size=1000,
    )
    # A third under way, a third reported, a third verified (waiting for the bureau).
    states = (Status.UNDER_WAY, Status.MIDTERM_REPORTED, Status.MIDTERM_VERIFIED)
    projects = Project.objects.bulk_create(
        [
            Project(
                call=call,
                enterprise=e,
                district=e.district,
                title=f"{e.name}知识产权登峰行动计划项目",
                government_funding="1000000.00",
                own_investment="2000000.00",
                status=states[i % 3],
            )
            for i, e in enumerate(enterprises)
        ],
        batch_size=1000,
    )
    started = timezone.now() - datetime.timedelta(days=370)
    project_type = ContentType.objects.get_for_model(Project)
    StateLog.objects.bulk_create(
        [
            StateLog(
                timestamp=started,
                state=Status.UNDER_WAY,
                source_state=Status.APPROVED,
                transition="confirm_task_letter",
                content_type=project_type,
                object_id=p.pk,
            )
            for p in projects
        ],
        batch_size=1000,
    )
    TargetIndicator.objects.bulk_create(
        [TargetIndicator(project=p, name="高价值发明专利", target=20) for p in projects], batch_size=1000
    )
    sent = [p for p in projects if p.status != Status.UNDER_WAY]
    reports = Report.objects.bulk_create(
        [Report(project=p, kind=ReportKind.MIDTERM, submitted_at=timezone.now(), submissions=1) for p in sent],
        batch_size=1000,
    )
    indicators = dict(TargetIndicator.objects.filter(project__call=call).values_list("project_id", "pk"))
    IndicatorFigure.objects.bulk_create(
        [IndicatorFigure(report=r, indicator_id=indicators[r.project_id], reached=15) for r in reports],
        batch_size=1000,
    )
    return call, projects


def timed(label, fn):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        result = fn()
        seconds = time.perf_counter() - started
    print(f"{label}: {seconds * 1000:.0f} ms, {len(queries)} queries")
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=3000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="dengfeng-bench-checks-") as workdir:
        setup(workdir)
        from django.db import connection
        from django.test import Client
        from django.test.utils import setup_test_environment
        from django.urls import reverse
        from django.utils import timezone

        from activity.deadlines import remind_all
        from checks.schedule import midterm_window
        from checks.services import midterm_decide
        from directory.models import District
        from projects.enums import Status
        from projects.models import Project
        from tests import factories

        print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
        started = time.perf_counter()
        call, _ = create_rows(args.projects)
        print(f"created {args.projects} projects under way or at mid-term in {time.perf_counter() - started:.1f} s")

        bureau = factories.BureauFactory(username=f"bench-checks-{call.year}")
        district = District.objects.get(name="苏州工业园区")
        official = factories.DistrictOfficialFactory(username=f"bench-checks-d-{call.year}", district=district)
        setup_test_environment()  # the responses carry their context
        client = Client()
        client.force_login(bureau)
        url = reverse("checks:bureau_midterm")
        client.get(url)  # warm up (templates, URL resolver)
        page = timed("bureau mid-term list, first page", lambda: client.get(url))
        print(f"  {page.context['page'].paginator.count} waiting for the bureau, {len(page.content) // 1024} KB")
        timed("bureau mid-term list, page 20", lambda: client.get(url, {"page": 20}))
        timed(
            "bureau mid-term list, every mid-term state",
            lambda: client.get(url, {"status": [Status.UNDER_WAY, Status.MIDTERM_REPORTED, Status.MIDTERM_VERIFIED]}),
        )
        client.force_login(official)
        page = timed("district list (苏州工业园区), first page", lambda: client.get(reverse("checks:district")))
        print(f"  {page.context['page'].paginator.count} waiting for the district")

        under_way = Project.objects.filter(call=call, status=Status.UNDER_WAY).first()
        for user_project in Project.objects.filter(call=call, status=Status.UNDER_WAY)[:200]:
            factories.EnterpriseUserFactory(enterprise=user_project.enterprise)
        day = midterm_window(under_way).closes_on - datetime.timedelta(days=7)
        sent = timed("daily reminders (remind_all) over every project under way", lambda: remind_all(today=day))
        print(f"  {sent} reminders sent (200 enterprises have a user)")

        verified = list(Project.objects.filter(call=call, status=Status.MIDTERM_VERIFIED)[:50])
        started = time.perf_counter()
        for project in verified:
            midterm_decide(project=project, by=bureau, outcome="continue", reason="按计划推进。")
        seconds = time.perf_counter() - started
        print(f"mid-term decision through the funnel: {seconds / len(verified) * 1000:.1f} ms each ({len(verified)})")

        client.force_login(bureau)
        response = timed(
            "continue list as xlsx (50 rows)",
            lambda: client.get(reverse("checks:lists_xlsx", args=[call.year, "continue"])),
        )
        print(f"  {len(io.BytesIO(response.content).getvalue()) // 1024} KB")
        timed("continue and suspend list as PDF", lambda: client.get(reverse("checks:lists_pdf", args=[call.year])))
        print(f"finished at {timezone.now():%H:%M:%S}")


if __name__ == "__main__":
    main()
