"""One URL under closed-loop load, for ``benchmarks/city.py`` (BENCH_URL, BENCH_SESSION: a logged-in session)."""

import os

from locust import FastHttpUser, constant, task


class Visitor(FastHttpUser):
    wait_time = constant(0)

    @task
    def page(self):
        with self.client.get(
            os.environ["BENCH_URL"],
            headers={"Cookie": f"sessionid={os.environ['BENCH_SESSION']}"},
            name="page",
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
