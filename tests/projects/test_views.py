"""The project pages: each role's home page, the list, the project page (timeline, money, actions) and the action
POST that changes state through the services."""

import datetime
import re
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_fsm_log.models import StateLog

from funding.models import Tranche
from projects.enums import Phase, Status
from tests import factories
from tests.lifecycle import MAIN_ROAD, Actors, road_to, walk

pytestmark = pytest.mark.django_db


def _login(client, user):
    client.force_login(user)
    return client


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def _detail(project):
    return reverse("projects:detail", args=[project.pk])


def _act(project, transition):
    return reverse("projects:act", args=[project.pk, transition])


def _project_in(district_name, call, **kwargs):
    return factories.ProjectFactory(
        call=call, enterprise=factories.EnterpriseFactory(district=factories.district(district_name)), **kwargs
    )


# ---- home pages --------------------------------------------------------------------------------------------------


# ---- list --------------------------------------------------------------------------------------------------------
def test_list_shows_only_projects_the_user_may_see(client, enterprise_user, project, call):
    _project_in("苏州工业园区", call)
    response = _login(client, enterprise_user).get(reverse("projects:list"))
    assert [row.project for row in response.context["rows"]] == [project]


def test_list_filters_by_call_year(client, bureau, project):
    older = factories.ProjectFactory(call=factories.AnnualCallFactory(year=2025), enterprise=project.enterprise)
    response = _login(client, bureau).get(reverse("projects:list"), {"year": 2025})
    assert [row.project for row in response.context["rows"]] == [older]


def test_list_filters_by_phase(client, bureau, project, call):
    walk(project, ["submit"])
    _project_in("苏州工业园区", call)
    response = _login(client, bureau).get(reverse("projects:list"), {"phase": Phase.FORMAL_REVIEW.value})
    assert [row.project for row in response.context["rows"]] == [project]


def test_list_filters_by_status(client, bureau, project, call):
    draft = _project_in("苏州工业园区", call)
    walk(project, ["submit"])
    response = _login(client, bureau).get(reverse("projects:list"), {"status": Status.DRAFT})
    assert [row.project for row in response.context["rows"]] == [draft]


def test_list_searches_by_uscc(client, bureau, project, call):
    _project_in("苏州工业园区", call)
    response = _login(client, bureau).get(reverse("projects:list"), {"q": project.enterprise.uscc.lower()})
    assert [row.project for row in response.context["rows"]] == [project]


def test_list_searches_by_enterprise_name(client, bureau, call):
    target = factories.ProjectFactory(call=call, enterprise=factories.EnterpriseFactory(name="苏州登峰光电有限公司"))
    _project_in("苏州工业园区", call)
    response = _login(client, bureau).get(reverse("projects:list"), {"q": "登峰光电"})
    assert [row.project for row in response.context["rows"]] == [target]


def test_list_searches_by_title_and_by_latin_letters_in_any_case(client, bureau, call):
    titled = factories.ProjectFactory(call=call, title="高价值专利培育与海外布局项目")
    latin = factories.ProjectFactory(call=call, enterprise=factories.EnterpriseFactory(name="苏州AB芯科技有限公司"))
    _project_in("苏州工业园区", call)
    client = _login(client, bureau)
    assert [r.project for r in client.get(reverse("projects:list"), {"q": "海外布局"}).context["rows"]] == [titled]
    assert [r.project for r in client.get(reverse("projects:list"), {"q": "ab芯"}).context["rows"]] == [latin]


def test_a_whole_uscc_is_matched_on_its_unique_index_not_by_scanning_names(
    client, bureau, project, django_assert_max_num_queries
):
    """Issue 10: a valid code (typed in lower case, with spaces) asks only the enterprises' code, exactly."""
    _project_in("苏州工业园区", call=project.call)
    typed = " ".join([project.enterprise.uscc[:9], project.enterprise.uscc[9:].lower()])
    _login(client, bureau)
    with django_assert_max_num_queries(12) as captured:
        response = client.get(reverse("projects:list"), {"q": typed})
    assert [row.project for row in response.context["rows"]] == [project]
    searched = [q["sql"].upper() for q in captured.captured_queries if "DIRECTORY_ENTERPRISE" in q["sql"].upper()]
    assert searched and not [sql for sql in searched if "LIKE" in sql]


