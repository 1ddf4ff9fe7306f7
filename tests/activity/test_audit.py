"""The audit of actions that are not state changes, and that nobody can change or delete it."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from activity.audit import record
from activity.models import AuditEvent
from tests import factories

pytestmark = pytest.mark.django_db


def _kinds():
    return list(AuditEvent.objects.order_by("pk").values_list("kind", flat=True))


def test_a_login_and_a_logout_are_audited(client):
    user = factories.BureauFactory(username="auditme")
    client.post(reverse("login"), {"username": "auditme", "password": factories.PASSWORD})
    client.post(reverse("logout"))
    assert _kinds() == ["login", "logout"]
    assert AuditEvent.objects.filter(kind="login").get().user == user


def test_a_failed_login_is_audited_with_the_username_typed(client):
    client.post(reverse("login"), {"username": "nobody", "password": "wrong"})
    event = AuditEvent.objects.get()
    assert (event.kind, event.username, event.user) == ("login_failed", "nobody", None)


def test_a_service_refusal_is_audited(client, project):
    client.force_login(factories.EnterpriseUserFactory())
    response = client.get(reverse("reviews:screening"))
    event = AuditEvent.objects.exclude(kind="login").get()
    assert (response.status_code, event.kind, event.path) == (403, "permission_denied", "/reviews/screening/")


def test_opening_a_project_the_user_may_not_see_is_audited_but_a_missing_one_is_not(client, project):
    client.force_login(factories.EnterpriseUserFactory())
    assert client.get(reverse("projects:detail", args=[project.pk])).status_code == 404
    assert client.get(reverse("projects:detail", args=[987654])).status_code == 404
    refusals = AuditEvent.objects.exclude(kind="login").values_list("kind", "path")
    assert list(refusals) == [("not_visible", f"/projects/{project.pk}/")]


def test_an_admin_change_is_audited(client):
    admin = factories.BureauFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    district = factories.district()
    client.post(
        reverse("admin:directory_district_change", args=[district.pk]),
        {"name": district.name, "code": district.code, "sort_order": 3, "is_active": "on"},
    )
    event = AuditEvent.objects.get(kind="admin_change")
    assert (event.user, event.detail.startswith("修改")) == (admin, True)


def test_an_audit_row_cannot_be_changed_or_deleted_in_code():
    event = record(AuditEvent.Kind.EXPORT, detail="导出项目清单")
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.update(detail="改了")
    assert AuditEvent.objects.get().detail == "导出项目清单"


@pytest.mark.parametrize(
    "model", ["activity_auditevent", "django_fsm_log_statelog", "axes_accesslog", "axes_accessattempt"]
)
def test_not_even_the_superuser_deletes_an_audit_row_in_the_admin(client, model):
    client.force_login(factories.BureauFactory(is_staff=True, is_superuser=True))
    response = client.get(reverse(f"admin:{model}_changelist"))
    assert response.status_code == 200
    assert "delete_selected" not in response.content.decode()


def test_the_bureau_audit_page_lists_and_searches_events(client):
    record(AuditEvent.Kind.EXPORT, detail="导出项目清单（昆山市）")
    record(AuditEvent.Kind.DOWNLOAD, detail="下载营业执照.pdf")
    client.force_login(factories.BureauFactory())
    page = client.get(reverse("activity:audit"), {"q": "昆山"}).content.decode()
    assert "导出项目清单（昆山市）" in page
    assert "下载营业执照.pdf" not in page


def test_the_audit_page_filters_by_kind_and_refuses_a_backwards_date_range(client):
    record(AuditEvent.Kind.EXPORT, detail="甲")
    record(AuditEvent.Kind.DOWNLOAD, detail="乙")
    client.force_login(factories.BureauFactory())
    assert list(client.get(reverse("activity:audit"), {"type": "download"}).context["page"].object_list) == list(
        AuditEvent.objects.filter(kind="download")
    )
    response = client.get(reverse("activity:audit"), {"since": "2026-03-05", "until": "2026-03-01"})
    assert "截止日期不能早于起始日期。" in response.content.decode()


def test_only_the_bureau_reads_the_audit_page(client):
    client.force_login(factories.DistrictOfficialFactory())
    assert client.get(reverse("activity:audit")).status_code == 403


def test_a_staff_user_with_every_permission_still_cannot_delete_an_audit_row(client):
    staff = factories.DistrictOfficialFactory(is_staff=True)
    staff.user_permissions.set(Permission.objects.filter(content_type__app_label="activity"))
    client.force_login(staff)
    event = record(AuditEvent.Kind.EXPORT, detail="甲")
    response = client.post(reverse("admin:activity_auditevent_delete", args=[event.pk]), {"post": "yes"})
    assert (response.status_code, AuditEvent.objects.filter(kind="export").count()) == (403, 1)


def test_the_bureau_exports_the_audit_log_with_its_filters(client, django_capture_on_commit_callbacks):
    import io

    import openpyxl

    from documents.models import ExportJob

    record(AuditEvent.Kind.DOWNLOAD, detail="下载营业执照.pdf")
    record(AuditEvent.Kind.IMPORT, detail='=HYPERLINK("http://evil","点我")')
    client.force_login(factories.BureauFactory())
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("documents:export_create"), {"kind": "audit", "type": "import", "q": "HYPERLINK"})
    job = ExportJob.objects.get(kind="audit")
    sheet = openpyxl.load_workbook(io.BytesIO(job.file.read())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:6] == ("时间", "类型", "用户", "用户名", "对象", "说明")
    assert [(r[1], r[5]) for r in rows[1:]] == [("导入", '=HYPERLINK("http://evil","点我")')]
    assert sheet.cell(row=2, column=6).data_type == "s"


def test_only_the_bureau_exports_the_audit_log(client, django_capture_on_commit_callbacks):
    from documents.models import ExportJob

    record(AuditEvent.Kind.DOWNLOAD, detail="下载营业执照.pdf")
    client.force_login(factories.DistrictOfficialFactory())
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("documents:export_create"), {"kind": "audit"})
    assert ExportJob.objects.get(kind="audit").total == 0
