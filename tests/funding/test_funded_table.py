"""The funded-projects table (the ledger list, the finance home): its rows read only the columns they show, in no
query of their own, and ``funding_tables.funded_rows`` writes each row's cells as the page always showed them."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from common.pagination import rows_by_keys
from directory.models import Enterprise
from funding import selectors
from funding.models import Tranche
from funding.services import disbursement_record
from funding.templatetags.funding_tables import funded_rows
from projects.templatetags.lifecycle import status_badge
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def finance():
    return factories.FinanceFactory()


@pytest.fixture
def funded(project, finance):
    """``project`` under way (its grant and first tranche decided), and a second one whose first tranche is paid."""
    factories.under_way(project)
    paid = factories.ProjectFactory(call=project.call)
    factories.under_way(paid)
    tranche = paid.tranches.get(kind=Tranche.Kind.FIRST)
    disbursement_record(
        tranche=tranche, by=finance, amount=tranche.amount, paid_on=timezone.localdate(), voucher_number="V1"
    )
    return project, paid


def _rows(user, projects):
    return rows_by_keys(selectors.funded_table(selectors.funded_projects(user)), [p.pk for p in projects])


def _money(amount):
    return f"{Decimal(amount):,.2f}元"


def test_the_rows_read_no_column_they_do_not_show_and_no_query_of_their_own(funded, finance, django_assert_num_queries):
    with django_assert_num_queries(1):
        rows = _rows(finance, funded)
    with django_assert_num_queries(0):
        funded_rows(rows)
    assert sorted(rows[0].get_deferred_fields()) == sorted(
        f.attname
        for f in rows[0]._meta.concrete_fields
        if f.attname not in {"id", "status", "call_id", "enterprise_id", "district_id"}
    )


def test_the_list_count_and_keys_are_the_same_query_as_before_the_narrowing(finance):
    projects = selectors.funded_projects_filtered(finance)
    narrowed = selectors.funded_table(projects)
    assert str(narrowed.values_list("pk").query) == str(projects.values_list("pk").query)


def test_a_row_shows_number_enterprise_district_state_money_and_both_links(funded, finance):
    project, paid = funded
    to_pay, settled = _rows(finance, [project, paid])
    grant = project.grant.amount
    committed = project.tranches.get().amount
    assert str(funded_rows([to_pay])) == (
        f'<tr><td class="text-nowrap"><a href="{reverse("projects:detail", args=[project.pk])}">{project.number}</a>'
        f'</td><td class="df-name-cell text-break">{project.enterprise.name}</td>'
        f'<td class="text-nowrap">{project.district.name}</td><td>{status_badge(project.status)}</td>'
        f'<td class="df-num">{_money(grant)}</td><td class="df-num">{_money(committed)}</td>'
        f'<td class="df-num">{_money(0)}</td><td class="df-num"><strong>{_money(committed)}</strong></td>'
        f'<td class="df-num">{_money(0)}</td><td class="df-col-actions text-nowrap">'
        f'<a class="btn btn-sm btn-outline-primary" href="{reverse("funding:ledger", args=[project.pk])}">经费台账</a>'
        "</td></tr>"
    )
    paid_cells = str(funded_rows([settled])).split("</td>")
    assert (paid_cells[6], paid_cells[7]) == (
        f'<td class="df-num">{_money(paid.tranches.get().amount)}',
        '<td class="df-num">—',
    )  # 已拨付 in full, nothing to pay


def test_names_are_escaped(funded, finance):
    project, _ = funded
    Enterprise.objects.filter(pk=project.enterprise_id).update(name='<b>"甲&乙"</b>')
    html = str(funded_rows(_rows(finance, [project])))
    assert "&lt;b&gt;&quot;甲&amp;乙&quot;&lt;/b&gt;" in html
    assert "<b>" not in html


def test_no_rows_is_one_row_saying_so():
    empty = '<tr><td colspan="10" class="text-center text-secondary py-4">{}</td></tr>'
    assert str(funded_rows([], "没有符合条件的项目。")) == empty.format("没有符合条件的项目。")
    assert str(funded_rows([])) == empty.format("暂无已立项项目。")


def test_the_ledger_figures_are_built_once_per_process_and_each_list_narrows_a_clone(funded, finance, monkeypatch):
    """Issue 10: resolving the four subqueries cost more than running them; the figures match a fresh build."""
    built = []
    real = selectors.with_ledger_figures
    monkeypatch.setattr(selectors, "with_ledger_figures", lambda projects: built.append(1) or real(projects))
    selectors._projects_with_ledger_figures.cache_clear()
    try:
        first = selectors.funded_projects(finance)
        district = factories.DistrictOfficialFactory(district=funded[0].district)
        second = selectors.funded_projects(district)
        assert len(built) == 1
        assert selectors._projects_with_ledger_figures()._result_cache is None  # never evaluated itself
        fresh = real(selectors.ledger_projects_visible_to(finance).filter(status__in=selectors.FUNDED_STATES))
        figures = ("pk", "ledger_approved", "ledger_committed", "ledger_disbursed", "ledger_to_pay", "ledger_own")
        assert list(first.order_by("pk").values_list(*figures)) == list(fresh.order_by("pk").values_list(*figures))
        assert {p.pk for p in second} == {p.pk for p in funded if p.district_id == district.district_id}
    finally:
        selectors._projects_with_ledger_figures.cache_clear()
