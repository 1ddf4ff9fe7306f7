"""Figures of the funding ledger at city scale (issue 13, points 5–6): the finance officer's list of funded projects
and home page at many projects (time, queries, bytes), the xlsx exports of the whole ledger, recording a
disbursement through the service, and the task letter PDF.

    .venv/bin/python benchmarks/funding.py [--projects N] [--entries-per-project N] [--pdfs N]

Runs on a fresh SQLite file in a temporary folder (migrated first), or on ``DATABASE_URL`` when set (e.g. an empty
PostgreSQL database). The ledger rows are bulk-created (funded projects under way, each with its grant, its first
tranche, disbursements and own-investment records); the pages are fetched through Django's test client as the
finance officer, the exports and the PDF go through the same functions as the pages.
"""

import argparse
import datetime
import io
import os
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup(workdir):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dengfeng.settings.test")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir}/bench-funding.sqlite3")
    os.environ["MEDIA_ROOT"] = str(Path(workdir) / "media")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def create_rows(n_projects, per_project):
    from django.db.models import Max
    from django.utils import timezone

    from directory.models import District, Enterprise
    from funding.models import Disbursement, Grant, OwnInvestment, Tranche
    from projects.enums import BudgetUse, Status
    from projects.models import AnnualCall, Project
    from tests import factories

    used = set(AnnualCall.objects.values_list("year", flat=True))
    year = next(y for y in range(2100, 2020, -1) if y not in used)
    call = factories.AnnualCallFactory(year=year)
    finance = factories.FinanceFactory(username=f"bench-finance-{year}")
    districts = list(District.objects.all())
    base = (Enterprise.objects.aggregate(top=Max("pk"))["top"] or 0) + 30_000_000
    enterprises = Enterprise.objects.bulk_create(
        [
            Enterprise(
                name=f"苏州经费台账基准精密智能装备制造股份有限公司{i}",
                uscc=factories.valid_uscc(base + i),
                district=districts[i % len(districts)],
                founded_on=datetime.date(2010, 5, 1),
            )
            for i in range(n_projects)
        ],
        batch_size=1000,
    )
    projects = Project.objects.bulk_create(
        [
            Project(
                call=call,
                enterprise=e,
                district=e.district,
                title=f"{e.name}知识产权登峰行动计划项目",
                government_funding="1000000.00",
                own_investment="2000000.00",
                status=Status.UNDER_WAY,
            )
            for e in enterprises
        ],
        batch_size=1000,
    )
    Grant.objects.bulk_create(
        [
            Grant(project=p, amount="1000000.00", cap="1000000.00", committed="300000.00", decided_by=finance)
            for p in projects
        ],
        batch_size=1000,
    )
    paid = Decimal("300000.00") / per_project
    tranches = Tranche.objects.bulk_create(
        [
            Tranche(
                project=p, kind="first", amount="300000.00", disbursed=paid * per_project * (i % 2), decided_by=finance
            )
            for i, p in enumerate(projects)
        ],
        batch_size=1000,
    )
    today = timezone.localdate()
    Disbursement.objects.bulk_create(
        [
            Disbursement(
                tranche=t,
                project_id=t.project_id,
                amount=paid,
                paid_on=today,
                voucher_number=f"V{t.pk}-{k}",
                recorded_by=finance,
            )
            for i, t in enumerate(tranches)
            if i % 2
            for k in range(per_project)
        ],
        batch_size=2000,
    )
    uses = list(BudgetUse.values)
    OwnInvestment.objects.bulk_create(
        [
            OwnInvestment(
                project=p,
                amount="150000.00",
                use=uses[k % len(uses)],
                spent_on=today,
                description="专利导航分析",
                evidence_name="凭证.pdf",
                evidence_sha256="0" * 64,
                recorded_by=finance,
            )
            for p in projects
            for k in range(per_project)
        ],
        batch_size=2000,
    )
    return call, finance, projects


def timed(fn, repeat):
    times = []
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


