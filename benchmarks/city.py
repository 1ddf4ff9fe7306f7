"""``make bench``, the city-scale run (issue 10): each role's main pages on PostgreSQL under gunicorn, as a share
of a trivial page's throughput on the same server.

1. A city-size database (default ``postgres://postgres@127.0.0.1:5432/dengfeng_bench``, BENCH_DATABASE_URL):
   the demo data, then 20,000 enterprises and 20,000 projects cloned from the demo's projects (their application
   sections, snapshots, formal reviews, tranches; their states, so every phase that exists has rows), 3,000 of
   them in the demo district, spread over the demo's yearly calls, and 300,000 audit rows. Seeded once in a few
   minutes with a progress bar and reused while its marker matches the sizes asked for (``--reseed`` forces it).
2. gunicorn with the production settings and 2 sync workers (as docker-compose.yml runs it) on 127.0.0.1, Redis
   for the cache, persistent connections.
3. For each page, a burst of the page between two bursts of the trivial page (logged in as the same user, same
   middleware, the base template, no queries of its own), interleaved, by locust (headless, FastHttpUser,
   logged-in session cookies, bounded by ``--seconds``), ``--rounds`` times (default 3); printed per page:
   requests/s, p50, p95, throughput as % of the mean of the trivial bursts around it, p95 as a multiple of
   theirs, SQL queries and HTML size (measured once in-process).
4. The targets of issue 10 checked on the median round: each page at ≥ 30 % of the trivial page's throughput,
   p95 ≤ 10×, ≤ 15 queries, ≤ 300 KB of HTML, no failed request; the misses are listed and the run exits 1.

Only 127.0.0.1 is ever a target. Needs PostgreSQL and Redis (``.ci/run`` starts them; so does docker compose).
"""

import argparse
import csv
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/dengfeng_bench"

from benchmarks.run import pad  # noqa: E402  (the table's columns; pages.py reads it from here)

SEED_VERSION = 4  # 2: checks, monitoring cloned too; 3: ledger entries, pointers remapped; 4: an expert pool


def environment(args, static_root) -> dict:
    """The production settings' environment, pointed at the benchmark's database and a Redis of its own."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "dengfeng.settings.bench",
        "DATABASE_URL": args.database,
        "SECRET_KEY": "dengfeng-bench-" + "x" * 40,
        "CELERY_BROKER_URL": f"{args.redis}/8",
        "CACHE_URL": f"{args.redis}/9",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "STATIC_ROOT": str(static_root),
        "MEDIA_ROOT": str(ROOT / "var" / "bench-media"),
        "BENCHMARK_PAGES": "1",
        "LOG_LEVEL": "WARNING",
    }


def ensure_database(url):
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


# ---- 1. the city-size data set -------------------------------------------------------------------------------


def marker(sizes) -> str:
    return json.dumps({"version": SEED_VERSION, **sizes}, sort_keys=True)


def seeded_marker():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_seed (marker text NOT NULL)")
        cursor.execute("SELECT marker FROM bench_seed")
        row = cursor.fetchone()
    return row[0] if row else None


def seed(sizes, reseed):
    from django.core.management import call_command
    from django.db import connection

    wanted = marker(sizes)
    if not reseed and seeded_marker() == wanted:
        print("database: reused (already seeded with these sizes; --reseed to start again)")
        return
    started = time.perf_counter()
    with connection.cursor() as cursor:  # an empty schema, then the tables
        cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    call_command("migrate", verbosity=0)
    call_command("seed_demo", "--force", stdout=open(os.devnull, "w"))  # noqa: SIM115
    print(f"database: migrated and demo data in {time.perf_counter() - started:.0f} s")
    enterprises = seed_enterprises(sizes["enterprises"], sizes["district_projects"])
    seed_projects(enterprises, sizes["projects"])
    seed_audit(sizes["audit"])
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_seed (marker text NOT NULL)")
        cursor.execute("DELETE FROM bench_seed")
        cursor.execute("INSERT INTO bench_seed (marker) VALUES (%s)", [wanted])
        cursor.execute("VACUUM ANALYZE")  # statistics, and the visibility map index-only scans read
    print(f"database: seeded in {time.perf_counter() - started:.0f} s")


def progress(total, label):
    from tqdm import tqdm

    return tqdm(total=total, desc=label, unit="行", ncols=90, mininterval=1.0)


def seed_enterprises(count, in_demo_district):
    """``count`` enterprises with valid USCCs; the first ``in_demo_district`` in the demo district's area."""
    from accounts.models import User
    from common.identifiers import uscc_check_character
    from directory.models import District, Enterprise, IndustryChain

    home = User.objects.get(username="demo-district").district
    districts = list(District.objects.exclude(pk=home.pk))
    industries = list(IndustryChain.objects.all())
    rng = random.Random(7)
    surnames = "苏吴姑昆常张太相虎金鼎高新园沙湖澄阳"
    made = []
    with progress(count, "企业") as bar:
        for start in range(0, count, 2000):
            batch = []
            for n in range(start, min(count, start + 2000)):
                body = f"91320500MA{n:07d}"
                name = f"苏州{rng.choice(surnames)}{rng.choice(surnames)}{n:05d}科技有限公司"
                batch.append(
                    Enterprise(
                        name=name,
                        uscc=body + uscc_check_character(body),
                        district=home if n < in_demo_district else districts[n % len(districts)],
                        industry=industries[n % len(industries)] if industries else None,
                    )
                )
            made += Enterprise.objects.bulk_create(batch)
            bar.update(len(batch))
    return made


