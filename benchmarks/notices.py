"""The public notice at scale (issue 13): a notice of N entries (default 100) and 50 past notices — the public
page, the notice page, its PDF, the bureau's notice page, and the period's end for N applications.

    .venv/bin/python benchmarks/notices.py [--entries 100] [--runs 5]

A fresh SQLite file in a temporary folder (or the empty database ``--database`` names; never the city-size one of
``city.py``, which it would change). Prints, per page, the HTTP status, the SQL queries and the median / slowest
time; then the time of ``notices_close_due`` moving N applications on and of a second run (which must change
nothing).
"""

import argparse
import datetime
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.run import pad  # noqa: E402


def setup(workdir, database=None):
    os.environ["DJANGO_SETTINGS_MODULE"] = "dengfeng.settings.test"
    os.environ["DATABASE_URL"] = database or f"sqlite:///{workdir}/bench-notices.sqlite3"
    os.environ["MEDIA_ROOT"] = str(Path(workdir) / "media")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build(entries):
    """A call with ``entries`` applications on notice (the funnel's state set directly: this measures the pages, not
    the road), a published notice of them in its period, and 50 past notices."""
    from django.utils import timezone

    from accounts.models import Role, User
    from directory.models import District, Enterprise
    from notices import calendar
    from notices.models import Notice, NoticeEntry
    from projects.enums import Status
    from projects.models import AnnualCall, Project
    from tests.factories.directory import valid_uscc

    today = timezone.localdate()
    call = AnnualCall.objects.create(
        year=2090,
        title="基准测试年度申报指南",
        application_opens_on=today,
        application_closes_on=today,
        district_review_deadline=today,
        notice_contact="市知识产权局 0512-68630000",
        notice_supervisor_phone="市市场监管局机关纪委 0512-68630001",
    )
    districts = list(District.objects.all())
    enterprises = Enterprise.objects.bulk_create(
        Enterprise(
            uscc=valid_uscc(900000 + n),
            name=f"苏州基准{n:04d}号科技股份有限公司",
            district=districts[n % len(districts)],
            founded_on=datetime.date(2010, 1, 1),
        )
        for n in range(entries)
    )
    projects = Project.objects.bulk_create(
        Project(
            call=call, enterprise=e, district=e.district, title=f"{e.name}高价值专利培育项目", status=Status.ON_NOTICE
        )
        for e in enterprises
    )
    start = today
    while not calendar.is_working_day(start):
        start -= datetime.timedelta(days=1)
    now = timezone.now()
    notice = Notice.objects.create(
        call=call,
        title="基准测试拟立项项目公示",
        starts_on=start,
        ends_on=calendar.period_end(start, 5, "working_days"),
        period_length=5,
        period_unit="working_days",
        shows_scores=True,
        contact=call.notice_contact,
        supervisor_phone=call.notice_supervisor_phone,
        published_at=now,
    )
    NoticeEntry.objects.bulk_create(
        NoticeEntry(
            notice=notice,
            project=p,
            position=n + 1,
            enterprise_name=p.enterprise.name,
            district_name=p.district.name,
            project_title=p.title,
            score=90 - n * 0.1,
        )
        for n, p in enumerate(projects)
    )
    Notice.objects.bulk_create(
        Notice(
            call=call,
            title=f"往期公示{n}",
            starts_on=datetime.date(2020, 7, 1),
            ends_on=datetime.date(2020, 7, 7),
            period_length=5,
            period_unit="working_days",
            published_at=now,
        )
        for n in range(50)
    )
    bureau = User.objects.create_user("bench-bureau", password="x", role=Role.BUREAU, name="基准")
    return notice, bureau


def measure(client, url, runs):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    timings = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
    return response.status_code, len(queries), statistics.median(timings), max(timings)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=100)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--database", help="an empty database to use instead of a fresh SQLite file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        setup(workdir, args.database)
        from django.test import Client
        from django.urls import reverse

        notice, bureau = build(args.entries)
        public, desk = Client(), Client()
        desk.force_login(bureau)
        pages = [
            ("公示公告（公众）", public, reverse("notices:public")),
            (f"公示详情 {args.entries}项（公众）", public, reverse("notices:public_notice", args=[notice.pk])),
            (f"公示 PDF {args.entries}项", public, reverse("notices:public_notice_pdf", args=[notice.pk])),
            ("异议表单（公众）", public, reverse("notices:objection_new", args=[notice.pk])),
            ("公示管理列表（市局）", desk, reverse("notices:notices")),
            (f"公示详情 {args.entries}项（市局）", desk, reverse("notices:notice", args=[notice.pk])),
        ]
        print(f"{pad('页面', 30)} 状态  查询数  中位数(ms)  最慢(ms)")
        for label, client, url in pages:
            status, queries, median, slowest = measure(client, url, args.runs)
            print(f"{pad(label, 30)} {status:>4}  {queries:>6}  {median:>10.1f}  {slowest:>8.1f}")

        from notices.models import Notice
        from notices.services import notices_close_due

        Notice.objects.filter(pk=notice.pk).update(ends_on=notice.starts_on)
        later = notice.starts_on + datetime.timedelta(days=1)
        started = time.perf_counter()
        first = notices_close_due(today=later)
        first_s = time.perf_counter() - started
        started = time.perf_counter()
        second = notices_close_due(today=later)
        second_s = time.perf_counter() - started
        print(f"公示期满自动转入审定：{first}，{first_s:.2f} s；再次运行：{second}，{second_s:.3f} s")


if __name__ == "__main__":
    main()
