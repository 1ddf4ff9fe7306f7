"""The files' code on an S3-compatible object store (issue 10): what production runs with S3_BUCKET set (MinIO in
docker-compose.yml), here against a real S3 server started on 127.0.0.1 (moto in server mode).

Each test switches STORAGES["default"] to the same backend and options that ``dengfeng.settings.base`` builds,
then drives the real paths: a generated PDF rendered into the bucket and streamed through its access-checked
view, an export job's xlsx, an import upload staged and read back, and the clean-up task listing "folders" an
object store does not have. Skipped where moto is not installed, unless S3_TEST_REQUIRED=1 (CI)."""

import datetime
import io
import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from tests import factories
from tests.lifecycle import walk

pytestmark = pytest.mark.django_db

BUCKET = "dengfeng-test"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def s3_server():
    try:
        import boto3
        import moto.server  # noqa: F401
    except ImportError:
        if os.environ.get("S3_TEST_REQUIRED") == "1":
            pytest.fail("S3_TEST_REQUIRED=1 but moto/boto3 are not installed")
        pytest.skip("moto (a local S3-compatible server) is not installed")
    port = _free_port()
    endpoint = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{endpoint}/moto-api/", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("the local S3 server did not start within 10 s")
        client = boto3.client(
            "s3", endpoint_url=endpoint, aws_access_key_id="test", aws_secret_access_key="test", region_name="us-east-1"
        )
        client.create_bucket(Bucket=BUCKET)
        yield endpoint, client
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def s3(s3_server, settings, monkeypatch):
    """STORAGES["default"] as production builds it for S3_BUCKET, pointed at the local server."""
    from dengfeng.settings import base

    endpoint, client = s3_server
    for name, value in {
        "S3_ENDPOINT_URL": endpoint,
        "S3_ACCESS_KEY_ID": "test",
        "S3_SECRET_ACCESS_KEY": "test",
        "S3_PREFIX": f"run-{time.monotonic_ns()}",  # each test in a folder of its own
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(base, "S3_BUCKET", BUCKET)
    storage = base.file_storage()
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    settings.STORAGES = {**settings.STORAGES, "default": storage}
    prefix = storage["OPTIONS"]["location"]

    def keys():
        listed = client.list_objects_v2(Bucket=BUCKET, Prefix=prefix + "/").get("Contents", [])
        return [entry["Key"].removeprefix(prefix + "/") for entry in listed]

    return keys


def test_a_generated_pdf_is_stored_in_the_bucket_and_streamed_through_its_view(
    s3, client, project, django_capture_on_commit_callbacks
):
    from documents.models import GeneratedDocument

    with django_capture_on_commit_callbacks(execute=True):
        walk(project, ["submit"])
    document = GeneratedDocument.objects.get()
    assert document.status == "ready"
    assert [key for key in s3() if key.endswith(".pdf")] == [document.file.name]
    client.force_login(factories.BureauFactory())
    response = client.get(reverse("documents:document_download", args=[document.pk]))
    body = b"".join(response.streaming_content)
    assert (response.status_code, body[:5], len(body)) == (200, b"%PDF-", document.size)


def test_an_export_is_written_to_the_bucket_and_downloaded(s3, client, django_capture_on_commit_callbacks):
    import openpyxl

    from documents.models import ExportJob

    factories.ProjectFactory(title="对象存储导出")
    client.force_login(factories.BureauFactory())
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("documents:export_create"), {"kind": "projects"})
    job = ExportJob.objects.get()
    assert job.file.name in s3()
    response = client.get(reverse("documents:export_download", args=[job.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert "对象存储导出" in [cell for row in sheet.iter_rows(values_only=True) for cell in row]


def test_same_name_uploads_never_replace_each_other(s3):
    from django.core.files.storage import default_storage

    first = default_storage.save("attachments/营业执照.pdf", ContentFile(b"%PDF-1"))
    second = default_storage.save("attachments/营业执照.pdf", ContentFile(b"%PDF-2"))
    assert first != second
    assert {default_storage.open(first).read(), default_storage.open(second).read()} == {b"%PDF-1", b"%PDF-2"}


def test_the_clean_up_finds_stale_import_uploads_in_the_bucket(s3):
    from django.core.files.storage import default_storage

    from documents.tasks import purge_old_files

    default_storage.save("imports/7/abc", ContentFile(b"USCC,name"))
    assert purge_old_files() == 0  # fresh: kept
    with time_machine.travel(timezone.now() + datetime.timedelta(days=2)):
        assert purge_old_files() == 1
    assert s3() == []


def test_the_clean_up_runs_on_an_empty_bucket(s3):
    from documents.tasks import purge_old_files

    assert (purge_old_files(), s3()) == (0, [])
