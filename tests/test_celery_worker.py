"""A real Celery worker process takes a task from Redis and answers through the result backend.

Runs only when ``CELERY_TEST_BROKER_URL`` is set (``.ci/run`` sets ``redis://127.0.0.1:6379/7``). The worker
listens on a queue of its own, so nothing else on that Redis takes the task, and is stopped with SIGTERM.
"""

import os
import signal
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from celery import Celery

BROKER_URL = os.environ.get("CELERY_TEST_BROKER_URL")
ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 60  # seconds; the worker is ready in a few

pytestmark = pytest.mark.skipif(
    not BROKER_URL, reason="set CELERY_TEST_BROKER_URL (e.g. redis://127.0.0.1:6379/7) to run a real worker"
)


@pytest.fixture
def queue():
    return f"dengfeng-test-{uuid.uuid4().hex[:12]}"


@pytest.fixture
def worker(queue, tmp_path):
    """A ``celery -A dengfeng worker`` subprocess on ``queue``; its log is printed if the test fails."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "dengfeng.settings.test",
        "CELERY_BROKER_URL": BROKER_URL,
        "CELERY_RESULT_BACKEND": BROKER_URL,
    }
    log = tmp_path / "worker.log"
    command = [
        *(sys.executable, "-m", "celery", "-A", "dengfeng", "worker"),
        *("--pool=solo", "-c", "1", "-Q", queue, "-n", f"{queue}@%h", "-l", "info"),
        *("--include", "common.tasks", "--without-gossip", "--without-mingle", "--without-heartbeat"),
    ]
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=out)
    yield process
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    print(log.read_text(errors="replace"))


@pytest.fixture
def client_app():
    """A bare Celery client on the same broker: the test process's Django settings stay eager."""
    app = Celery("dengfeng-test-client", broker=BROKER_URL, backend=BROKER_URL)
    yield app
    app.close()


def test_worker_runs_ping_and_returns_pong_through_result_backend(worker, client_app, queue):
    result = client_app.send_task("common.ping", queue=queue)

    assert result.get(timeout=TIMEOUT) == "pong"
    result.forget()


def test_worker_stops_cleanly_on_sigterm(worker, client_app, queue):
    client_app.send_task("common.ping", queue=queue).get(timeout=TIMEOUT)  # the worker is up and consuming

    worker.send_signal(signal.SIGTERM)

    assert worker.wait(TIMEOUT) == 0
