"""dengfeng.admin.AdminSite: the programme's admin site, whose list of models is built only on the pages that show
it (issue 10: on the project changelist it was a tenth of the page's time)."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils.functional import empty

from dengfeng.admin import AdminSite
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_default_admin_site_is_the_programme_s():
    assert isinstance(admin.site, AdminSite)  # through the lazy default site
    assert admin.site.site_header == "登峰 · 苏州市企业知识产权登峰行动计划管理系统"
    assert admin.site.enable_nav_sidebar is False


def test_a_changelist_does_not_build_the_list_of_models(client):
    client.force_login(factories.BureauFactory(is_staff=True, is_superuser=True))
    response = client.get(reverse("admin:projects_project_changelist"))
    assert response.status_code == 200
    assert response.context["available_apps"]._wrapped is empty  # asked for by each_context, never read


def test_the_index_lists_only_the_models_the_user_may_reach(client):
    clerk = factories.BureauFactory(is_staff=True)
    clerk.user_permissions.add(Permission.objects.get(codename="view_annualcall"))
    client.force_login(clerk)
    response = client.get(reverse("admin:index"))
    listed = [
        (app["app_label"], model["object_name"]) for app in response.context["app_list"] for model in app["models"]
    ]
    assert listed == [("projects", "AnnualCall")]
    assert reverse("admin:projects_annualcall_changelist") in response.content.decode()
    assert reverse("admin:projects_project_changelist") not in response.content.decode()
