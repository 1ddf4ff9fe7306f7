"""Issue 10: the bureau's two slowest pages at city scale. The statistics dashboard and the policy what-if make a
bounded number of queries whatever the rows, cold or warm; a warm request computes nothing again; and every change
the figures are computed from — a transition, a disbursement, an indicator record (one by one or imported) — shows
on the very next request."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dashboard import statistics, whatif
from dashboard.services import draft_defaults, policy_draft_save
from funding.models import Tranche
from funding.services import disbursement_record
from monitoring.interfaces.indicator_import import indicator_import_confirm
from projects.enums import PHASE_OF_STATUS, Status
from projects.lifecycle.funnel import project_transition
from projects.models import Project
from tests import factories
from tests.factories.dashboard import city, project_in, snapshot_payload
from tests.factories.monitoring import indicator_record, indicator_row, indicator_xlsx
from tests.lifecycle import MAIN_ROAD, walk

pytestmark = pytest.mark.django_db


@pytest.fixture
def calls():
    return [factories.AnnualCallFactory(year=2021), factories.AnnualCallFactory(year=2022)]


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _board(client, **params):
    return client.get(reverse("statistics"), params).context["board"]


def _phase_count(board, year, phase):
    row = next(r for r in board.phases if r.year == year)
    return next(c.count for c in row.cells if c.phase == phase)


# ---- bounded queries ---------------------------------------------------------------------------------------------
def test_the_dashboard_makes_at_most_15_queries_cold_and_fewer_warm_for_10_and_for_60_projects(client, calls, bureau):
    client.force_login(bureau)
    url = reverse("statistics")
    counted = {}
    for size, more in ((10, 10), (60, 50)):
        city(calls, more, by=bureau)
        cache.clear()
        counted[size] = (_queries(client, url), _queries(client, url))  # (cold, warm)
    assert Project.objects.count() == 60
    assert counted[10] == counted[60]
    cold, warm = counted[10]
    assert cold <= 15
    assert warm < cold and warm <= 5  # the session's user, the navbar: no figure is read again


def test_a_year_of_the_dashboard_makes_at_most_15_queries_cold(client, calls, bureau):
    city(calls, 12, by=bureau)
    client.force_login(bureau)
    assert _queries(client, f"{reverse('statistics')}?year=2021") <= 15


def test_a_warm_dashboard_request_computes_no_figure(client, calls, bureau, monkeypatch):
    city(calls, 12, by=bureau)
    client.force_login(bureau)
    first = _board(client)

    def refuse(*args, **kwargs):
        raise AssertionError("the figures were computed again")

    monkeypatch.setattr(statistics, "city_dashboard", refuse)
    again = _board(client)
    assert [(r.year, r.funded, r.cumulative) for r in again.cultivation] == [
        (r.year, r.funded, r.cumulative) for r in first.cultivation
    ]


def test_the_cached_board_equals_the_board_computed_afresh(client, calls, bureau):
    from projects.selectors import projects_visible_to

    city(calls, 24, by=bureau)
    client.force_login(bureau)
    _board(client)  # fills the cache
    cached, fresh = _board(client), statistics.city_dashboard(projects_visible_to(bureau))
    assert cached == fresh


# ---- each change shows on the next request --------------------------------------------------------------------
def test_a_transition_moves_the_project_to_its_next_phase_on_the_next_request(client, call, bureau):
    project = factories.ProjectFactory(call=call)
    actors = walk(project, MAIN_ROAD[: MAIN_ROAD.index("submit") + 1])
    project.refresh_from_db()
    client.force_login(bureau)
    before = PHASE_OF_STATUS[project.status]
    assert _phase_count(_board(client), call.year, before) == 1

    project_transition(project=project, transition="recommend", by=actors.district)
    after = PHASE_OF_STATUS[Project.objects.get(pk=project.pk).status]
    board = _board(client)
    assert before != after
    assert (_phase_count(board, call.year, before), _phase_count(board, call.year, after)) == (0, 1)


def test_a_transition_shows_in_a_years_board_too(client, call, bureau):
    project = factories.ProjectFactory(call=call)
    actors = walk(project, MAIN_ROAD[: MAIN_ROAD.index("submit") + 1])
    client.force_login(bureau)
    assert sum(r.funded for r in _board(client, year=call.year).districts) == 0
    walk(project, MAIN_ROAD[MAIN_ROAD.index("submit") + 1 : MAIN_ROAD.index("approve") + 1], actors)
    assert sum(r.funded for r in _board(client, year=call.year).districts) == 1


def test_a_disbursement_changes_the_money_disbursed_on_the_next_request(client, call, bureau):
    project = factories.ProjectFactory(call=call)
    factories.under_way(project)
    client.force_login(bureau)
    before = _board(client).money_total.disbursed

    disbursement_record(
        tranche=project.tranches.get(kind=Tranche.Kind.FIRST),
        by=factories.FinanceFactory(),
        amount="100000",
        paid_on=timezone.localdate(),
        voucher_number="财拨〔2026〕101",
    )
    board = _board(client)
    assert board.money_total.disbursed == before + 100000
    assert next(r for r in board.money if r.year == call.year).disbursed == before + 100000


def test_an_indicator_record_changes_the_indicators_on_the_next_request(client, call, bureau):
    project = factories.ProjectFactory(call=call)
    factories.under_way(project)
    client.force_login(bureau)
    assert {r.acceptance for r in _board(client).indicators.rows} == {None}

    indicator_record(project.enterprise, 2025, valid_invention_patents=55)
    rows = {r.key: r.acceptance for r in _board(client).indicators.rows}
    assert rows["valid_invention_patents"] == 55


def test_an_indicator_import_changes_the_indicators_on_the_next_request(client, call, bureau):
    """The bulk import saves no row one by one: ``monitoring.signals.indicators_imported`` makes the board stale."""
    project = factories.ProjectFactory(call=call)
    factories.under_way(project)
    client.force_login(bureau)
    assert {r.acceptance for r in _board(client).indicators.rows} == {None}

    indicator_import_confirm(by=bureau, uploaded_file=indicator_xlsx([indicator_row(project.enterprise, 2025)]))
    rows = {r.key: r.acceptance for r in _board(client).indicators.rows}
    assert rows["valid_invention_patents"] == 70  # the template row's figure


# ---- the policy what-if ------------------------------------------------------------------------------------------
E3A_ONLY = {"foreign_applications": 5, "foreign_grants": 0}  # passes E3a at 50 valid patents, never E3b


def _draft(call, bureau, **numbers):
    return policy_draft_save(by=bureau, base_call=call, title="草案", numbers=draft_defaults(call) | numbers)


def test_the_whatif_page_makes_at_most_15_queries_cold_and_fewer_warm_for_10_and_for_60_applicants(
    client, call, bureau
):
    draft = _draft(call, bureau, e3a_min_valid_invention_patents=70)
    client.force_login(bureau)
    url = f"{reverse('policy_whatif')}?draft={draft.pk}"
    counted = {}
    for size, more in ((10, 10), (60, 50)):
        city([call], more)
        counted[size] = (_queries(client, url), _queries(client, url))  # a new snapshot: cold, then warm
    assert counted[10] == counted[60]
    cold, warm = counted[10]
    assert warm <= cold <= 15


def test_a_warm_whatif_request_judges_no_applicant(client, call, bureau, monkeypatch):
    for n in range(5):
        project_in(call, Status.SUBMITTED, n, snapshot=snapshot_payload(valid=50 + n, **E3A_ONLY))
    draft = _draft(call, bureau, e3a_min_valid_invention_patents=52)
    client.force_login(bureau)
    url = f"{reverse('policy_whatif')}?draft={draft.pk}"
    first = client.get(url).context["comparison"]

    def refuse(*args, **kwargs):
        raise AssertionError("the applicants were judged again")

    monkeypatch.setattr(whatif, "compare", refuse)
    monkeypatch.setattr(whatif, "judge", refuse)
    again = client.get(url).context["comparison"]
    assert (len(again.lost), again.applicants) == (len(first.lost), first.applicants) == (2, 5)


def test_the_cached_change_lists_equal_a_fresh_comparison_with_the_names_of_today(call, bureau):
    for n in range(6):
        project_in(call, Status.SUBMITTED, n, snapshot=snapshot_payload(valid=48 + n, **E3A_ONLY))
    draft = _draft(call, bureau, e3a_min_valid_invention_patents=54)
    whatif.cached_compare(draft)  # fills the cache
    cached, fresh = whatif.cached_compare(draft), whatif.compare(call, draft.numbers())
    assert (list(cached.lost), list(cached.gained)) == (fresh.lost, fresh.gained)
    assert cached.lost[1:2] == fresh.lost[1:2] and len(cached.lost) == len(fresh.lost) > 1
    assert all(a.enterprise and a.district and a.changed_rules for a in cached.lost)


def test_a_new_snapshot_shows_in_the_whatif_on_the_next_request(client, call, bureau):
    project_in(call, Status.SUBMITTED, 1, snapshot=snapshot_payload(valid=50, **E3A_ONLY))
    draft = _draft(call, bureau, e3a_min_valid_invention_patents=51)
    client.force_login(bureau)
    url = f"{reverse('policy_whatif')}?draft={draft.pk}"
    assert len(client.get(url).context["comparison"].lost) == 1
    project_in(call, Status.SUBMITTED, 2, snapshot=snapshot_payload(valid=50, **E3A_ONLY))
    assert len(client.get(url).context["comparison"].lost) == 2


def test_an_edited_draft_shows_its_new_numbers_in_the_form_and_the_tables_on_the_next_request(client, call, bureau):
    """The page keeps its form and tables rendered: an edit is a new draft version, rendered afresh."""
    project_in(call, Status.SUBMITTED, 1, snapshot=snapshot_payload(valid=50, **E3A_ONLY))
    draft = _draft(call, bureau, e3a_min_valid_invention_patents=51)
    client.force_login(bureau)
    url = f"{reverse('policy_whatif')}?draft={draft.pk}"
    page = client.get(url).content.decode()
    assert 'value="51"' in page and "现行可申报、草案下不可申报（1）" in page

    policy_draft_save(
        by=bureau,
        base_call=call,
        title="草案（修订）",
        numbers=draft_defaults(call) | {"e3a_min_valid_invention_patents": 49},
        draft=draft,
    )
    page = client.get(url).content.decode()
    assert 'value="49"' in page and 'value="51"' not in page
    assert "草案（修订）" in page and "现行可申报、草案下不可申报（0）" in page


def test_a_step_that_funds_a_project_shows_in_the_whatifs_f1_on_the_next_request(client, call, bureau):
    """F1's counts come from the projects' grouped counts, renewed by every project saved (``projects.counts``)."""
    project = factories.ProjectFactory(call=call)
    actors = walk(project, MAIN_ROAD[: MAIN_ROAD.index("submit") + 1])
    draft = _draft(call, bureau, max_projects=1)
    client.force_login(bureau)
    url = f"{reverse('policy_whatif')}?draft={draft.pk}"
    assert [(r.year, r.funded) for r in client.get(url).context["comparison"].quota] == [(call.year, 0)]

    walk(project, MAIN_ROAD[MAIN_ROAD.index("submit") + 1 : MAIN_ROAD.index("approve") + 1], actors)
    quota = client.get(url).context["comparison"].quota
    assert [(r.year, r.funded, r.draft_limit, r.over_draft) for r in quota] == [(call.year, 1, 1, 0)]


def test_the_finance_home_figures_are_cached_and_a_payment_in_full_takes_the_project_off_its_list(
    client, call, django_capture_on_commit_callbacks
):
    """The finance officer's money figures and its first projects to pay come from the cache while the ledger is
    unchanged; paying a tranche in full shows on the very next request (count, list, totals)."""
    projects = [factories.ProjectFactory(call=call) for _ in range(3)]
    for project in projects:
        factories.under_way(project)
    finance = factories.FinanceFactory()
    client.force_login(finance)
    cache.clear()
    first = client.get(reverse("home")).context
    assert (first["to_pay_count"], first["funded_count"], first["paid_total"]) == (3, 3, 0)
    assert _queries(client, reverse("home")) < _queries_cold(client, reverse("home"))

    tranche = projects[0].tranches.get(kind=Tranche.Kind.FIRST)
    with django_capture_on_commit_callbacks(execute=True):
        disbursement_record(
            tranche=tranche, by=finance, amount=tranche.amount, paid_on=timezone.localdate(), voucher_number="财拨001"
        )
    after = client.get(reverse("home")).context
    assert (after["to_pay_count"], after["funded_count"], after["paid_total"]) == (2, 3, tranche.amount)
    assert projects[0].pk not in [p.pk for p in after["projects"]]
    assert sorted(p.pk for p in after["projects"]) == sorted(p.pk for p in projects[1:])


def _queries_cold(client, url):
    cache.clear()
    return _queries(client, url)


def test_the_bureau_and_district_home_lists_follow_a_transition_on_the_next_request(
    client, call, bureau, django_capture_on_commit_callbacks
):
    """The home lists' first keys are cached; a step that moves a project into (or out of) a queue shows at once."""
    project = factories.ProjectFactory(call=call)
    official = factories.DistrictOfficialFactory(district=project.district)
    cache.clear()
    client.force_login(bureau)
    assert [r.project.pk for r in client.get(reverse("home")).context["queue"]] == []
    client.force_login(official)
    assert [r.project.pk for r in client.get(reverse("home")).context["queue"]] == []

    with django_capture_on_commit_callbacks(execute=True):
        walk(project, ["submit"])
    assert [r.project.pk for r in client.get(reverse("home")).context["queue"]] == [project.pk]
    with django_capture_on_commit_callbacks(execute=True):
        walk(project, ["recommend"])
    district = client.get(reverse("home")).context
    assert ([r.project.pk for r in district["queue"]], [r.project.pk for r in district["recent"]]) == ([], [project.pk])
    client.force_login(bureau)
    assert [r.project.pk for r in client.get(reverse("home")).context["queue"]] == [project.pk]
