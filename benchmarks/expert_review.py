"""Time of the expert review's heavy steps at city scale (issue 12): the automatic assignment of 2,000 applications
× 5 experts from a pool of about 150, and the ranking of those 2,000 applications from their 10,000 sheets; with
``--close``, also closing the review (the frozen ranking and 2,000 ``close_review`` steps through the funnel).

    .venv/bin/python benchmarks/expert_review.py [--applications N] [--experts N] [--per-project N] [--close]

Runs on a fresh SQLite file in a temporary folder (migrated first), or on ``DATABASE_URL`` when set (e.g. an empty
PostgreSQL database). The rows are bulk-created, like ``benchmarks/export.py``: enterprises, applications already
in expert review (each with a minimal submitted snapshot carrying the P flags and E3 figures the tie-break reads,
and a joint partner for one in ten), the pool (experts with one to three fields of the call's industries, a few
organisations to keep away from). The assignment then goes through ``reviews.assignment.assignment_auto`` as the
page calls it (conflicts, fields, loads, the seed, the messages to each expert); the sheets are bulk-created
(submitted, with their totals), and the ranking is ``reviews.aggregation.call_results`` as the ranking page and the
closing read it.
"""

import argparse
import datetime
import os
import sys
import tempfile
import time
from collections import Counter
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup(workdir):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dengfeng.settings.test")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir}/bench-expert-review.sqlite3")
    os.environ["MEDIA_ROOT"] = str(Path(workdir) / "media")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def create_rows(applications, experts):
    from django.db.models import Max
    from django.utils import timezone

    from accounts.models import Role, User
    from directory.models import District, Enterprise, IndustryChain
    from projects.enums import Status
    from projects.models import AnnualCall, Partner, Project, Snapshot
    from reviews.models import ExpertProfile
    from tests import factories

    used = set(AnnualCall.objects.values_list("year", flat=True))
    year = next(y for y in range(2100, 2020, -1) if y not in used)
    call = factories.AnnualCallFactory(year=year)
    bureau = factories.BureauFactory(username=f"bench-review-{year}")
    districts = list(District.objects.all())
    chains = list(IndustryChain.objects.filter(is_active=True)[:12]) or [factories.industry("集成电路")]
    base = (Enterprise.objects.aggregate(top=Max("pk"))["top"] or 0) + 20_000_000
    enterprises = Enterprise.objects.bulk_create(
        [
            Enterprise(
                name=f"苏州评审基准科技有限公司{i}",
                uscc=factories.valid_uscc(base + i),
                district=districts[i % len(districts)],
                industry=chains[i % len(chains)],
                founded_on=datetime.date(2010, 5, 1),
                is_national_ip_advantage=i % 9 == 0,
            )
            for i in range(applications)
        ],
        batch_size=1000,
    )
    now = timezone.now()
    projects = Project.objects.bulk_create(
        [
            Project(
                call=call,
                enterprise=e,
                district=e.district,
                industry=e.industry,
                title=f"{e.name}知识产权登峰行动计划项目",
                government_funding="1000000.00",
                own_investment="2000000.00",
                status=Status.IN_REVIEW,
                submitted_at=now,
                eligibility_track="E3a",
                eligibility_verdict="eligible",
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
                data={
                    "enterprise": {
                        "name": p.enterprise.name,
                        "priority_flags": ["国家知识产权优势企业"] * (i % 9 == 0),
                    },
                    "application": {
                        "valid_invention_patents": 50 + i % 40,
                        "foreign_invention_applications": 5 + i % 7,
                        "foreign_invention_grants": 2 + i % 3,
                    },
                },
            )
            for i, p in enumerate(projects)
        ],
        batch_size=1000,
    )
    Partner.objects.bulk_create(
        [
            Partner(project=p, kind="university", name=f"基准大学{i % 30}", is_joint_applicant=True)
            for i, p in enumerate(projects)
            if i % 10 == 0
        ],
        batch_size=1000,
    )
    users = User.objects.bulk_create(
        [
            User(username=f"bench-expert-{year}-{i}", name=f"基准专家{i}", role=Role.EXPERT, password="!")
            for i in range(experts)
        ],
        batch_size=1000,
    )
    profiles = ExpertProfile.objects.bulk_create(
        [
            ExpertProfile(
                user=u,
                organisation=f"基准大学{i}" if i < 30 else f"基准研究院{i}",
                avoid_organisations=[enterprises[(i * 37) % applications].name] if i % 5 == 0 else [],
            )
            for i, u in enumerate(users)
        ],
        batch_size=1000,
    )
    through = ExpertProfile.expertise.through
    through.objects.bulk_create(
        [
            through(expertprofile_id=p.pk, industrychain_id=chains[(i + k) % len(chains)].pk)
            for i, p in enumerate(profiles)
            for k in range(1 + i % 3)
        ],
        batch_size=1000,
    )
    return call, bureau


