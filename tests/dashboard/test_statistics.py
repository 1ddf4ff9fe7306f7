"""The bureau's statistics dashboard (issue 14.4, G1): its figures equal the database's (counted here independently,
row by row in Python), each figure's link lists exactly the projects it counts, and its queries do not grow with
the number of projects."""

from collections import Counter
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dashboard import statistics
from directory.models import District, IndustryChain
from funding.models import Tranche
from projects.enums import FUNDED_STATES, PHASE_OF_STATUS, Phase, Status
from projects.models import Project, Snapshot
from projects.selectors import projects_visible_to
from tests import factories
from tests.factories.dashboard import city, project_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def calls():
    return [factories.AnnualCallFactory(year=2021), factories.AnnualCallFactory(year=2022, max_projects=12)]


@pytest.fixture
def data(calls, bureau):
    """36 projects over two calls in every kind of state; one enterprise funded in both years (counted once, G1)."""
    projects = city(calls, 36, by=bureau)
    twice = next(p for p in projects if p.call == calls[0] and p.status in FUNDED_STATES)
    again = factories.ProjectFactory(call=calls[1], enterprise=twice.enterprise, complete=False)
    Project.objects.filter(pk=again.pk).update(status=Status.UNDER_WAY)
    return projects


def board_for(user):
    return statistics.city_dashboard(projects_visible_to(user))


def test_cultivated_enterprises_per_year_and_cumulative_equal_the_database(data, calls, bureau):
    """G1: an enterprise counts once, in the first year one of its projects was funded."""
    first_year = {}
    for p in Project.objects.filter(status__in=FUNDED_STATES).select_related("call").order_by("call__year"):
        first_year.setdefault(p.enterprise_id, p.call.year)
    new = Counter(first_year.values())
    funded = Counter(p.call.year for p in Project.objects.select_related("call") if p.status in FUNDED_STATES)
    board = board_for(bureau)
    assert [(r.year, r.funded, r.new_enterprises, r.cumulative, r.quota, r.target) for r in board.cultivation] == [
        (2021, funded[2021], new[2021], new[2021], 10, 60),
        (2022, funded[2022], new[2022], new[2021] + new[2022], 12, 60),
    ]
    assert board.cultivated == len(first_year)
    assert funded[2022] == new[2022] + 1  # the enterprise funded twice is not cultivated twice
    assert (board.target, board.cultivated > 0) == (60, True)


def test_projects_per_phase_per_year_equal_the_database(data, calls, bureau):
    expected = Counter((p.call.year, PHASE_OF_STATUS[p.status]) for p in Project.objects.select_related("call"))
    board = board_for(bureau)
    got = {(row.year, cell.phase): cell.count for row in board.phases for cell in row.cells}
    assert got == {(c.year, phase): expected[(c.year, phase)] for c in calls for phase in Phase}
    assert [row.total for row in board.phases] == [Project.objects.filter(call=c).count() for c in calls]


def test_projects_per_district_and_per_industry_equal_the_database(data, bureau):
    rows = list(Project.objects.all())
    board = board_for(bureau)
    by_district = {r.name: (r.total, r.funded) for r in board.districts}
    by_industry = {r.name: (r.total, r.funded) for r in board.industries}
    for d in District.objects.filter(is_active=True):
        mine = [p for p in rows if p.district_id == d.pk]
        assert by_district[d.name] == (len(mine), sum(p.status in FUNDED_STATES for p in mine)), d.name
    for i in IndustryChain.objects.filter(is_active=True):
        mine = [p for p in rows if p.industry_id == i.pk]
        assert by_industry[i.name] == (len(mine), sum(p.status in FUNDED_STATES for p in mine)), i.name
    assert sum(t for t, _ in by_district.values()) == len(rows) == sum(t for t, _ in by_industry.values())


def test_money_approved_committed_disbursed_and_own_investment_equal_the_ledger(data, calls, bureau):
    """F2–F4 from the funding ledger: grants, planned tranches, disbursements, own-investment records of the
    funded projects."""
    from funding.models import Disbursement, Grant, OwnInvestment

    def total(model, ids):
        return sum((row.amount for row in model.objects.all() if row.project_id in ids), Decimal("0"))

    board = board_for(bureau)
    for call, row in zip(calls, board.money, strict=True):
        funded = {p.pk for p in Project.objects.filter(call=call) if p.status in FUNDED_STATES}
        assert (row.year, row.approved, row.committed, row.disbursed, row.own_investment) == (
            call.year,
            total(Grant, funded),
            total(Tranche, funded),
            total(Disbursement, funded),
            total(OwnInvestment, funded),
        )
    money_total = board.money_total
    assert (money_total.committed, money_total.disbursed, money_total.own_investment) == (
        sum(r.committed for r in board.money),
        sum(r.disbursed for r in board.money),
        sum(r.own_investment for r in board.money),
    )
    assert money_total.approved >= money_total.committed > money_total.disbursed > 0


def test_indicators_at_application_are_the_sums_of_the_funded_projects_last_snapshots(data, bureau):
    funded = {p.pk for p in Project.objects.all() if p.status in FUNDED_STATES}
    latest = {}
    for s in Snapshot.objects.filter(project_id__in=funded).order_by("version"):
        latest[s.project_id] = s.data
    board = board_for(bureau)
    rows = {r.key: r.application for r in board.indicators.rows}
    for key in rows:
        assert rows[key] == sum(d["application"][key] for d in latest.values()), key
    assert board.indicators.projects == len(latest) > 0
    assert {r.acceptance for r in board.indicators.rows} == {None}  # no S7 record yet: "尚无记录"


