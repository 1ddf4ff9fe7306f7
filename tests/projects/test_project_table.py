"""``{% project_table %}`` (projects/templatetags/project_table.py): the lists' and home pages' table of projects."""

import re
from decimal import Decimal

import pytest
from django.template import engines
from django.urls import reverse

from accounts.models import Role
from projects.enums import Status
from projects.lifecycle.queues import project_rows
from projects.models import Project
from projects.selectors import as_list_rows
from tests import factories

pytestmark = pytest.mark.django_db


def render(rows, flags=""):
    template = engines["django"].from_string("{% load project_table %}{% project_table rows " + flags + " %}")
    return template.render({"rows": rows})


def cells(html) -> list[list[str]]:
    """Each body row's cells as text."""
    body = html.split("<tbody>")[1]
    return [
        [re.sub(r"<[^>]+>", "|", cell).strip("|") for cell in re.findall(r"<td[^>]*>(.*?)</td>", row)]
        for row in re.findall(r"<tr>(.*?)</tr>", body)
    ]


@pytest.fixture
def project(call):
    enterprise = factories.EnterpriseFactory(name='<script>alert("x")</script>有限公司')
    return factories.ProjectFactory(
        call=call, enterprise=enterprise, title='专利 & 标准 "双轮"', government_funding=Decimal("1000000")
    )


def _rows(role=Role.BUREAU):
    return project_rows(as_list_rows(Project.objects.order_by("pk")), role)


def test_every_value_is_escaped(project):
    html = render(_rows(), "show_money=True")
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;有限公司" in html
    assert "专利 &amp; 标准 &quot;双轮&quot;" in html


def test_a_row_shows_number_year_enterprise_title_district_money_state_and_whose_turn(project):
    html = render(_rows(), "show_money=True")
    detail = reverse("projects:detail", args=[project.pk])
    assert html.count(f'href="{detail}"') == 2  # the number and the title link to the project page
    number, year, enterprise, title, district, money, state, turn = cells(html)[0]
    assert (number, year, title, money) == (
        project.number,
        str(project.call.year),
        "专利 &amp; 标准 &quot;双轮&quot;",
        "1,000,000.00元",
    )
    assert enterprise.endswith(project.enterprise.uscc)
    assert (district, state) == (project.district.name, Status(project.status).label)
    assert turn  # whose turn it is (a draft: the enterprise's)
    assert [th for th in re.findall(r'<th scope="col"[^>]*>(.*?)</th>', html)] == [
        "项目编号",
        "年度",
        "申报企业",
        "项目名称",
        "推荐单位",
        "申请市级资金",
        "状态",
        "当前办理",
    ]


def test_hidden_columns_are_left_out_of_the_head_and_the_rows(project):
    html = render(_rows(), "hide_enterprise=True hide_district=True")
    assert re.findall(r'<th scope="col"[^>]*>(.*?)</th>', html) == ["项目编号", "年度", "项目名称", "状态", "当前办理"]
    assert len(cells(html)[0]) == 5
    assert project.enterprise.uscc not in html


def test_the_roles_next_steps_are_buttons_to_the_projects_actions(project):
    rows = _rows(Role.ENTERPRISE)
    assert rows[0].next_steps  # a draft: the enterprise submits it
    html = render(rows, "show_next=True")
    detail = reverse("projects:detail", args=[project.pk])
    for step in rows[0].next_steps:
        assert f'href="{detail}#actions">{step.label}</a>' in html
    assert '<th scope="col">下一步</th>' in html


def test_an_untitled_project_and_an_empty_table(call):
    factories.ProjectFactory(call=call, title="")
    assert "（未填写项目名称）" in render(_rows())
    Project.objects.all().delete()
    assert cells(render([], 'empty="没有符合条件的项目。"')) == [["没有符合条件的项目。"]]
    assert cells(render([])) == [["暂无项目。"]]