def test_a_part_of_a_uscc_finds_nothing_the_code_must_be_whole(client, bureau, project):
    response = _login(client, bureau).get(reverse("projects:list"), {"q": project.enterprise.uscc[:10]})
    assert list(response.context["rows"]) == []


def test_search_never_widens_what_a_district_sees(client, call):
    mine = _project_in("苏州工业园区", call)
    other = _project_in("昆山市", call)
    for project in (mine, other):
        walk(project, ["submit"])
    official = factories.DistrictOfficialFactory(district=mine.district)
    response = _login(client, official).get(reverse("projects:list"), {"q": other.enterprise.name})
    assert list(response.context["rows"]) == []
    response = client.get(reverse("projects:list"), {"q": other.enterprise.uscc})
    assert list(response.context["rows"]) == []


def test_list_filters_by_district_for_the_bureau(client, bureau, project, call):
    kunshan = _project_in("昆山市", call)
    response = _login(client, bureau).get(reverse("projects:list"), {"district": kunshan.district_id})
    assert [row.project for row in response.context["rows"]] == [kunshan]


def test_list_offers_no_district_filter_to_a_district_official(client, district_official):
    response = _login(client, district_official).get(reverse("projects:list"))
    assert (response.context["district_options"], 'name="district"' in response.content.decode()) == (None, False)


def test_list_district_filter_never_widens_what_a_district_official_sees(client, district_official, call):
    kunshan = _project_in("昆山市", call)
    response = _login(client, district_official).get(reverse("projects:list"), {"district": kunshan.district_id})
    assert list(response.context["rows"]) == []


def test_list_is_paginated_by_twenty(client, bureau, call):
    for _ in range(21):
        factories.ProjectFactory(call=call, complete=False)
    response = _login(client, bureau).get(reverse("projects:list"), {"page": 2})
    assert (len(response.context["rows"]), response.context["page"].paginator.num_pages) == (1, 2)


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


def test_list_runs_a_bounded_number_of_queries(client, bureau, many_projects, django_assert_max_num_queries):
    _login(client, bureau)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("projects:list"))
    assert (response.context["page"].paginator.count, len(response.context["rows"])) == (55, 20)


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


# ---- project page ------------------------------------------------------------------------------------------------
def test_project_page_shows_the_timeline(client, bureau, project):
    actors = walk(project, ["submit"])
    actors.district.name = "李敏"
    actors.district.save()
    walk(project, ["return_for_correction"], actors)
    response = _login(client, bureau).get(_detail(project))
    page = response.content.decode()
    returned = StateLog.objects.for_(project).get(transition="return_for_correction")
    at = timezone.localtime(returned.timestamp)
    assert [(e.transition, e.source, e.target) for e in response.context["timeline"]] == [
        ("submit", "draft", "submitted"),
        ("return_for_correction", "submitted", "returned"),
    ]
    assert f"{at.year}年{at.month}月{at.day}日 {at:%H:%M}" in page
    assert "李敏（市、区主管部门）" in page
    assert "待形式审查 → 退回修改" in page
    assert "<strong>退回修改</strong>" in page
    assert "退回修改：测试意见" in page


def test_project_page_shows_enterprise_and_money(client, bureau, project):
    page = _login(client, bureau).get(_detail(project)).content.decode()
    assert project.enterprise.uscc in page
    assert "1,000,000.00元" in page  # F2: requested, and the cap
    assert "即2,000,000.00元，F3" in page


def test_project_page_shows_the_tranches_of_an_issued_project(client, bureau, project):
    walk(project, road_to("submit_midterm_report"))
    response = _login(client, bureau).get(_detail(project))
    assert [(t.kind, t.amount) for t in response.context["tranches"]] == [("first", Decimal("300000.00"))]
    assert "首期经费" in response.content.decode()


