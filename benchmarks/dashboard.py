"""The bureau's statistics dashboard and policy what-if at city scale (issue 14.4–14.5): figures, not a test.

Reuses the city seed of ``benchmarks/city.py`` (the demo data, then 20,000 enterprises and 20,000 projects cloned
from the demo's with their snapshots and tranches, spread over the yearly calls; no audit rows unless asked) in a
PostgreSQL database of its own (default ``postgres://postgres@127.0.0.1:5432/dengfeng_dashboard``; seeded once and
reused while its sizes match, ``--reseed`` to start again). Then, in-process with the production settings:

- ``/tongji/`` (统计看板) as demo-bureau: SQL queries, HTML size, median and slowest of ``--runs`` requests;
- ``dashboard.whatif.compare`` over every applicant's last snapshot, for the demo's draft: applicants judged,
  queries, median and slowest time, who changes side;
- ``/tongji/zhengce-moni/?draft=…`` (政策模拟) as demo-bureau: the same figures as the dashboard's.

    /work/main/.venv/bin/python benchmarks/dashboard.py [--projects 20000] [--runs 5] [--reseed]
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
    parser.add_argument("--database", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB))
    parser.add_argument("--redis", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379"))
    parser.add_argument("--enterprises", type=int, default=20000)
    parser.add_argument("--projects", type=int, default=20000)
    parser.add_argument("--district-projects", type=int, default=3000)
    parser.add_argument("--audit", type=int, default=0)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--reseed", action="store_true")
    args = parser.parse_args()
    sizes = {
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
        city.seed(sizes, args.reseed)
        from django.core.management import call_command

        call_command("collectstatic", "--noinput", verbosity=0)
        report(args.runs)


def report(runs):
    from django.test import Client
    from django.urls import reverse

    from accounts.models import User
    from dashboard.models import PolicyDraft
    from dashboard.whatif import compare
    from projects.models import Project, Snapshot

    client = Client()
    client.force_login(User.objects.get(username="demo-bureau"))
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
    rows.append(("政策模拟页面", *page(f"{reverse('policy_whatif')}?draft={draft.pk}")))
    print(f"\n{city.pad('测量项', 26)} {'SQL':>4} {'中位 ms':>8} {'最慢 ms':>8}  说明")
    for label, queries, median, slowest, note in rows:
        print(f"{city.pad(label, 26)} {queries:>4} {median:>8.0f} {slowest:>8.0f}  {note}")


if __name__ == "__main__":
    main()