def seed_projects(enterprises, count):
    """Projects cloned from the demo's submitted ones, each with its children (every model below the project
    with a ``project`` foreign key: application, partners, indicators, budget, patents, attachments, snapshots,
    formal reviews, tranches, ledger entries…; not rows unique among projects, such as a rank), in the template's
    state. A child's foreign key to another cloned child (a disbursement's tranche, a reversal's entry) points to
    the clone, so a clone's ledger adds up as its template's does."""
    from projects.models import AnnualCall, Project

    templates = list(Project.objects.exclude(snapshots=None).order_by("pk"))
    calls = list(AnnualCall.objects.order_by("-year")[:5])
    children = _cloned_children()
    experts = expert_pool()
    by_template = {}
    for model in children:
        rows = list(model.objects.filter(project__in=templates).order_by("pk"))
        by_template[model] = {t.pk: [r for r in rows if r.project_id == t.pk] for t in templates}
    experts_of = {  # a template's experts, in a fixed order
        t.pk: sorted({r.expert_id for m in children if _has_expert(m) for r in by_template[m][t.pk]}) for t in templates
    }
    with progress(count, "项目") as bar:
        for start in range(0, count, 1000):
            batch, sources = [], []
            for n in range(start, min(count, start + 1000)):
                template = templates[n % len(templates)]
                enterprise = enterprises[n]
                project = Project(
                    call=calls[n % len(calls)],
                    enterprise=enterprise,
                    district_id=enterprise.district_id,
                    industry_id=enterprise.industry_id,
                    title=f"{enterprise.name[2:8]}高价值专利培育与运营项目",
                    government_funding=template.government_funding,
                    own_investment=template.own_investment,
                    submitted_at=template.submitted_at,
                    eligibility_track=template.eligibility_track,
                    eligibility_verdict=template.eligibility_verdict,
                    recommendation_order=template.recommendation_order,
                )
                project.__dict__["status"] = template.status  # the state as it stands, not a step taken here
                batch.append(project)
                sources.append(template.pk)
            created = Project.objects.bulk_create(batch)
            clone_of = {model: {} for model in children}  # model -> {template row pk: [clone pks]}, this batch
            reviewers = {  # each clone reviewed by experts of the pool, as a city's pool shares its work
                project.pk: {old: experts[(project.pk * 5 + i) % len(experts)] for i, old in enumerate(experts_of[s])}
                for project, s in zip(created, sources, strict=True)
            }
            for model in children:
                _clone_rows(model, created, sources, by_template[model], clone_of, reviewers)
            bar.update(len(batch))


EXPERT_POOL = 400  # the city's expert pool: the demo's experts and as many more as make it this size


def expert_pool() -> list[int]:
    """The pks of the pool's experts: the demo's (so that their portal shows a city-size share) and new ones."""
    from django.contrib.auth.hashers import make_password

    from accounts.models import Role, User

    demo = list(User.objects.filter(role=Role.EXPERT).order_by("pk").values_list("pk", flat=True))
    unusable = make_password(None)
    more = User.objects.bulk_create(
        User(username=f"bench-expert-{n:03d}", name=f"评审专家{n:03d}", role=Role.EXPERT, password=unusable)
        for n in range(EXPERT_POOL - len(demo))
    )
    return demo + [user.pk for user in more]


