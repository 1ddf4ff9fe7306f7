"""The bureau's statistics dashboard and policy what-if at city scale (issue 14.4–14.5): figures, not a test.

Two data sets, in a PostgreSQL database of this room (default ``postgres://postgres@127.0.0.1:5432/dengfeng_dashboard``,
emptied and seeded once, reused while its sizes match; ``--reseed`` to start again):

- default (``--bulk``): three yearly calls and ``--projects`` applications (default 20,000) of as many enterprises over
  the ten districts and the industries, in every state of the lifecycle, each with its submitted snapshot (figures
  spread around the E3/T3 thresholds), the funded ones with their ledger (grant, tranches, disbursement, own
  investment), and one policy draft — written with bulk inserts in about a minute;
- ``--city``: the city seed of ``benchmarks/city.py`` (the demo data, then 20,000 projects cloned from the demo's
  with their snapshots and ledger); it needs ``seed_demo`` to run on this branch.

Then, in-process with the production settings:

- ``/tongji/`` (统计看板) as a bureau user: SQL queries, HTML size, median and slowest of ``--runs`` requests;
- ``dashboard.whatif.compare`` over every applicant's last snapshot for the draft: applicants judged, queries,
  median and slowest time, who changes side;
- ``/tongji/zhengce-moni/?draft=…`` (政策模拟), first request (comparison computed) and then from the cache.

    /work/main/.venv/bin/python benchmarks/dashboard.py [--projects 20000] [--runs 3] [--reseed] [--city]
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import city  # noqa: E402

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/dengfeng_dashboard"


def timed(function, runs):
    """(queries of one run, median ms, slowest ms, last result) of ``function`` over ``runs`` runs after a warm-up."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    function()
    timings, result = [], None
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            result = function()
            timings.append((time.perf_counter() - started) * 1000)
    return len(queries), statistics.median(timings), max(timings), result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    # its own database: the bulk seed drops the schema it seeds, so it must never be the city-size one of city.py
    parser.add_argument("--database", default=os.environ.get("BENCH_DASHBOARD_DATABASE_URL", DEFAULT_DB))
    parser.add_argument("--redis", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379"))
    parser.add_argument("--enterprises", type=int, default=20000)
    parser.add_argument("--projects", type=int, default=20000)
    parser.add_argument("--district-projects", type=int, default=3000)
    parser.add_argument("--audit", type=int, default=0)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--reseed", action="store_true")
    parser.add_argument("--city", action="store_true", help="the city seed of benchmarks/city.py (needs seed_demo)")
    args = parser.parse_args()
    sizes = {
        "kind": "city" if args.city else "bulk",
        "enterprises": args.enterprises,
        "projects": min(args.projects, args.enterprises),
        "district_projects": args.district_projects,
        "audit": args.audit,
    }
    city.ensure_database(args.database)
    with tempfile.TemporaryDirectory(prefix="dengfeng-bench-dashboard-") as workdir:
        env = city.environment(SimpleNamespace(database=args.database, redis=args.redis), Path(workdir) / "static")
        env["CELERY_BROKER_URL"] = env["CACHE_URL"] = f"{args.redis}/15"  # this room's Redis database
        os.environ.update(env)
        import django

        django.setup()
        if args.city:
            city.seed({k: v for k, v in sizes.items() if k != "kind"}, args.reseed)
        else:
            bulk_seed(sizes, args.reseed)
        from django.core.management import call_command

        call_command("collectstatic", "--noinput", verbosity=0)
        report(args.runs)


# ---- the bulk data set ----------------------------------------------------------------------------------------
STATES = [  # a city's spread: most applications end before funding; the funded ones at every later phase
    *["submitted"] * 3,
    *["not_recommended", "screened_out", "not_selected", "not_selected", "withdrawn"],
    *["recommended", "in_review", "reviewed", "draft", "draft"],
    *["approved", "under_way", "continuing", "suspended", "accepted", "failed", "closed"],
]


def bulk_seed(sizes, reseed):
    """Calls, enterprises, projects, snapshots, the funded projects' ledger and a draft, by bulk inserts."""
    import datetime
    import random
    from decimal import Decimal

    from django.core.management import call_command
    from django.db import connection

    wanted = city.marker(sizes)
    if not reseed and city.seeded_marker() == wanted:
        print("database: reused (already seeded with these sizes; --reseed to start again)")
        return
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    call_command("migrate", verbosity=0)

    from accounts.models import Role, User
    from common.identifiers import uscc_check_character
    from dashboard.services import draft_defaults, policy_draft_save
    from directory.models import District, Enterprise, IndustryChain
    from funding.models import Disbursement, Grant, OwnInvestment, Tranche
    from projects.enums import FUNDED_STATES
    from projects.models import AnnualCall, Project, Snapshot
    from tests.factories.dashboard import snapshot_payload

    bureau = User.objects.create(username="bench-bureau", name="周敏", role=Role.BUREAU)
    year = datetime.date.today().year
    calls = []
    for y in (year - 2, year - 1, year):
        calls.append(
            AnnualCall.objects.create(
                year=y,
                title=f"{y}年度苏州市企业知识产权登峰行动计划项目申报指南",
                application_opens_on=datetime.date(y, 3, 1),
                application_closes_on=datetime.date(y, 4, 30),
                district_review_deadline=datetime.date(y, 5, 31),
            )
        )
    districts, industries = list(District.objects.all()), list(IndustryChain.objects.all())
    rng = random.Random(14)
    count = sizes["projects"]
    with city.progress(count, "项目") as bar:
        for start in range(0, count, 2000):
            numbers = range(start, min(count, start + 2000))
            enterprises = Enterprise.objects.bulk_create(
                Enterprise(
                    name=f"苏州看板测试{n:05d}科技有限公司",
                    uscc=(body := f"91320500MB{n:07d}") + uscc_check_character(body),
                    district=districts[n % len(districts)],
                    industry=industries[n % len(industries)],
                    founded_on=datetime.date(2005 + n % 15, 1 + n % 12, 1),
                )
                for n in numbers
            )
            projects = []
            for n, enterprise in zip(numbers, enterprises, strict=True):
                government = Decimal(500_000 + 50_000 * (n % 11))
                project = Project(
                    call=calls[n % 3],
                    enterprise=enterprise,
                    district_id=enterprise.district_id,
                    industry_id=enterprise.industry_id,
                    title=f"看板测试{n:05d}高价值专利培育项目",
                    government_funding=government,
                    own_investment=government * Decimal(str(2 + (n % 5) * 0.2)),
                )
                project.__dict__["status"] = STATES[n % len(STATES)]  # a state as it stands, no step taken here
                projects.append(project)
            Project.objects.bulk_create(projects)
            snapshots, grants, tranches, investments = [], [], [], []
            for n, project in zip(numbers, projects, strict=True):
                if project.status != "draft":
                    payload = snapshot_payload(
                        valid=rng.randint(10, 90),
                        foreign_applications=rng.randint(0, 12),
                        foreign_grants=rng.randint(0, 5),
                        staff=rng.randint(1, 8),
                        talent=n % 9 == 0,
                        certified=n % 18 == 0,
                        government=str(project.government_funding),
                        own=str(project.own_investment),
                        founded=project.enterprise.founded_on.isoformat(),
                    )
                    snapshots.append(Snapshot(project=project, version=1, data=payload, created_by=bureau))
                if project.status in FUNDED_STATES and project.status != "approved":
                    grants.append(
                        Grant(
                            project=project,
                            amount=project.government_funding,
                            cap=Decimal("1000000.00"),
                            committed=Decimal("300000.00"),
                            decided_by=bureau,
                        )
                    )
                    tranches.append(
                        Tranche(
                            project=project,
                            kind="first",
                            amount=Decimal("300000.00"),
                            disbursed=Decimal("300000.00"),
                            decided_by=bureau,
                        )
                    )
                    investments.append(
                        OwnInvestment(
                            project=project,
                            amount=(project.own_investment / 2).quantize(Decimal("0.01")),
                            use="big_data",
                            spent_on=project.call.application_closes_on,
                            recorded_by=bureau,
                        )
                    )
            Snapshot.objects.bulk_create(snapshots)
            Grant.objects.bulk_create(grants)
            Tranche.objects.bulk_create(tranches)
            Disbursement.objects.bulk_create(
                Disbursement(
                    tranche=t,
                    project=t.project,
                    amount=t.amount,
                    paid_on=t.project.call.application_closes_on,
                    voucher_number=f"财拨-{t.project_id}",
                    recorded_by=bureau,
                )
                for t in tranches
            )
            OwnInvestment.objects.bulk_create(investments)
            bar.update(len(projects))
    changes = {"e3a_min_valid_invention_patents": 60, "e3b_min_valid_invention_patents": 30, "max_projects": 8}
    policy_draft_save(
        by=bureau, base_call=calls[-1], title="下一年度申报指南（草案）", numbers=draft_defaults(calls[-1]) | changes
    )
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_seed (marker text NOT NULL)")
        cursor.execute("DELETE FROM bench_seed")
        cursor.execute("INSERT INTO bench_seed (marker) VALUES (%s)", [wanted])
        cursor.execute("ANALYZE")
    print(f"database: seeded in {time.perf_counter() - started:.0f} s")


# ---- the figures ------------------------------------------------------------------------------------------------
def report(runs):
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from accounts.models import User
    from dashboard.models import PolicyDraft
    from dashboard.whatif import compare
    from projects.models import Project, Snapshot

    client = Client()
    client.force_login(User.objects.filter(role="bureau").order_by("pk").first())
    draft = PolicyDraft.objects.order_by("pk").first()
    print(
        f"\n数据：项目 {Project.objects.count():,} 个，申报书提交版本 {Snapshot.objects.count():,} 份，"
        f"草案“{draft.title}”（对照{draft.base_call.year}年度）"
    )
    rows = []

    def page(url):
        def get():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            return response

        queries, median, slowest, response = timed(get, runs)
        return queries, median, slowest, f"HTML {len(response.content) / 1024:.0f} KB"

    rows.append(("统计看板 /tongji/", *page(reverse("statistics"))))
    queries, median, slowest, comparison = timed(lambda: compare(draft.base_call, draft.numbers()), runs)
    rows.append(
        (
            "政策模拟测算 compare()",
            queries,
            median,
            slowest,
            f"{comparison.applicants:,} 份申报书；草案下不再可申报 {len(comparison.lost):,}，"
            f"新增可申报 {len(comparison.gained):,}",
        )
    )
    url = f"{reverse('policy_whatif')}?draft={draft.pk}"
    cache.clear()
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as first:
        assert client.get(url).status_code == 200
    rows.append(("政策模拟页面（首次测算）", len(first), (time.perf_counter() - started) * 1000, 0, "比较结果写入缓存"))
    rows.append(("政策模拟页面（缓存）", *page(url)))
    from dashboard.services import policy_draft_save

    numbers = draft.numbers() | {"e3b_min_foreign_grants": draft.e3b_min_foreign_grants + 1}
    policy_draft_save(by=draft.created_by, base_call=draft.base_call, title=draft.title, numbers=numbers, draft=draft)
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as edited:
        assert client.get(url).status_code == 200
    rows.append(("政策模拟页面（改草案后）", len(edited), (time.perf_counter() - started) * 1000, 0, "现行侧取自缓存"))
    print(f"\n{city.pad('测量项', 26)} {'SQL':>4} {'中位 ms':>8} {'最慢 ms':>8}  说明")
    for label, queries, median, slowest, note in rows:
        print(f"{city.pad(label, 26)} {queries:>4} {median:>8.0f} {slowest:>8.0f}  {note}")


if __name__ == "__main__":
    main()
