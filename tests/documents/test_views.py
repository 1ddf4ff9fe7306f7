"""Export pages: queued from a list, downloaded only by the user who asked."""

import io

import openpyxl
import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db

CHECKLIST = ["材料齐全", "证照有效", "数据与附件一致", "符合申报条件"]


def test_export_from_the_screening_list_downloads_the_filtered_rows(
    client, call, bureau, django_capture_on_commit_callbacks
):
    wanted = factories.ProjectFactory(call=call, enterprise__district=factories.district("昆山市"))
    factories.ProjectFactory(call=call)
    client.force_login(bureau)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("documents:export_create"), {"district": wanted.district.pk, "status": "draft"})
    job = client.get(response["Location"]).context["job"]
    download = client.get(reverse("documents:export_download", args=[job.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert (rows[0][2], [r[2] for r in rows[1:]]) == ("企业名称", [wanted.enterprise.name])


def test_export_of_another_user_is_404(client, bureau):
    from documents.models import ExportJob

    job = ExportJob.objects.create(user=factories.BureauFactory())
    client.force_login(bureau)
    assert client.get(reverse("documents:export", args=[job.pk])).status_code == 404


def test_export_keeps_only_valid_filter_values(client, call, bureau):
    from documents.models import ExportJob

    client.force_login(bureau)
    client.post(reverse("documents:export_create"), {"district": "abc", "q": "纳米"})
    assert ExportJob.objects.get().params == {"q": "纳米"}