def score_everything(call):
    """Every assignment's sheet, submitted, with a total (bulk: the ranking reads the totals)."""
    from django.utils import timezone

    from reviews.models import ExpertAssignment, ScoreSheet

    now = timezone.now()
    rows = ExpertAssignment.objects.filter(project__call=call, conflict_of_interest=False).values_list(
        "pk", "project_id", "expert_id"
    )
    ScoreSheet.objects.bulk_create(
        [
            ScoreSheet(
                assignment_id=pk,
                project_id=project,
                expert_id=expert,
                status=ScoreSheet.Status.SUBMITTED,
                opinion="基准",
                total=Decimal(55 + (project * 7 + expert * 3) % 43),
                submitted_at=now,
            )
            for pk, project, expert in rows
        ],
        batch_size=1000,
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applications", type=int, default=2000)
    parser.add_argument("--experts", type=int, default=150)
    parser.add_argument("--per-project", type=int, default=5)
    parser.add_argument("--close", action="store_true", help="also close the review (2,000 lifecycle steps)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="dengfeng-bench-review-") as workdir:
        setup(workdir)
        from django.db import connection

        from projects.enums import Status
        from projects.models import Project
        from reviews.aggregation import Rules, call_results
        from reviews.assignment import assignment_auto
        from reviews.models import ExpertAssignment

        print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
        started = time.perf_counter()
        call, bureau = create_rows(args.applications, args.experts)
        print(
            f"created {args.applications} applications in expert review and {args.experts} experts "
            f"in {time.perf_counter() - started:.1f} s"
        )

        started = time.perf_counter()
        run = assignment_auto(call=call, by=bureau, seed=2026, per_project=args.per_project)
        assign_seconds = time.perf_counter() - started
        loads = Counter(
            ExpertAssignment.objects.filter(project__call=call, conflict_of_interest=False).values_list(
                "expert_id", flat=True
            )
        )
        print(
            f"automatic assignment: {run.assigned_count} assignments ({args.applications} × {args.per_project}) "
            f"in {assign_seconds:.2f} s; {len(run.shortfalls)} applications short; "
            f"loads {min(loads.values())}–{max(loads.values())} over {len(loads)} experts"
        )

        score_everything(call)
        started = time.perf_counter()
        results = call_results(Project.objects.filter(call=call, status=Status.IN_REVIEW), Rules.of(call))
        rank_seconds = time.perf_counter() - started
        print(
            f"ranking: {len(results)} applications from {sum(r.submitted for r in results)} sheets "
            f"in {rank_seconds:.2f} s (top final score {results[0].aggregate.final})"
        )
        if args.close:
            from reviews.closing import review_close

            started = time.perf_counter()
            snapshot = review_close(call=call, by=bureau)
            print(
                f"closing: ranking frozen ({snapshot.entries.count()} entries) and {args.applications} close_review "
                f"steps in {time.perf_counter() - started:.1f} s"
            )


if __name__ == "__main__":
    main()