def test_project_page_links_the_district_to_the_formal_review_page(client, district_official, project):
    walk(project, ["submit"])
    response = _login(client, district_official).get(_detail(project))
    page_steps = {page: [s.label for s in steps] for page, steps in response.context["page_steps"].items()}
    assert page_steps == {"reviews:formal_review": ["推荐", "退回修改", "不予推荐"]}
    link = f'href="{reverse("reviews:formal_review", args=[project.pk])}">前往形式审查（推荐/退回修改/不予推荐）</a>'
    assert link in response.content.decode()


def test_project_page_offers_no_generic_form_for_the_formal_review_steps(client, district_official, project):
    walk(project, ["submit"])
    response = _login(client, district_official).get(_detail(project))
    page = response.content.decode()
    assert response.context["actions"] == []
    assert [
        name for name in ("recommend", "return_for_correction", "not_recommend") if _act(project, name) in page
    ] == []


def test_project_page_offers_the_bureau_its_screening_steps(client, bureau, project):
    walk(project, ["submit", "recommend"])
    response = _login(client, bureau).get(_detail(project))
    assert ([form.transition for form in response.context["actions"]], response.context["page_steps"]) == (
        ["pass_screening", "screen_out"],
        {},
    )


def test_project_page_marks_a_required_comment(client, bureau, project):
    walk(project, ["submit", "recommend"])
    page = _login(client, bureau).get(_detail(project)).content.decode()
    textareas = re.findall(r'<textarea name="comment"[^>]*?( required)? id="id_(\w+)_comment"', page)
    assert {transition: bool(required) for required, transition in textareas} == {
        "pass_screening": False,
        "screen_out": True,
    }
    assert "理由或意见（必填）" in page


def test_project_page_offers_an_expert_no_steps(client, project):
    expert = factories.ExpertAssignmentFactory(project=project).expert
    response = _login(client, expert).get(_detail(project))
    assert (response.status_code, response.context["actions"]) == (200, [])


def test_acceptance_is_assessed_on_its_own_page_not_with_a_typed_reward(client, project):
    """Issue 14.2: the reward follows the grade on the acceptance page (checks); the project page links there and
    the generic step form refuses ``accept`` for the bureau, nothing changed."""
    actors = walk(project, road_to("accept"))
    response = _login(client, actors.bureau).get(_detail(project))
    assert [form.transition for form in response.context["actions"]] == []
    assert reverse("checks:acceptance", args=[project.pk]) in response.content.decode()
    client.post(_act(project, "accept"), {"reward_amount": "500,000"})
    project.refresh_from_db()
    assert (project.status, Tranche.objects.filter(project=project, kind="reward").count()) == (
        Status.ACCEPTANCE_VERIFIED,
        0,
    )


def test_project_page_explains_a_step_a_rule_blocks(client, call):
    call.max_projects = 1
    call.save()
    first, second = _project_in("苏州工业园区", call), _project_in("昆山市", call)
    actors = walk(first, road_to("issue"))
    walk(second, road_to("approve"), Actors(second))
    response = _login(client, actors.bureau).get(_detail(second))
    blocked = {b.name: b.reasons for b in response.context["blocked"]}
    assert blocked == {"approve": ["本年度立项数量已达上限1个（F1），不能再批准。"]}
    assert "本年度立项数量已达上限1个（F1）" in response.content.decode()


def test_project_page_lets_the_enterprise_edit_its_draft_application(client, enterprise_user, project):
    page = _login(client, enterprise_user).get(_detail(project)).content.decode()
    assert f'href="{reverse("projects:application_start", args=[project.pk])}">填写/修改申报书<' in page
    assert reverse("projects:application_pdf", args=[project.pk]) not in page  # nothing submitted yet


def test_project_page_offers_the_submitted_application_to_the_district(client, district_official, project):
    walk(project, ["submit"])
    page = _login(client, district_official).get(_detail(project)).content.decode()
    assert ("查看申报书" in page, "填写/修改申报书" in page) == (True, False)
    assert reverse("projects:application_pdf", args=[project.pk]) in page


def test_finance_opens_a_funded_project(client, project):
    walk(project, road_to("issue"))
    assert _login(client, factories.FinanceFactory()).get(_detail(project)).status_code == 200