def _has_expert(model) -> bool:
    return any(f.name == "expert" and f.is_relation for f in model._meta.concrete_fields)


def _cloned_children():
    """The models cloned with a project, those a cloned child points to first."""
    from django.db import models

    from projects.models import Project

    found = [
        rel.related_model
        for rel in Project._meta.related_objects
        if isinstance(rel, models.ManyToOneRel)
        and rel.field.name == "project"
        and rel.related_model._meta.app_label in {"projects", "reviews", "funding", "checks", "monitoring"}
    ]
    cloned = list(dict.fromkeys(found))
    while True:  # a model kept only if its unique pointers all go to models that are cloned too
        kept = [model for model in cloned if _unique_per_project(model, cloned)]
        if kept == cloned:
            break
        cloned = kept
    ordered = []
    while cloned:  # a model after the models its foreign keys point to (a self-reference is cloned in two passes)
        ready = next(m for m in cloned if not set(_pointers(m, cloned).values()) - {m} - set(ordered))
        ordered.append(ready)
        cloned.remove(ready)
    return ordered


def _pointers(model, cloned):
    """{foreign key attname: target model} for ``model``'s foreign keys to cloned models other than the project."""
    return {
        f.attname: f.related_model
        for f in model._meta.concrete_fields
        if f.is_relation and f.related_model in cloned and f.name != "project"
    }


def _clone_rows(model, created, sources, rows_of, clone_of, reviewers):
    """Clones of each template's ``model`` rows for the projects of this batch; pointers to cloned rows remapped
    (a row that points to a row of its own model — a reversal, a replacement — after that row, pass by pass), and
    an expert to the pool's expert ``reviewers`` gives that project in its place."""
    has_expert = _has_expert(model)
    pointers = _pointers(model, list(clone_of))
    own = [attname for attname, target in pointers.items() if target is model]
    waiting = [(p, r) for p, s in zip(created, sources, strict=True) for r in rows_of[s]]
    position = {}  # (project pk, template row pk) -> clone pk
    while waiting:
        ready = [
            (p, r) for p, r in waiting if all(getattr(r, a) is None or (p.pk, getattr(r, a)) in position for a in own)
        ]
        if not ready:
            raise SystemExit(f"{model.__name__}: rows that point to each other cannot be cloned")
        copies = []
        for project, row in ready:
            copy = model(**{f.attname: getattr(row, f.attname) for f in model._meta.concrete_fields})
            copy.pk = None
            copy.project_id = project.pk
            if has_expert:
                copy.expert_id = reviewers[project.pk][row.expert_id]
            for attname, target in pointers.items():
                old = getattr(row, attname)
                if old is not None:
                    key = (project.pk, old)
                    setattr(copy, attname, position[key] if target is model else clone_of[target][key])
            copies.append(copy)
        model.objects.bulk_create(copies, batch_size=2000)
        for (project, row), copy in zip(ready, copies, strict=True):
            position[(project.pk, row.pk)] = copy.pk
        waiting = [(p, r) for p, r in waiting if (p.pk, r.pk) not in position]
    clone_of[model] = position


def _unique_per_project(model, cloned=()) -> bool:
    """A row that is unique only among other projects' rows (e.g. a rank in a ranking) cannot be cloned; a unique
    pointer to another cloned row (a reversal's entry) is remapped, so it stays unique."""
    from django.db import models

    sets = [c.fields for c in model._meta.constraints if isinstance(c, models.UniqueConstraint)]
    sets += list(model._meta.unique_together)
    sets += [
        (f.name,)
        for f in model._meta.concrete_fields
        if f.unique and not f.primary_key and not (f.is_relation and f.related_model in cloned)
    ]
    return all("project" in fields for fields in sets)


