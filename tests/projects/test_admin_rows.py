"""The project changelist's rows written in Python (``projects.templatetags.project_admin``, issue 10): the same HTML
as Django's ``items_for_result``, row by row and on the whole page, whatever the values, filters and sorting; a
changelist the writer does not know is left to Django."""

import re
from decimal import Decimal

import pytest
from django.contrib import admin
from django.contrib.admin.templatetags.admin_list import results
from django.urls import resolve, reverse

from projects.models import Project
from projects.templatetags import project_admin
from tests import factories

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:projects_project_changelist")
TABLE = re.compile(r'<table id="result_list">.*?</table>', re.S)


@pytest.fixture
def superuser():
    return factories.BureauFactory(username="root", is_staff=True, is_superuser=True)


@pytest.fixture
def projects(call):
    """Values that test the writer's escaping and its empty cells: markup and quotes in names and titles, a title
    left blank, one of spaces, a long name."""
    hostile = factories.EnterpriseFactory(name='<b>苏州&"甲"</b>\'科技有限公司')
    return [
        factories.ProjectFactory(call=call, enterprise=hostile, title="<script>alert(1)</script> & “乙”"),
        factories.ProjectFactory(call=call, title=""),
        factories.ProjectFactory(call=call, title="   "),
        factories.ProjectFactory(call=call, enterprise=factories.EnterpriseFactory(name="长" * 100)),
        factories.ProjectFactory(
            call=factories.AnnualCallFactory(year=call.year + 1), government_funding=Decimal("0.00")
        ),
    ]


def changelist(rf, user, **params):
    request = rf.get(CHANGELIST, params)
    request.user = user
    request.resolver_match = resolve(CHANGELIST)  # the preserved filters are those of the changelist's own URL
    cl = admin.site._registry[Project].get_changelist_instance(request)
    cl.formset = None  # as changelist_view sets it for a list that is not editable
    return cl


@pytest.mark.parametrize(
    "params",
    [{}, {"o": "-2"}, {"q": "苏州"}, {"status": "draft", "o": "5.1"}],
    ids=["plain", "sorted", "searched", "filtered-and-sorted"],
)
def test_each_row_is_the_html_django_writes(rf, superuser, projects, params):
    cl = changelist(rf, superuser, **params)
    assert project_admin.writes(cl)
    assert cl.result_list
    assert project_admin.rows(cl) == ["".join(items) for items in results(cl)]


def test_the_rows_escape_every_value_and_mark_a_blank_title_empty(rf, superuser, projects):
    written = "".join(project_admin.rows(changelist(rf, superuser)))
    assert "<script>" not in written and "&lt;script&gt;" in written
    assert "&lt;b&gt;苏州&amp;&quot;甲&quot;&lt;/b&gt;&#x27;科技有限公司" in written
    assert written.count('<td class="field-title">-</td>') == 2  # the blank title and the one of spaces


def test_the_links_keep_the_lists_filters(rf, superuser, projects, call):
    cl = changelist(rf, superuser, year=call.year, o="-2")
    first = cl.result_list[0]
    assert (
        f'<a href="/admin/projects/project/{first.pk}/change/?_changelist_filters=year%3D{call.year}%26o%3D-2">'
        in (project_admin.rows(cl)[0])
    )


def test_the_page_s_table_is_the_one_django_renders(admin_client_root, projects, monkeypatch, call):
    """The whole table (headers, rows, sorting marks) on the rendered page, with the writer and without it."""
    params = {"year": call.year, "o": "-6"}
    written = TABLE.search(admin_client_root.get(CHANGELIST, params).content.decode()).group()
    monkeypatch.setattr(project_admin, "writes", lambda cl: False)
    by_django = TABLE.search(admin_client_root.get(CHANGELIST, params).content.decode()).group()
    assert written == by_django
    assert written.count('name="_selected_action"') == 4  # this year's four projects


def test_a_changelist_the_writer_does_not_know_is_left_to_django(rf, superuser, projects, monkeypatch):
    cl = changelist(rf, superuser, _popup="1", _to_field="id")  # a lookup from another model's form
    assert not project_admin.writes(cl)
    assert all(len(row) == 7 for row in project_admin.project_result_list(cl)["results"])  # Django's, no checkbox
    cl = changelist(rf, superuser)
    monkeypatch.setattr(cl, "list_display", [*project_admin.COLUMNS, "industry"])
    assert not project_admin.writes(cl)
    assert all(len(row) == 9 for row in project_admin.project_result_list(cl)["results"])


@pytest.fixture
def admin_client_root(client, superuser):
    client.force_login(superuser)
    return client