def test_enterprise_user_opening_another_enterprises_project_gets_404(client, call, enterprise_user):
    other = _project_in("苏州工业园区", call)
    response = _login(client, enterprise_user).get(_detail(other))
    assert (response.status_code, other.enterprise.name in response.content.decode()) == (404, False)


def test_district_official_opening_another_districts_project_gets_404(client, call, district_official):
    kunshan = _project_in("昆山市", call)
    walk(kunshan, ["submit"])
    response = _login(client, district_official).get(_detail(kunshan))
    assert (response.status_code, kunshan.enterprise.name in response.content.decode()) == (404, False)


def test_district_official_opening_a_draft_of_its_district_gets_404(client, district_official, project):
    response = _login(client, district_official).get(_detail(project))
    assert (response.status_code, project.enterprise.name in response.content.decode()) == (404, False)


# ---- actions -----------------------------------------------------------------------------------------------------
def test_bureau_passes_a_recommended_application_through_screening(client, bureau, project):
    walk(project, ["submit", "recommend"])
    response = _login(client, bureau).post(_act(project, "pass_screening"), {"comment": ""})
    project.refresh_from_db()
    assert (response.status_code, response.headers["Location"]) == (302, _detail(project))
    assert project.status == Status.IN_REVIEW
    assert _messages(response) == ["已完成“初选通过，进入专家评审”。项目当前状态：专家评审中。"]


def test_enterprise_user_submits_its_draft(client, enterprise_user, project):
    response = _login(client, enterprise_user).post(_act(project, "submit"), {"comment": ""})
    project.refresh_from_db()
    assert (project.status, _messages(response)) == (Status.SUBMITTED, ["已完成“提交申报”。项目当前状态：待形式审查。"])


def test_the_comment_goes_into_the_timeline(client, bureau, project):
    walk(project, ["submit", "recommend"])
    _login(client, bureau).post(_act(project, "screen_out"), {"comment": "知识产权基础薄弱。"})
    log = StateLog.objects.for_(project).get(transition="screen_out")
    assert (log.by, log.description) == (bureau, "知识产权基础薄弱。")


def test_a_step_that_needs_a_reason_is_refused_without_one(client, bureau, project):
    walk(project, ["submit", "recommend"])
    response = _login(client, bureau).post(_act(project, "screen_out"), {"comment": "  "})
    project.refresh_from_db()
    assert (project.status, _messages(response)) == (Status.RECOMMENDED, ["“初选不通过”必须填写理由或意见。"])


@pytest.mark.parametrize(
    ("transition", "label"),
    [("recommend", "推荐"), ("return_for_correction", "退回修改"), ("not_recommend", "不予推荐")],
)
def test_a_formal_review_decision_on_the_generic_form_is_refused(client, district_official, project, transition, label):
    walk(project, ["submit"])
    response = _login(client, district_official).post(_act(project, transition), {"comment": "材料齐全。"})
    project.refresh_from_db()
    assert (response.status_code, response.headers["Location"]) == (302, _detail(project))
    assert _messages(response) == [f"“{label}”请在形式审查页面逐项填写审查要点后办理。"]


@pytest.mark.parametrize("transition", ["recommend", "return_for_correction", "not_recommend"])
def test_a_formal_review_decision_on_the_generic_form_changes_nothing(client, district_official, project, transition):
    walk(project, ["submit"])
    _login(client, district_official).post(_act(project, transition), {"comment": "材料齐全。"})
    project.refresh_from_db()
    assert (project.status, StateLog.objects.for_(project).count(), project.formal_reviews.count()) == (
        Status.SUBMITTED,
        1,
        0,
    )


def test_enterprise_user_cannot_screen_its_own_application(client, enterprise_user, project):
    walk(project, ["submit", "recommend"])
    response = _login(client, enterprise_user).post(_act(project, "pass_screening"))
    project.refresh_from_db()
    assert (project.status, _messages(response)) == (Status.RECOMMENDED, ["您无权执行“初选通过，进入专家评审”。"])


def test_a_step_in_the_wrong_state_is_refused_in_chinese(client, bureau, project):
    walk(project, ["submit"])
    response = _login(client, bureau).post(_act(project, "pass_screening"))
    project.refresh_from_db()
    assert project.status == Status.SUBMITTED
    assert _messages(response) == [
        "项目当前状态为“待形式审查”，不能执行“初选通过，进入专家评审”。页面可能已过期，请刷新后查看最新状态。"
    ]