def seed_audit(count):
    import datetime

    from django.utils import timezone

    from accounts.models import User
    from activity.models import AuditEvent

    users = list(User.objects.all())
    kinds = [k for k, _ in AuditEvent.Kind.choices]
    start = timezone.now() - datetime.timedelta(days=5 * 365)
    rng = random.Random(11)
    with progress(count, "审计") as bar:
        for offset in range(0, count, 10000):
            batch = []
            for n in range(offset, min(count, offset + 10000)):
                user = users[n % len(users)]
                batch.append(
                    AuditEvent(
                        at=start + datetime.timedelta(minutes=n * 8 + rng.randint(0, 7)),
                        user=user,
                        username=user.username,
                        kind=kinds[n % len(kinds)],
                        target_repr=f"DF2025-{n % 20000:04d}",
                        detail=f"操作说明 {n}",
                        ip_address=f"10.{n % 200}.{n % 97}.{n % 251}",
                        path="/projects/",
                    )
                )
            AuditEvent.objects.bulk_create(batch)
            bar.update(len(batch))


# ---- 2. the pages --------------------------------------------------------------------------------------------


CODE = "91320500MA0001234"  # the first 17 characters of a seeded enterprise's USCC (see ``seed_enterprises``)


def pages():
    """(label, username, url) for each role's main pages."""
    from django.urls import reverse

    from accounts.models import User
    from common.identifiers import uscc_check_character
    from projects.enums import Status
    from projects.models import Project

    enterprise = User.objects.get(username="demo-enterprise").enterprise
    own = Project.objects.filter(enterprise=enterprise).order_by("-pk").first()
    busy = Project.objects.filter(status=Status.IN_REVIEW).order_by("pk").first() or Project.objects.first()
    listed = [
        ("工作台（市局）", "demo-bureau", reverse("home")),
        ("项目列表（市局）", "demo-bureau", reverse("projects:list")),
        ("项目搜索（市局）", "demo-bureau", reverse("projects:list") + "?q=科技"),
        ("统一社会信用代码查询", "demo-bureau", reverse("projects:list") + "?q=" + CODE + uscc_check_character(CODE)),
        ("初选队列（市局）", "demo-bureau", reverse("reviews:screening")),
        ("项目详情（市局）", "demo-bureau", reverse("projects:detail", args=[busy.pk])),
        ("操作审计（市局）", "demo-bureau", reverse("activity:audit")),
        ("后台项目列表", "demo-bureau", reverse("admin:projects_project_changelist")),
        ("工作台（区）", "demo-district", reverse("home")),
        ("形式审查队列（区）", "demo-district", reverse("reviews:district")),
        ("工作台（企业）", "demo-enterprise", reverse("home")),
        ("工作台（专家）", "demo-expert1", reverse("home")),
        ("工作台（财政）", "demo-finance", reverse("home")),
        ("站内消息", "demo-enterprise", reverse("activity:inbox")),
        ("公示（公众页面）", "demo-enterprise", reverse("notices:public")),
        ("公示管理（市局）", "demo-bureau", reverse("notices:notices")),
        ("资助项目台账（财政）", "demo-finance", reverse("funding:list")),
        ("考评监测（市局）", "demo-bureau", reverse("monitoring:home")),
        ("统计看板（市局）", "demo-bureau", reverse("statistics")),
        ("政策模拟（市局）", "demo-bureau", reverse("policy_whatif")),
    ]
    if own:
        listed.append(("申报项目（企业）", "demo-enterprise", reverse("projects:detail", args=[own.pk])))
    return listed


def session_cookie(username) -> str:
    """A logged-in session for ``username`` in the shared session store, as a login would make it."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.utils.module_loading import import_string

    from accounts.models import User

    user = User.objects.get(username=username)
    store = import_string(settings.SESSION_ENGINE + ".SessionStore")()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    return store.session_key


def in_process(username, url):
    """(status, SQL queries, HTML bytes) of one request, in this process."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response.status_code, len(queries), len(response.content)


# ---- 3. the load ---------------------------------------------------------------------------------------------


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(env, port, workers):
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "dengfeng.wsgi",
            "-w",
            str(workers),
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    for _ in range(150):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz/", timeout=1)
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not answer /healthz/ within 30 s")


