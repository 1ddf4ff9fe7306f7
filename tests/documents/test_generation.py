"""Generated documents: rendered by a Celery task after the commit, stored with their checksum, served from
storage, rendered again when their data changes, failures retried with backoff."""

import datetime
import hashlib

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from documents import generation
from documents.generation import MAX_RENDER_ATTEMPTS, document_render, document_request, render_due
from documents.models import GeneratedDocument
from projects.pdf import APPLICATION_DOCUMENT
from tests import factories
from tests.lifecycle import walk

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(project, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        walk(project, ["submit"])
    return project


def test_submitting_renders_the_application_pdf_into_storage_with_its_checksum(submitted):
    document = GeneratedDocument.objects.get(kind=APPLICATION_DOCUMENT)
    content = document.file.read()
    assert (document.status, document.version, content[:5]) == ("ready", 1, b"%PDF-")
    assert (document.checksum, document.size) == (hashlib.sha256(content).hexdigest(), len(content))
    assert document.target == submitted.snapshots.get()


def test_asking_again_for_unchanged_data_gives_the_same_document(submitted):
    snapshot = submitted.snapshots.get()
    assert document_request(kind=APPLICATION_DOCUMENT, target=snapshot).pk == GeneratedDocument.objects.get().pk
    assert GeneratedDocument.objects.count() == 1


def test_changed_data_gives_a_new_version(submitted, django_capture_on_commit_callbacks):
    snapshot = submitted.snapshots.get()
    snapshot.data = {**snapshot.data, "project": {**snapshot.data["project"], "title": "更正后的项目名称"}}
    snapshot.save()
    with django_capture_on_commit_callbacks(execute=True):
        document = document_request(kind=APPLICATION_DOCUMENT, target=snapshot)
    document.refresh_from_db()
    assert (document.version, document.status, GeneratedDocument.objects.count()) == (2, "ready", 2)


def test_rendering_twice_changes_nothing_the_second_time(submitted):
    document = GeneratedDocument.objects.get()
    before = (document.file.name, document.checksum, document.rendered_at)
    assert document_render(document.pk) == "ready"
    document.refresh_from_db()
    assert (document.file.name, document.checksum, document.rendered_at) == before


def test_a_task_for_a_deleted_document_exits_cleanly():
    assert document_render(987654321) == "gone"


def test_a_failed_render_is_retried_with_backoff_then_marked_failed(project, monkeypatch):
    walk(project, ["submit"])  # on_commit not run: the document waits
    document = GeneratedDocument.objects.get()

    def broken(template, context):
        raise OSError("disk full")

    monkeypatch.setattr(generation, "render_pdf", broken)
    statuses = []
    for _ in range(MAX_RENDER_ATTEMPTS):
        statuses.append(document_render(document.pk))
    document.refresh_from_db()
    assert statuses == ["pending"] * (MAX_RENDER_ATTEMPTS - 1) + ["failed"]
    assert (document.attempts, document.error) == (MAX_RENDER_ATTEMPTS, "OSError: disk full")


def test_the_sweep_renders_what_is_due(project):
    walk(project, ["submit"])
    document = GeneratedDocument.objects.get()
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=1)):
        assert render_due() == 1
    document.refresh_from_db()
    assert document.status == "ready"


def test_the_pdf_link_waits_on_a_page_while_the_pdf_renders(client, project):
    actors = walk(project, ["submit"])
    client.force_login(actors.district)
    response = client.get(reverse("projects:application_pdf", args=[project.pk]), follow=True)
    page = response.content.decode()
    assert "正在生成PDF" in page
    document = GeneratedDocument.objects.get()
    assert client.get(reverse("documents:document_status", args=[document.pk])).json() == {
        "status": "pending",
        "label": "生成中",
        "ready": False,
    }


def test_someone_who_may_not_see_the_project_cannot_read_its_pdf(client, submitted):
    document = GeneratedDocument.objects.get()
    client.force_login(factories.EnterpriseUserFactory())
    for name in ("documents:document", "documents:document_status", "documents:document_download"):
        assert client.get(reverse(name, args=[document.pk])).status_code == 404


def test_a_download_is_audited(client, submitted):
    from activity.models import AuditEvent

    document = GeneratedDocument.objects.get()
    client.force_login(factories.BureauFactory())
    response = client.get(reverse("documents:document_download", args=[document.pk]))
    assert b"".join(response.streaming_content)[:5] == b"%PDF-"
    assert AuditEvent.objects.filter(kind="download", detail__contains="申报书").count() == 1


def test_an_older_version_is_rendered_on_first_request(client, project, django_capture_on_commit_callbacks):
    walk(project, ["submit", "return_for_correction"])
    GeneratedDocument.objects.all().delete()
    client.force_login(factories.BureauFactory())
    with django_capture_on_commit_callbacks(execute=True):
        client.get(reverse("projects:application_pdf_version", args=[project.pk, 1]))
    assert GeneratedDocument.objects.get().status == "ready"


def test_version_zero_of_the_application_pdf_is_404_not_the_latest(client, submitted):
    client.force_login(factories.BureauFactory())
    assert client.get(reverse("projects:application_pdf_version", args=[submitted.pk, 0])).status_code == 404