def test_a_stale_double_post_changes_once_and_says_why(client, bureau, project):
    walk(project, ["submit", "recommend"])
    _login(client, bureau)
    first = client.post(_act(project, "pass_screening"), follow=True)  # the redirect shows (and uses up) the message
    second = client.post(_act(project, "pass_screening"))
    assert StateLog.objects.for_(project).filter(transition="pass_screening").count() == 1
    assert "已完成“初选通过，进入专家评审”。项目当前状态：专家评审中。" in first.content.decode()
    assert _messages(second) == [
        "项目当前状态为“专家评审中”，不能执行“初选通过，进入专家评审”。页面可能已过期，请刷新后查看最新状态。"
    ]


def test_the_error_is_shown_on_the_project_page(client, bureau, project):
    walk(project, ["submit"])
    response = _login(client, bureau).post(_act(project, "pass_screening"), follow=True)
    page = response.content.decode()
    assert (response.status_code, response.redirect_chain) == (200, [(_detail(project), 302)])
    assert ("alert-danger" in page, "不能执行“初选通过，进入专家评审”" in page) == (True, True)


def test_accept_without_reward_amount_asks_for_it(client, project):
    actors = walk(project, road_to("accept"))
    response = _login(client, actors.bureau).post(_act(project, "accept"), {"reward_amount": ""})
    project.refresh_from_db()
    assert (project.status, _messages(response)) == (Status.ACCEPTANCE_VERIFIED, ["请填写验收奖励金额（元）。"])


def test_an_unknown_step_is_refused(client, bureau, project):
    response = _login(client, bureau).post(_act(project, "teleport"))
    project.refresh_from_db()
    assert (project.status, _messages(response)) == (Status.DRAFT, ["未知的操作。"])


def test_act_answers_get_with_405_and_changes_nothing(client, bureau, project):
    walk(project, ["submit", "recommend"])
    response = _login(client, bureau).get(_act(project, "pass_screening"))
    project.refresh_from_db()
    assert (response.status_code, project.status) == (405, Status.RECOMMENDED)


def test_act_without_csrf_token_is_refused(bureau, project):
    from django.test import Client

    walk(project, ["submit", "recommend"])
    client = Client(enforce_csrf_checks=True)
    client.force_login(bureau)
    response = client.post(_act(project, "pass_screening"))
    project.refresh_from_db()
    assert (response.status_code, project.status) == (403, Status.RECOMMENDED)


def test_enterprise_user_acting_on_another_enterprises_project_gets_404(client, call, enterprise_user):
    other = _project_in("苏州工业园区", call)
    response = _login(client, enterprise_user).post(_act(other, "submit"))
    other.refresh_from_db()
    assert (response.status_code, other.status) == (404, Status.DRAFT)


def test_district_official_acting_on_another_districts_project_gets_404(client, call, district_official):
    kunshan = _project_in("昆山市", call)
    walk(kunshan, road_to("verify_midterm_report"))
    response = _login(client, district_official).post(_act(kunshan, "verify_midterm_report"))
    kunshan.refresh_from_db()
    assert (response.status_code, kunshan.status) == (404, Status.MIDTERM_REPORTED)


def test_district_official_acting_on_a_draft_of_its_district_gets_404(client, district_official, project):
    response = _login(client, district_official).post(_act(project, "submit"))
    project.refresh_from_db()
    assert (response.status_code, project.status) == (404, Status.DRAFT)


def test_project_page_tells_the_enterprise_why_it_cannot_submit(client, call):
    call.application_closes_on = timezone.localdate() - datetime.timedelta(days=1)
    call.application_opens_on = call.application_closes_on - datetime.timedelta(days=30)
    call.save()
    project = factories.ProjectFactory(call=call)
    user = factories.EnterpriseUserFactory(enterprise=project.enterprise)
    response = _login(client, user).get(_detail(project))
    blocked = {b.name: b.reasons for b in response.context["blocked"]}
    assert (list(blocked), len(blocked["submit"])) == (["submit"], 1)
    assert blocked["submit"][0].endswith("当前不在申报期内。")
    assert "“提交申报”暂不能办理" in response.content.decode()