def burst(port, url, cookie, seconds, users, workdir):
    """Closed-loop load on one URL for ``seconds``: (requests/s, p50 ms, p95 ms, failures)."""
    prefix = Path(workdir) / f"run{time.monotonic_ns()}"
    result = subprocess.run(
        [
            str(BIN / "locust"),
            "-f",
            str(ROOT / "benchmarks" / "locustfile.py"),
            "--headless",
            "--host",
            f"http://127.0.0.1:{port}",
            "-u",
            str(users),
            "-r",
            str(users),
            "-t",
            f"{seconds}s",
            "--only-summary",
            "--csv",
            str(prefix),
            "--loglevel",
            "ERROR",
        ],
        env={**os.environ, "BENCH_URL": url, "BENCH_SESSION": cookie},
        check=False,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        timeout=seconds + 60,
    )
    with open(f"{prefix}_stats.csv", encoding="utf-8") as stats:
        total = next(row for row in csv.DictReader(stats) if row["Name"] == "Aggregated")
    if total["50%"] == "N/A":  # not one request answered within the burst
        print(f"警告：{url} 在{seconds}秒内没有一个请求完成\n{result.stderr.decode()[-1000:]}", file=sys.stderr)
        return 0.0, float("nan"), float("nan"), int(total["Failure Count"])
    return float(total["Requests/s"]), float(total["50%"]), float(total["95%"]), int(total["Failure Count"])


def mean_burst(first, second):
    """Two bursts of the same page as one: their mean requests/s, p50 and p95, and their failures added up."""
    return (
        (first[0] + second[0]) / 2,
        (first[1] + second[1]) / 2,
        (first[2] + second[2]) / 2,
        first[3] + second[3],
    )


