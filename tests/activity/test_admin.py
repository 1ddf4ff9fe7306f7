"""Admin of the audit trail: read-only, in Chinese."""

import pytest
from django.urls import reverse
from django_fsm_log.models import StateLog

from tests import factories
from tests.lifecycle import walk

pytestmark = pytest.mark.django_db

OUR_APPS = {"accounts", "projects", "reviews", "funding", "django_fsm_log"}
CHANGELIST = reverse("admin:projects_project_changelist")


@pytest.fixture
def superuser():
    """A bureau admin who is also a superuser: bureau steps are its to take."""
    return factories.BureauFactory(username="root", name="管理员甲", is_staff=True, is_superuser=True)


@pytest.fixture
def admin_browser(client, superuser):
    client.force_login(superuser)
    return client


def test_the_audit_log_admin_is_read_only(admin_browser, project):
    walk(project, ["submit"])
    log = StateLog.objects.get()
    url = reverse("admin:django_fsm_log_statelog_change", args=[log.pk])
    assert admin_browser.post(url, {"description": "改写"}).status_code == 403
    assert (
        admin_browser.post(reverse("admin:django_fsm_log_statelog_delete", args=[log.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert admin_browser.get(reverse("admin:django_fsm_log_statelog_add")).status_code == 403
    log.refresh_from_db()
    assert log.description is None


def test_the_audit_log_list_reads_in_chinese(admin_browser, project):
    walk(project, ["submit"])
    response = admin_browser.get(reverse("admin:django_fsm_log_statelog_changelist"))
    row = response.context["cl"].result_list[0]
    model_admin = response.context["cl"].model_admin
    assert (model_admin.operation(row), model_admin.source(row), model_admin.target(row)) == (
        "提交申报",
        "草稿",
        "待形式审查",
    )
