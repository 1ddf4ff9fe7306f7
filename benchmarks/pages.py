"""Where a page's time goes, in one process, on the city-size database that ``benchmarks/city.py`` seeded.

For each page of the city run (or those whose label contains ``--only``): the median wall time of ``--repeat``
requests through Django's test client with the production settings, the part of it spent in SQL, the queries and
the HTML size, and the time as a multiple of the trivial page's. ``--profile`` adds the functions that took the
most time (cProfile, cumulative) for each page. No server, no load generator: quick enough to run after each
change, and quiet enough to compare two changes; the throughput figures of the issue come from ``city.py``.

    .venv/bin/python benchmarks/pages.py --only 统计 --profile
"""

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import city  # this folder's script: the pages and the environment


class SqlTimer:
    """A connection execute wrapper that adds up the time of every query."""

    def __init__(self):
        self.seconds = 0.0
        self.count = 0
        self.queries = []  # (ms, SQL)

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started
            self.count += 1
            self.queries.append(((time.perf_counter() - started) * 1000, sql))


def measure(client, url, repeat):
    """(status, median ms, median SQL ms, median CPU ms, queries, HTML bytes, the last request's queries) over
    ``repeat`` requests after one warm-up. The CPU time is this process's alone (Python: the database's work is
    in its own process), and is steadier than the wall time on a busy machine."""
    from django.db import connection

    response = client.get(url)
    walls, sqls, cpus = [], [], []
    for _ in range(repeat):
        timer = SqlTimer()
        with connection.execute_wrapper(timer):
            started, cpu_started = time.perf_counter(), time.process_time()
            response = client.get(url)
            walls.append(time.perf_counter() - started)
            cpus.append(time.process_time() - cpu_started)
        sqls.append(timer.seconds)
    return (
        response.status_code,
        statistics.median(walls) * 1000,
        statistics.median(sqls) * 1000,
        statistics.median(cpus) * 1000,
        timer.count,
        len(response.content),
        timer,
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default=os.environ.get("BENCH_DATABASE_URL", city.DEFAULT_DB))
    parser.add_argument("--redis", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379"))
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--only", help="only the pages whose label contains this text")
    parser.add_argument("--profile", action="store_true", help="print the costliest functions of each page")
    parser.add_argument("--sql", action="store_true", help="print each query of each page with its time")
    parser.add_argument("--sort", default="tottime", help="the profile's order: tottime (default) or cumulative")
    parser.add_argument("--lines", type=int, default=30, help="how many functions the profile prints")
    parser.add_argument("--match", default="", help="only the profile's functions whose file matches this text")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="dengfeng-pages-") as workdir:
        os.environ.update(city.environment(args, Path(workdir) / "static"))
        import django

        django.setup()
        from django.core.management import call_command
        from django.test import Client

        from accounts.models import User

        if city.seeded_marker() is None:
            raise SystemExit("the city-size database is not seeded: run benchmarks/city.py first")
        call_command("collectstatic", "--noinput", verbosity=0)  # the manifest the production storage reads
        listed = [("基准页（空白）", "demo-bureau", "/bench/trivial/"), *city.pages()]
        if args.only:
            listed = [row for row in listed if args.only in row[0] or row[0] == "基准页（空白）"]
        clients = {}
        print(
            f"{city.pad('页面', 22)} {'状态':>4} {'ms':>7} {'SQL ms':>7} {'倍数':>6} {'CPU ms':>7} {'CPU倍数':>7}"
            f" {'SQL':>4} {'HTML KB':>8}"
        )
        trivial_ms = trivial_cpu = None
        for label, username, url in listed:
            if username not in clients:
                clients[username] = Client()
                clients[username].force_login(User.objects.get(username=username))
            status, wall, sql, cpu, queries, size, timer = measure(clients[username], url, args.repeat)
            trivial_ms, trivial_cpu = trivial_ms or wall, trivial_cpu or cpu
            print(
                f"{city.pad(label, 22)} {status:>4} {wall:>7.1f} {sql:>7.1f} {wall / trivial_ms:>6.1f} "
                f"{cpu:>7.1f} {cpu / trivial_cpu:>7.1f} {queries:>4} {size / 1024:>8.1f}"
            )
            if args.sql:
                for ms, text in timer.queries:
                    print(f"    {ms:7.1f} ms  {text[:400]}")
            if args.profile and label != "基准页（空白）":
                profiler = cProfile.Profile()
                profiler.enable()
                for _ in range(3):
                    clients[username].get(url)
                profiler.disable()
                stats = pstats.Stats(profiler).sort_stats(args.sort)
                stats.print_stats(*([args.match] if args.match else []), args.lines)


if __name__ == "__main__":
    main()