def _median_round(measured):
    """(trivial bursts' mean, page burst) of the round whose page share of the trivial page is the median one: a
    machine's noise moves a share by several points from one burst to the next (``--rounds``)."""
    ordered = sorted(measured, key=lambda pair: pair[1][0] / pair[0][0] if pair[0][0] else 0)
    return ordered[len(ordered) // 2]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB))
    parser.add_argument("--redis", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379"))
    parser.add_argument("--enterprises", type=int, default=20000)
    parser.add_argument("--projects", type=int, default=20000)
    parser.add_argument("--district-projects", type=int, default=3000, help="of them in the demo district")
    parser.add_argument("--audit", type=int, default=300000)
    parser.add_argument("--reseed", action="store_true")
    parser.add_argument("--seed-only", action="store_true", help="seed (or check) the database, measure nothing")
    parser.add_argument("--seconds", type=int, default=4, help="length of each burst (default 4)")
    parser.add_argument("--users", type=int, default=4, help="concurrent simulated users (default 4)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (default 2)")
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="measure every page this many times, interleaved, and print each figure's median (default 3)",
    )
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    sizes = {
        "enterprises": args.enterprises,
        "projects": min(args.projects, args.enterprises),
        "district_projects": args.district_projects,
        "audit": args.audit,
    }
    ensure_database(args.database)
    with tempfile.TemporaryDirectory(prefix="dengfeng-bench-") as workdir:
        env = environment(args, Path(workdir) / "static")
        os.environ.update(env)
        import django

        django.setup()
        seed(sizes, args.reseed)
        if args.seed_only:
            return
        from django.core.management import call_command

        call_command("collectstatic", "--noinput", verbosity=0)
        listed = pages()
        cookies = {username: session_cookie(username) for _, username, _ in listed}
        trivial = "/bench/trivial/"
        measured = {label: in_process(username, url) for label, username, url in listed}
        measured["基准页（空白）"] = in_process("demo-bureau", trivial)
        port = free_port()
        server = start_gunicorn(env, port, args.workers)
        rounds = {label: [] for label, _, _ in listed}  # label -> [(trivial bursts' mean, page burst)] per round
        # Grouped by user (the trivial page's menu is the user's), each page burst between two trivial bursts of
        # the same user: T P T P T … Each page is compared with the mean of the trivial bursts before and after
        # it, which cancels the machine's drift across the pair and halves one burst's noise in the denominator.
        by_user = sorted(listed, key=lambda row: row[1])  # stable: the listed order within a user
        try:
            burst(port, trivial, cookies["demo-bureau"], 2, args.users, workdir)  # warm up both workers
            for _ in range(max(args.rounds, 1)):
                before = user = None
                for label, username, url in by_user:
                    if username != user:
                        user, before = (
                            username,
                            burst(port, trivial, cookies[username], args.seconds, args.users, workdir),
                        )
                    page = burst(port, url, cookies[username], args.seconds, args.users, workdir)
                    after = burst(port, trivial, cookies[username], args.seconds, args.users, workdir)
                    rounds[label].append((mean_burst(before, after), page))
                    before = after
        finally:
            server.terminate()
            server.wait(timeout=30)
        rows = [(label, url, *_median_round(rounds[label])) for label, _, url in listed]
    print(
        f"\n{pad('页面', 22)} {'状态':>4} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'占基准%':>7} "
        f"{'p95倍数':>7} {'SQL':>4} {'HTML KB':>8} {'失败':>4}" + ("  各轮占基准%" if args.rounds > 1 else "")
    )
    status, queries, size = measured["基准页（空白）"]
    base_rps = [base[0] for _, _, base, _ in rows]
    print(
        f"{pad('基准页（空白）', 22)} {status:>4} {sum(base_rps) / len(base_rps):>7.0f} {'':>7} {'':>7} "
        f"{100:>7.0f} {1:>7.1f} {queries:>4} {size / 1024:>8.1f} {'':>4}"
    )
    figures = []
    for label, url, base, page in rows:
        status, queries, size = measured[label]
        share = 100 * page[0] / base[0] if base[0] else 0
        ratio = page[2] / base[2] if base[2] else 0
        each = [round(100 * p[0] / b[0], 1) if b[0] else 0 for b, p in rounds[label]]
        print(
            f"{pad(label, 22)} {status:>4} {page[0]:>7.0f} {page[1]:>7.0f} {page[2]:>7.0f} {share:>7.1f} "
            f"{ratio:>7.1f} {queries:>4} {size / 1024:>8.1f} {page[3]:>4}"
            + (f"  {' / '.join(map(str, each))}" if len(each) > 1 else "")
        )
        figures.append(
            {
                "page": label,
                "url": url,
                "status": status,
                "rps": page[0],
                "p50_ms": page[1],
                "p95_ms": page[2],
                "share_of_trivial_pct": round(share, 1),
                "p95_multiple": round(ratio, 2),
                "queries": queries,
                "html_bytes": size,
                "failures": page[3],
                "trivial_rps": base[0],
                "share_each_round_pct": each,
            }
        )
    if args.json:
        Path(args.json).write_text(json.dumps(figures, ensure_ascii=False, indent=1), encoding="utf-8")
    missed = missed_targets(figures)
    print("\n" + ("\n".join(missed) if missed else TARGETS_MET))
    return 1 if missed else 0


# Issue 10's targets for each page under load, and the page size every list keeps to.
TARGET_SHARE_PCT, TARGET_P95_MULTIPLE, TARGET_QUERIES, TARGET_HTML_KB = 30, 10, 15, 300
TARGETS_MET = (
    f"目标均已达到：每页吞吐量 ≥ 基准页的{TARGET_SHARE_PCT}%，p95 ≤ 基准页的{TARGET_P95_MULTIPLE}倍，"
    f"SQL ≤ {TARGET_QUERIES}条，HTML ≤ {TARGET_HTML_KB} KB，无失败请求。"
)


def missed_targets(figures):
    """One line per page and target it missed (the median round's figures)."""
    missed = []
    for row in figures:
        page = row["page"]
        if row["status"] != 200 or row["failures"]:
            missed.append(f"{page}：状态 {row['status']}，失败请求 {row['failures']}个")
        if row["share_of_trivial_pct"] < TARGET_SHARE_PCT:
            missed.append(f"{page}：吞吐量为基准页的{row['share_of_trivial_pct']}%，低于{TARGET_SHARE_PCT}%")
        if row["p95_multiple"] > TARGET_P95_MULTIPLE:
            missed.append(f"{page}：p95 为基准页的{row['p95_multiple']}倍，超过{TARGET_P95_MULTIPLE}倍")
        if row["queries"] > TARGET_QUERIES:
            missed.append(f"{page}：{row['queries']}条 SQL，超过{TARGET_QUERIES}条")
        if row["html_bytes"] > TARGET_HTML_KB * 1024:
            missed.append(f"{page}：HTML {row['html_bytes'] / 1024:.0f} KB，超过{TARGET_HTML_KB} KB")
    return missed


if __name__ == "__main__":
    sys.exit(main())
