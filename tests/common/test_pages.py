"""Site-wide page behaviour: health check, login redirects, Chinese error pages, local assets only, and the display
filters (dates 2026年11月25日, money in 元, status badges)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied
from django.db import OperationalError
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import reverse
from django.views.defaults import permission_denied

pytestmark = pytest.mark.django_db


# ---- health ------------------------------------------------------------------------------------------------------
def test_healthz_answers_ok_without_login(client):
    response = client.get(reverse("healthz"))
    assert (response.status_code, response.content) == (200, b"ok")


def test_healthz_answers_503_when_the_database_does_not(client, monkeypatch):
    class BrokenConnection:
        def cursor(self):
            raise OperationalError("could not connect to server")

    monkeypatch.setattr("common.views.connection", BrokenConnection())
    response = client.get(reverse("healthz"))
    assert response.status_code == 503


# ---- login required ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["home", "projects:list"])
def test_anonymous_visitor_is_redirected_to_login(client, name):
    response = client.get(reverse(name))
    assert (response.status_code, response.headers["Location"]) == (
        302,
        f"{reverse('login')}?next={reverse(name)}",
    )


def test_anonymous_visitor_of_a_project_is_redirected_to_login(client, project):
    response = client.get(reverse("projects:detail", args=[project.pk]))
    assert response.headers["Location"].split("?")[0] == reverse("login")


# ---- error pages -------------------------------------------------------------------------------------------------
def test_404_page_is_in_chinese(client, bureau):
    client.force_login(bureau)
    response = client.get("/no-such-page/")
    assert (response.status_code, "页面不存在或您无权查看" in response.content.decode()) == (404, True)


def test_403_page_is_in_chinese():
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    response = permission_denied(request, PermissionDenied())
    assert (response.status_code, "无权访问" in response.content.decode()) == (403, True)


def test_csrf_failure_page_is_in_chinese():
    response = Client(enforce_csrf_checks=True).post(reverse("login"), {"username": "x", "password": "y"})
    assert (response.status_code, "页面已过期，请刷新后重试" in response.content.decode()) == (403, True)


def test_500_page_renders_without_any_context():
    page = render_to_string("500.html")
    assert ('<html lang="zh-CN">' in page, "系统暂时出现错误" in page) == (True, True)


# ---- assets ------------------------------------------------------------------------------------------------------
def test_bootstrap_is_vendored():
    found = [
        finders.find(p)
        for p in ("vendor/bootstrap/css/bootstrap.min.css", "vendor/bootstrap/js/bootstrap.bundle.min.js")
    ]
    assert [bool(f) for f in found] == [True, True]
    assert re.search(r"Bootstrap +v5\.3\.8 ", Path(found[0]).read_text()[:200])


def test_pages_load_nothing_from_another_site(client, bureau, project):
    client.force_login(bureau)
    pages = [client.get(url).content.decode() for url in ("/", "/projects/", f"/projects/{project.pk}/")]
    pages.append(Client().get(reverse("login")).content.decode())
    external = [m for page in pages for m in re.findall(r'(?:src|href)="((?:https?:)?//[^"]+)"', page)]
    assert external == []


def test_stylesheets_import_no_web_fonts():
    css = "".join(p.read_text() for p in Path(settings.BASE_DIR, "static").rglob("*.css"))
    assert re.findall(r"@import|@font-face|url\((?:['\"])?(?:https?:)?//", css) == []


def test_base_template_declares_simplified_chinese(client):
    assert '<html lang="zh-CN">' in client.get(reverse("login")).content.decode()


# ---- display filters ---------------------------------------------------------------------------------------------
