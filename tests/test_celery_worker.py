"""A real Celery worker process takes tasks from Redis: it answers a ping through the result backend, renders a
PDF into storage and delivers a notification's e-mail.

Runs only when ``CELERY_TEST_BROKER_URL`` is set (``.ci/run`` sets ``redis://127.0.0.1:6379/7``); the skip says so.
``.ci/run`` also sets ``CELERY_TEST_REQUIRED=1``, which turns that skip into a failure. The worker listens on a
queue of its own, so nothing else on that Redis takes the task, and is stopped with SIGTERM. The PDF and mail tests
need a database the worker can read too: PostgreSQL (the test database, with committed rows).
"""

import os
import signal
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from celery import Celery
from django.conf import settings
from django.db import connection

BROKER_URL = os.environ.get("CELERY_TEST_BROKER_URL")
REQUIRED = os.environ.get("CELERY_TEST_REQUIRED") == "1"
ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 60  # seconds; the worker is ready in a few

if REQUIRED and not BROKER_URL:
    raise RuntimeError("CELERY_TEST_REQUIRED=1 but CELERY_TEST_BROKER_URL is not set: the real worker tests must run")

pytestmark = pytest.mark.skipif(
    not BROKER_URL, reason="set CELERY_TEST_BROKER_URL (e.g. redis://127.0.0.1:6379/7) to run a real worker"
)
POSTGRES = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


@pytest.fixture
def queue():
    return f"dengfeng-test-{uuid.uuid4().hex[:12]}"


def _database_url():
    db = connection.settings_dict
    if db["ENGINE"] != "django.db.backends.postgresql":
        return os.environ.get("DATABASE_URL", "")
    return f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def mail_dir(tmp_path):
    return tmp_path / "mail"


@pytest.fixture
def worker(queue, tmp_path, mail_dir, settings):
    """A ``celery -A dengfeng worker`` subprocess on ``queue``, on the test's database, media folder and a mail
    folder of its own; its log is printed if the test fails."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "dengfeng.settings.test",
        "CELERY_BROKER_URL": BROKER_URL,
        "CELERY_RESULT_BACKEND": BROKER_URL,
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "DATABASE_URL": _database_url(),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
    }
    log = tmp_path / "worker.log"
    command = [
        *(sys.executable, "-m", "celery", "-A", "dengfeng", "worker"),
        *("--pool=solo", "-c", "1", "-Q", queue, "-n", f"{queue}@%h", "-l", "info"),
        *("--without-gossip", "--without-mingle", "--without-heartbeat"),
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


needs_a_shared_database = pytest.mark.skipif(
    not POSTGRES, reason="the worker must read the test's rows: run on PostgreSQL (DATABASE_URL=postgres://...)"
)


@needs_a_shared_database
@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the flush keeps the reference data
def test_the_worker_renders_an_application_pdf_into_storage(worker, client_app, queue):
    from documents.models import GeneratedDocument
    from projects.pdf import APPLICATION_DOCUMENT
    from tests import factories
    from tests.lifecycle import walk

    project = factories.ProjectFactory()
    walk(project, ["submit"])  # committed: the document waits (this test process's Celery is eager, not run)
    document = GeneratedDocument.objects.get(kind=APPLICATION_DOCUMENT)
    result = client_app.send_task("documents.render_document", args=[document.pk], queue=queue)
    assert result.get(timeout=TIMEOUT) == "ready"
    document.refresh_from_db()
    assert (document.status, document.file.read()[:5]) == ("ready", b"%PDF-")


@needs_a_shared_database
@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the flush keeps the reference data
def test_the_worker_delivers_a_notifications_email(worker, client_app, queue, mail_dir):
    from activity.messenger import notify
    from activity.models import Message
    from tests import factories

    user = factories.BureauFactory(email="bureau@example.com", name="孙八")
    [message] = notify(
        kind="activity.deadline",
        recipients=[user],
        context={"deadline": {"label": "申报截止"}, "what": "申报书", "due_on": "2026年3月9日", "days": 1},
    )
    result = client_app.send_task("activity.deliver_emails", args=[[message.pk]], queue=queue)
    assert result.get(timeout=TIMEOUT) == {str(message.pk): "sent"}
    message.refresh_from_db()
    sent = "".join(p.read_text() for p in mail_dir.iterdir())
    assert (message.email_status, "bureau@example.com" in sent) == (Message.Email.SENT, True)