class QueryCounter:
    """Counts the SQL statements run inside it (``reset_queries`` on each request makes Django's own log useless)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)

    def __enter__(self):
        from django.db import connection

        self._cm = connection.execute_wrapper(self)
        self._cm.__enter__()
        return self

    def __exit__(self, *exc):
        return self._cm.__exit__(*exc)


def page_figures(client, url, repeat=5):
    client.get(url)  # warm
    with QueryCounter() as queries:
        response = client.get(url)
    seconds, response = timed(lambda: client.get(url), repeat)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response.status_code, seconds, queries.count, len(body)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--projects", type=int, default=2000)
    parser.add_argument("--entries-per-project", type=int, default=3)
    parser.add_argument("--pdfs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        setup(workdir)
        from django.test import Client
        from django.urls import reverse

        from funding import exports, selectors
        from funding.services import disbursement_record
        from projects.models import Project

        start = time.perf_counter()
        call, finance, projects = create_rows(args.projects, args.entries_per_project)
        print(
            f"rows: {args.projects} funded projects, {args.entries_per_project} disbursements (half of them) and "
            f"own-investment records each, created in {time.perf_counter() - start:.1f} s"
        )
        client = Client()
        client.force_login(finance)
        for label, url in (
            ("finance home", reverse("home")),
            ("funded list, page 1", reverse("funding:list")),
            ("funded list, last page", reverse("funding:list") + f"?page={-(-args.projects // 25)}"),
            ("funded list, filtered (to pay)", reverse("funding:list") + "?payment=to_pay"),
            ("one project's ledger", reverse("funding:ledger", args=[projects[1].pk])),
        ):
            status, seconds, queries, size = page_figures(client, url)
            print(f"{label:32s} HTTP {status}  {seconds * 1000:7.1f} ms  {queries:3d} queries  {size / 1024:7.1f} KiB")

        visible = selectors.funded_projects(finance)
        with QueryCounter() as queries:
            seconds, rows = timed(lambda: exports.write_summary(io.BytesIO(), visible), 1)
        print(f"{'xlsx summary export':32s} {rows} rows in {seconds:.2f} s, {queries.count} queries")
        everything = Project.objects.filter(call=call)
        with QueryCounter() as queries:
            seconds, rows = timed(lambda: exports.write_entries(io.BytesIO(), everything), 1)
        print(f"{'xlsx entries export':32s} {rows} rows in {seconds:.2f} s, {queries.count} queries")

        seconds, totals = timed(lambda: selectors.ledger_totals(everything), 5)
        print(f"{'ledger_totals (4 queries)':32s} {seconds * 1000:7.1f} ms  committed {totals['committed']:,}元")

        unpaid = [p for i, p in enumerate(projects) if i % 2 == 0][:100]
        start = time.perf_counter()
        for p in unpaid:
            disbursement_record(
                tranche=p.tranches.get(), by=finance, amount="100000", paid_on=datetime.date.today(), voucher_number="B"
            )
        print(f"{'disbursement_record':32s} {(time.perf_counter() - start) / len(unpaid) * 1000:7.1f} ms per call")

        from documents.pdf import harfbuzz_subset_available, render_pdf
        from funding.models import TaskLetter
        from funding.task_letter import task_letter_context
        from tests import factories
        from tests.lifecycle import MAIN_ROAD, walk

        project = factories.ProjectFactory(call=factories.AnnualCallFactory(year=call.year - 1))
        walk(project, MAIN_ROAD[: MAIN_ROAD.index("issue") + 1])
        letter = TaskLetter.objects.get(project=project)
        render_pdf("funding/pdf/task_letter.html", task_letter_context(letter))  # fonts loaded once per process
        seconds, pdf = timed(lambda: render_pdf("funding/pdf/task_letter.html", task_letter_context(letter)), args.pdfs)
        print(
            f"{'task letter PDF':32s} {seconds:.2f} s (median of {args.pdfs}), {len(pdf) / 1024:.0f} KiB, "
            f"HarfBuzz subset: {'yes' if harfbuzz_subset_available() else 'NO (slow fontTools fallback)'}"
        )


if __name__ == "__main__":
    main()
