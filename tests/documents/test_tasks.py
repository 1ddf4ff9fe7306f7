"""Celery tasks of the documents engine."""

import pytest

pytestmark = pytest.mark.django_db


def test_purge_removes_old_exports_and_stale_import_uploads(bureau, settings, tmp_path):
    import datetime
    import os

    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.utils import timezone

    from documents.models import ExportJob
    from documents.tasks import purge_old_files

    settings.MEDIA_ROOT = str(tmp_path)
    old = ExportJob.objects.create(user=bureau)
    old.file.save("x.xlsx", ContentFile(b"PK"), save=True)
    ExportJob.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=8))
    fresh = ExportJob.objects.create(user=bureau)
    stale_upload = default_storage.save("imports/1/stale", ContentFile(b"x"))
    past = (timezone.now() - datetime.timedelta(days=2)).timestamp()
    os.utime(default_storage.path(stale_upload), (past, past))
    new_upload = default_storage.save("imports/1/new", ContentFile(b"x"))
    assert purge_old_files() == 2
    assert list(ExportJob.objects.values_list("pk", flat=True)) == [fresh.pk]
    assert (default_storage.exists(stale_upload), default_storage.exists(new_upload)) == (False, True)