def test_indicators_grow_to_each_enterprises_latest_monitoring_record_over_the_same_projects(data, bureau):
    """14.4: the later side is each followed enterprise's latest S7 record; the application side is summed over the
    same projects, so the growth compares like with like; trademarks are not monitored and stay unrecorded."""
    from tests.factories.monitoring import indicator_record

    funded = [p for p in Project.objects.order_by("pk") if p.status in FUNDED_STATES]
    followed = funded[0]
    indicator_record(followed.enterprise, 2024, valid_invention_patents=40, ip_staff=3)
    indicator_record(followed.enterprise, 2025, valid_invention_patents=55, ip_staff=5)  # the latest counts
    latest = Snapshot.objects.filter(project=followed).order_by("-version").first().data["application"]

    growth = board_for(bureau).indicators
    rows = {r.key: r for r in growth.rows}

    assert (growth.projects, growth.acceptance_source) == (1, "考评监测最新年度记录（S7）")
    assert rows["valid_invention_patents"].application == latest["valid_invention_patents"]
    assert (rows["valid_invention_patents"].acceptance, rows["ip_staff_count"].acceptance) == (55, 5)
    assert rows["registered_trademarks"].acceptance is None
    assert rows["valid_invention_patents"].projects_at_acceptance == 1


def test_a_later_snapshot_replaces_the_earlier_one_in_the_indicators(calls, bureau):
    project = project_in(calls[0], Status.UNDER_WAY, 1, by=bureau)
    data = dict(project.snapshots.get().data)
    data["application"] = {**data["application"], "valid_invention_patents": 77}
    Snapshot.objects.create(project=project, version=2, data=data, created_by=bureau)
    rows = {r.key: r.application for r in board_for(bureau).indicators.rows}
    assert rows["valid_invention_patents"] == 77


def _listed(client, url):
    return client.get(url).context["page"].paginator.count


def test_each_figure_links_to_the_list_of_exactly_the_projects_it_counts(client, data, bureau):
    client.force_login(bureau)
    board = board_for(bureau)
    for row in board.cultivation:
        assert _listed(client, row.url) == row.funded
    for row in board.phases:
        assert _listed(client, row.url) == row.total
        for cell in row.cells:
            if cell.count:
                assert _listed(client, cell.url) == cell.count, (row.year, cell.phase)
    for row in board.districts + board.industries:
        assert (_listed(client, row.url), _listed(client, row.funded_url)) == (row.total, row.funded), row.name
    assert _listed(client, board.indicators.url) == sum(r.funded for r in board.cultivation)


def test_the_page_shows_the_figures_tables_and_the_chart_data(client, data, bureau):
    client.force_login(bureau)
    response = client.get(reverse("statistics"))
    page = response.content.decode()
    board = response.context["board"]
    charts = response.context["charts"]
    assert response.status_code == 200
    assert 'id="dashboard-charts"' in page and "vendor/echarts/echarts.min.js" in page
    assert set(charts) == {"cultivation", "phases", "districts", "industries", "money", "indicators"}
    assert [p["value"] for p in charts["cultivation"]["series"][1]["data"]] == [r.cumulative for r in board.cultivation]
    assert charts["cultivation"]["series"][1]["data"][0]["url"] == board.cultivation[0].url
    assert f"累计培育登峰企业 {board.cultivated} 家，培育目标 60 家" in page
    assert page.count("<table") == 6  # a plain table beside every chart


def test_the_page_opens_with_no_call_and_no_project(client, bureau):
    client.force_login(bureau)
    response = client.get(reverse("statistics"))
    assert (response.status_code, "尚未发布年度申报指南" in response.content.decode()) == (200, True)


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_dashboard_makes_the_same_number_of_queries_for_10_and_for_60_projects(client, calls, bureau):
    client.force_login(bureau)
    url = reverse("statistics")
    city(calls, 10, by=bureau)
    with_10 = _queries(client, url)
    city(calls, 50, by=bureau)
    assert Project.objects.count() == 60
    assert _queries(client, url) == with_10
    assert with_10 <= 15  # a fixed number of grouped queries, whatever the rows (issue 10)


def test_funded_filter_lists_only_projects_approved_by_the_city_government(client, calls, bureau):
    funded = project_in(calls[0], Status.UNDER_WAY, 1, by=bureau)
    project_in(calls[0], Status.NOT_SELECTED, 2, by=bureau)
    client.force_login(bureau)
    response = client.get(reverse("projects:list"), {"funded": "1"})
    assert [row.project for row in response.context["rows"]] == [funded]


def test_a_year_narrows_districts_industries_and_indicators_and_their_links(client, data, calls, bureau):
    client.force_login(bureau)
    response = client.get(reverse("statistics"), {"year": calls[0].year})
    board = response.context["board"]
    in_year = [p for p in Project.objects.all() if p.call_id == calls[0].pk]
    assert board.year == calls[0].year
    assert sum(r.total for r in board.districts) == len(in_year) == sum(r.total for r in board.industries)
    assert board.indicators.projects == sum(p.status in FUNDED_STATES for p in in_year)
    for row in board.districts:
        assert _listed(client, row.url) == row.total, row.name
    assert [r.year for r in board.cultivation] == [2021, 2022]  # the per-year figures keep every year


def test_an_unknown_year_shows_every_year(client, data, bureau):
    client.force_login(bureau)
    for value in ("1999", "abc", ""):
        board = client.get(reverse("statistics"), {"year": value}).context["board"]
        assert (board.year, sum(r.total for r in board.districts)) == (None, Project.objects.count())