def test_draft_project_page_shows_the_engines_reading_of_the_draft(client, enterprise_user, project):
    page = _login(client, enterprise_user).get(_detail(project)).content.decode()
    assert '符合申报条件 <span class="small text-secondary">（尚未提交，按当前填写测算）</span>' in page


def test_the_bureaus_project_page_of_a_funded_project_runs_a_bounded_number_of_queries(
    client, bureau, project, django_assert_max_num_queries
):
    """Issue 10: the header's unread count once, the project with its page's one-to-one rows (application,
    notice entry, decision) in one query, each room's panel its rows once: within the issue's 15."""
    walk(project, MAIN_ROAD[: MAIN_ROAD.index("confirm_task_letter") + 1])
    client = _login(client, bureau)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("projects:detail", args=[project.pk]))
    assert response.status_code == 200


def test_the_enterprises_own_project_page_runs_a_bounded_number_of_queries(
    client, enterprise_user, project, django_assert_max_num_queries
):
    """Issue 10: the draft's submit checks (S1, F2, F3, F5, E1–E3/T) and the engine's live reading share one read
    of each kind of the application's rows; the header's enterprise is the project's own."""
    client = _login(client, enterprise_user)
    client.get(reverse("projects:detail", args=[project.pk]))  # the session
    with django_assert_max_num_queries(15):
        response = client.get(reverse("projects:detail", args=[project.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize(("matching", "shown"), [(2, "共 2 个项目"), (3, "共 2余 个项目")])
def test_a_search_counts_up_to_its_cap_and_says_more_beyond_it(client, bureau, call, monkeypatch, matching, shown):
    """Issue 10: 「科技」 matches most of the city; the search's count stops at the cap (1,000; 2 here)."""
    from common.pagination import SearchPaginator

    monkeypatch.setattr(SearchPaginator, "cap", 2)
    for n in range(matching):
        factories.ProjectFactory(call=call, enterprise=factories.EnterpriseFactory(name=f"苏州登峰{n}号科技有限公司"))
    response = _login(client, bureau).get(reverse("projects:list"), {"q": "登峰"})
    assert shown in response.content.decode()
    assert len(response.context["rows"]) == 2
    unsearched = client.get(reverse("projects:list"))
    assert f"共 {matching} 个项目" in unsearched.content.decode()  # the whole list is counted exactly


def test_the_list_keys_are_cached_and_follow_a_new_project_and_a_renamed_enterprise(
    client, bureau, call, django_capture_on_commit_callbacks
):
    """Issue 10: the list's count and page keys come from the cache (PROJECT_LISTS) under the list's own SQL;
    a new project and an enterprise renamed (searched by name) show on the very next request."""
    from django.core.cache import cache

    first = factories.ProjectFactory(call=call)
    cache.clear()
    _login(client, bureau)

    def listed(**params):
        return [row.project.pk for row in client.get(reverse("projects:list"), params).context["rows"]]

    assert listed() == [first.pk]
    with django_capture_on_commit_callbacks(execute=True):
        second = factories.ProjectFactory(call=call)
    assert listed() == [second.pk, first.pk]
    assert listed(q="澜沧新名") == []
    with django_capture_on_commit_callbacks(execute=True):
        first.enterprise.name = "苏州澜沧新名科技有限公司"
        first.enterprise.save()
    assert listed(q="澜沧新名") == [first.pk]


def test_list_rows_read_nothing_more_per_row(client, bureau, many_projects):
    """The rows read only what the table shows (``as_list_rows``); a field the table reads but the rows did not
    load would cost a query per row: the page runs as many queries for 20 rows as for one."""
    from django.core.cache import cache

    _login(client, bureau)
    seen = []
    for asked in ({}, {"q": many_projects[0].enterprise.uscc}):
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("projects:list"), asked)
        seen.append((len(response.context["rows"]), len(captured)))
    assert [rows for rows, _ in seen] == [20, 1]
    assert seen[0][1] == seen[1][1]
