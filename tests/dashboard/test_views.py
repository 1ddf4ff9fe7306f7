"""Each role's home page."""

from decimal import Decimal

import pytest
from django.urls import reverse

from projects.enums import Phase, Status
from tests import factories
from tests.lifecycle import MAIN_ROAD, road_to, walk

pytestmark = pytest.mark.django_db


def _login(client, user):
    client.force_login(user)
    return client


def _project_in(district_name, call, **kwargs):
    return factories.ProjectFactory(
        call=call, enterprise=factories.EnterpriseFactory(district=factories.district(district_name)), **kwargs
    )


@pytest.fixture
def many_projects(call):
    """55 applications over several districts, a few of them along the lifecycle."""
    names = ["苏州工业园区", "昆山市", "吴中区", "张家港市", "常熟市"]
    projects = [
        factories.ProjectFactory(
            call=call, enterprise=factories.EnterpriseFactory(district=factories.district(names[i % 5])), complete=False
        )
        for i in range(50)
    ]
    walked = [_project_in(names[i], call) for i in range(5)]
    for i, project in enumerate(walked):
        walk(project, MAIN_ROAD[: i * 2 + 1])
    return projects + walked


@pytest.fixture
def many_district_projects(call):
    """苏州工业园区: 15 submitted applications in the queue and 6 further along, besides 10 drafts it does not see;
    5 submitted applications of 昆山市."""
    park, kunshan = factories.district("苏州工业园区"), factories.district("昆山市")
    for _ in range(10):
        factories.ProjectFactory(call=call, enterprise=factories.EnterpriseFactory(district=park), complete=False)
    for i in range(21):
        project = _project_in(park.name, call)
        walk(project, ["submit"] if i < 15 else MAIN_ROAD[: 2 + (i - 15) // 2])  # recommended / screened / reviewed
    for _ in range(5):
        walk(_project_in(kunshan.name, call), ["submit"])
    return park


def test_enterprise_home_shows_its_enterprise_card(client, enterprise_user, project):
    response = _login(client, enterprise_user).get(reverse("home"))
    page = response.content.decode()
    assert (response.status_code, response.context["enterprise"]) == (200, project.enterprise)
    assert project.enterprise.uscc in page
    assert "苏州工业园区" in page


def test_enterprise_home_shows_p_and_x_flags(client, call):
    enterprise = factories.EnterpriseFactory(
        is_national_ip_advantage=True, is_little_giant=True, flags_evidence="工信部第四批专精特新“小巨人”企业名单"
    )
    user = factories.EnterpriseUserFactory(enterprise=enterprise)
    page = _login(client, user).get(reverse("home")).content.decode()
    assert ("国家知识产权优势企业" in page, "专精特新“小巨人”企业" in page) == (True, True)


def test_enterprise_home_lists_only_its_own_projects(client, enterprise_user, project, call):
    other = _project_in("苏州工业园区", call)
    response = _login(client, enterprise_user).get(reverse("home"))
    assert [row.project for row in response.context["rows"]] == [project]
    assert other.enterprise.name not in response.content.decode()


def test_enterprise_home_shows_the_next_step_of_a_draft(client, enterprise_user, project):
    response = _login(client, enterprise_user).get(reverse("home"))
    assert [step.label for step in response.context["rows"][0].next_steps] == ["提交申报"]


def test_enterprise_home_offers_to_start_an_application_in_an_open_call(client, call):
    user = factories.EnterpriseUserFactory()
    page = _login(client, user).get(reverse("home")).content.decode()
    assert f'action="{reverse("projects:application_new", args=[call.year])}"' in page


def test_enterprise_home_links_to_the_application_it_started(client, enterprise_user, project, call):
    response = _login(client, enterprise_user).get(reverse("home"))
    page = response.content.decode()
    assert response.context["open_calls"] == [(call, project)]
    assert (reverse("projects:application_new", args=[call.year]) in page, "查看本年度申报书" in page) == (False, True)


def test_district_home_queue_holds_its_submitted_applications(client, district_official, project, call):
    walk(project, ["submit"])
    kunshan = _project_in("昆山市", call)
    walk(kunshan, ["submit"])
    response = _login(client, district_official).get(reverse("home"))
    assert [row.project for row in response.context["queue"]] == [project]
    assert kunshan.enterprise.name not in response.content.decode()


def test_district_home_counts_its_projects_per_phase(client, district_official, project, call):
    walk(project, ["submit"])
    walk(_project_in("苏州工业园区", call), ["submit", "recommend"])
    walk(_project_in("昆山市", call), ["submit"])  # another district: not counted
    response = _login(client, district_official).get(reverse("home"))
    counts = dict(response.context["phases"])
    assert (counts[Phase.FORMAL_REVIEW], counts[Phase.SCREENING], response.context["total"]) == (1, 1, 2)


def test_district_home_neither_counts_nor_lists_drafts(client, district_official, project):
    response = _login(client, district_official).get(reverse("home"))
    counts = dict(response.context["phases"])
    assert (counts[Phase.APPLY], response.context["total"], response.context["recent"]) == (0, 0, [])
    assert project.enterprise.name not in response.content.decode()


def test_bureau_home_counts_every_one_of_the_ten_phases(client, bureau, project):
    walk(project, ["submit", "recommend"])
    response = _login(client, bureau).get(reverse("home"))
    assert [(phase, n) for phase, n in response.context["phases"]] == [(p, int(p == Phase.SCREENING)) for p in Phase]


def test_bureau_home_counts_per_district(client, bureau, project, call):
    _project_in("昆山市", call)
    _project_in("昆山市", call)
    response = _login(client, bureau).get(reverse("home"))
    totals = {row.district.name: row.total for row in response.context["districts"]}
    assert (totals["苏州工业园区"], totals["昆山市"], totals["张家港市"]) == (1, 2, 0)


def test_bureau_home_queue_holds_what_waits_for_the_bureau(client, bureau, project, call):
    walk(project, ["submit", "recommend"])
    walk(_project_in("昆山市", call), ["submit"])  # waits for its district, not for the bureau
    response = _login(client, bureau).get(reverse("home"))
    assert ([row.project for row in response.context["queue"]], response.context["queue_counts"]) == (
        [project],
        [(Status.RECOMMENDED, 1)],
    )


def test_bureau_home_shows_call_progress_against_f1_and_g1(client, bureau, project):
    walk(project, road_to("issue"))  # approved: counts against the quota
    response = _login(client, bureau).get(reverse("home"))
    progress = response.context["calls"][0]
    assert (progress.call, progress.approved, progress.cumulative, progress.call.programme_target) == (
        project.call,
        1,
        1,
        60,
    )
    assert f"1 / {project.call.max_projects} 个" in response.content.decode()


def test_expert_home_lists_only_assignments_without_conflict(client, call):
    expert = factories.ExpertFactory()
    assigned = factories.ExpertAssignmentFactory(expert=expert, project__call=call).project
    conflicted = factories.ExpertAssignmentFactory(
        expert=expert, project__call=call, conflict_of_interest=True, conflict_reason="近三年曾为该企业提供咨询"
    ).project
    unassigned = factories.ProjectFactory(call=call)
    response = _login(client, expert).get(reverse("home"))
    page = response.content.decode()
    assert [row.project for row in response.context["rows"]] == [assigned]
    assert (conflicted.enterprise.name in page, unassigned.enterprise.name in page) == (False, False)


def test_finance_home_lists_funded_projects_with_their_tranches(client, project, call):
    walk(project, road_to("submit_midterm_report"))  # issued: first tranche decided
    draft = _project_in("昆山市", call)
    response = _login(client, factories.FinanceFactory()).get(reverse("home"))
    page = response.content.decode()
    assert [p.pk for p in response.context["projects"]] == [project.pk]
    assert response.context["decided_total"] == Decimal("300000.00")
    assert ("300,000.00元" in page, draft.enterprise.name in page) == (True, False)


def test_home_shows_the_users_name_and_role_in_the_navbar(client, district_official):
    page = _login(client, district_official).get(reverse("home")).content.decode()
    assert f'data-testid="user-name">{district_official.name}<' in page
    assert "市、区主管部门 · 苏州工业园区" in page


def test_logout_is_a_post_form_in_the_navbar(client, bureau):
    page = _login(client, bureau).get(reverse("home")).content.decode()
    assert f'<form method="post" action="{reverse("logout")}"' in page


def test_bureau_home_runs_a_bounded_number_of_queries(client, bureau, many_projects, django_assert_max_num_queries):
    _login(client, bureau)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("home"))
    assert response.context["total"] == 55


def test_district_home_runs_a_bounded_number_of_queries(client, many_district_projects, django_assert_max_num_queries):
    _login(client, factories.DistrictOfficialFactory(district=many_district_projects))
    with django_assert_max_num_queries(10):
        response = client.get(reverse("home"))
    assert (response.context["total"], len(response.context["queue"]), len(response.context["recent"])) == (21, 15, 6)


def test_finance_home_runs_a_bounded_number_of_queries(client, many_projects, django_assert_max_num_queries):
    _login(client, factories.FinanceFactory())
    with django_assert_max_num_queries(10):
        response = client.get(reverse("home"))
    assert response.context["funded_count"] == 2  # approved, and its task letter signed (no tranche yet)


def test_district_home_lists_the_first_twenty_waiting_and_links_to_the_whole_queue(client, call):
    """Issue 10: a home page never renders the whole queue; it shows its count and the way to the full list."""
    from dashboard.views import HOME_LIST_LIMIT

    park = factories.district("苏州工业园区")
    for _ in range(HOME_LIST_LIMIT + 1):
        walk(_project_in(park.name, call), ["submit"])
    _login(client, factories.DistrictOfficialFactory(district=park))

    response = client.get(reverse("home"))

    page = response.content.decode()
    assert (len(response.context["queue"]), response.context["queue_total"]) == (HOME_LIST_LIMIT, HOME_LIST_LIMIT + 1)
    assert f"查看全部{HOME_LIST_LIMIT + 1}个" in page
    listed = client.get(response.context["queue_url"])
    assert listed.status_code == 200 and listed.context["page"].paginator.count == HOME_LIST_LIMIT + 1


def test_district_home_with_exactly_twenty_waiting_shows_them_all_and_no_link(client, call):
    from dashboard.views import HOME_LIST_LIMIT

    park = factories.district("苏州工业园区")
    for _ in range(HOME_LIST_LIMIT):
        walk(_project_in(park.name, call), ["submit"])
    _login(client, factories.DistrictOfficialFactory(district=park))

    response = client.get(reverse("home"))

    assert len(response.context["queue"]) == HOME_LIST_LIMIT and not response.context["queue_more"]
    assert "district-queue-all" not in response.content.decode()


def _queries_of(client, url) -> int:
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return len(captured)


def test_bureau_home_reads_nothing_more_per_queued_row(client, bureau, call):
    """The queue's rows read only what the table shows (``as_list_rows``): one row or four, the same queries."""
    _login(client, bureau)
    walk(_project_in("昆山市", call), MAIN_ROAD[:2])
    one = _queries_of(client, reverse("home"))
    for name in ("吴中区", "常熟市", "张家港市"):
        walk(_project_in(name, call), MAIN_ROAD[:2])
    assert (_queries_of(client, reverse("home")), len(client.get(reverse("home")).context["queue"])) == (one, 4)


def test_enterprise_home_reads_nothing_more_per_project(client, call):
    enterprise = factories.EnterpriseFactory()
    user = factories.EnterpriseUserFactory(enterprise=enterprise)
    factories.ProjectFactory(call=call, enterprise=enterprise)
    _login(client, user)
    one = _queries_of(client, reverse("home"))
    for year in (2019, 2020):
        factories.ProjectFactory(call=factories.AnnualCallFactory(year=year), enterprise=enterprise)
    assert (_queries_of(client, reverse("home")), len(client.get(reverse("home")).context["rows"])) == (one, 3)
