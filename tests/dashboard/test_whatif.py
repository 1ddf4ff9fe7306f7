"""政策模拟 (issue 14.5): a draft's numbers (E3a/E3b/T3, F1–F4) against a call's, over the submitted snapshots, by
the eligibility engine itself; who changes side; bad drafts refused in Chinese with nothing saved; bounded queries."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dashboard.models import PolicyDraft
from dashboard.services import draft_defaults, policy_draft_save
from dashboard.whatif import compare
from projects import eligibility
from projects.enums import Status
from projects.models import Snapshot
from projects.submission import figures_from_snapshot, figures_of, snapshot_data
from tests import factories
from tests.factories.dashboard import city, project_in, snapshot_payload

pytestmark = pytest.mark.django_db


def rule(comparison, key):
    return next(r for r in comparison.rules if r.key == key)


def applicant(call, n, **figures):
    return project_in(call, Status.SUBMITTED, n, snapshot=snapshot_payload(**figures))


def changed(call, **numbers):
    return compare(call, draft_defaults(call) | numbers)


# ---- the snapshot read back --------------------------------------------------------------------------------------
def test_figures_read_back_from_a_snapshot_equal_the_figures_of_the_application(call):
    project = factories.ProjectFactory(call=call)
    assert figures_from_snapshot(snapshot_data(project)) == figures_of(project)


def test_figures_read_back_keep_the_talent_track_certification_and_flags(call):
    from projects.models import Application

    enterprise = factories.EnterpriseFactory(is_talent_enterprise=True, is_little_giant=True, flags_evidence="名单")
    project = factories.ProjectFactory(call=call, enterprise=enterprise)
    Application.objects.filter(project=project).update(
        certification_body="中知（北京）认证有限公司", certification_number="165IP", certification_date="2021-03-01"
    )
    project = type(project).objects.get(pk=project.pk)  # the application as updated
    figures = figures_from_snapshot(snapshot_data(project))
    assert figures == figures_of(project)
    assert (figures.is_talent_enterprise, figures.has_third_party_certification, figures.relaxation_flags != ()) == (
        True,
        True,
        True,
    )


# ---- the comparison ----------------------------------------------------------------------------------------------
def test_a_draft_equal_to_the_call_changes_nobody(call):
    city([call], 12)
    comparison = changed(call)
    assert [(r.current, r.considered) for r in comparison.rules] == [(r.draft, r.considered) for r in comparison.rules]
    assert (comparison.lost, comparison.gained, comparison.applicants) == ([], [], 11)  # 12 less the draft


def test_current_counts_are_the_engines_verdicts_on_the_live_applications(call):
    """The what-if's "current" side equals the engine run on each application's rows (not on the snapshot)."""
    projects = [factories.ProjectFactory(call=call) for _ in range(3)]
    for p in projects:
        Snapshot.objects.create(project=p, version=1, data=snapshot_data(p), created_by=factories.BureauFactory())
    comparison = changed(call)
    expected = [eligibility.assess(figures_of(p), call).verdict != eligibility.Verdict.INELIGIBLE for p in projects]
    assert rule(comparison, "eligible").current == sum(expected) == 3
    assert rule(comparison, "e3a").current == sum(eligibility.check_e3a(figures_of(p), call).passed for p in projects)


def test_e3a_threshold_at_the_applicants_figure_keeps_it_and_one_above_loses_it(call):
    """E3a boundary: 50 valid and 5 applications abroad pass at ≥ 50, fail at ≥ 51 (no E3b: no grants abroad)."""
    project = applicant(call, 1, valid=50, foreign_applications=5, foreign_grants=0)
    same = changed(call, e3a_min_valid_invention_patents=50)
    above = changed(call, e3a_min_valid_invention_patents=51)
    assert (rule(same, "e3a").draft, same.lost) == (1, [])
    assert (rule(above, "e3a").current, rule(above, "e3a").draft, rule(above, "eligible").draft) == (1, 0, 0)
    assert [a.project_id for a in above.lost] == [project.pk]
    assert above.lost[0].changed_rules == [
        "申报条件（三）方式一：有效发明专利及国（境）外发明专利申请",
        "符合申报条件（含需研判的可放宽企业）",
    ]


def test_e3b_lowered_brings_in_an_applicant_that_misses_today(call):
    """E3b: 15 valid and 2 grants abroad miss ≥ 20 today and pass under a draft of ≥ 15 (and not of ≥ 16)."""
    project = applicant(call, 1, valid=15, foreign_applications=0, foreign_grants=2)
    assert [a.project_id for a in changed(call, e3b_min_valid_invention_patents=15).gained] == [project.pk]
    assert changed(call, e3b_min_valid_invention_patents=16).gained == []


def test_t3_counts_only_talent_enterprises_and_follows_its_draft_numbers(call):
    """T3 (方式二): 10 valid and 1 grant abroad; a talent enterprise of 2010 with a certification (T1, T2)."""
    talent = applicant(call, 1, valid=10, foreign_applications=0, foreign_grants=1, talent=True, certified=True)
    applicant(call, 2)  # not on the talent track: not counted for T3
    comparison = changed(call, t3b_min_valid_invention_patents=11)
    t3 = rule(comparison, "t3")
    assert (t3.considered, t3.current, t3.draft) == (1, 1, 0)
    assert [a.project_id for a in comparison.lost] == [talent.pk]


def test_f3_at_exactly_the_percentage_passes_and_above_fails(call):
    """F3: own investment 2,000,000.00 for 1,000,000.00 passes at 200%, fails at 200.01%."""
    applicant(call, 1, government="1000000.00", own="2000000.00")
    assert rule(changed(call, min_own_investment_percent=Decimal("200.00")), "f3").draft == 1
    above = changed(call, min_own_investment_percent=Decimal("200.01"))
    assert (rule(above, "f3").draft, rule(above, "passes").draft, len(above.lost)) == (0, 0, 1)


def test_f2_at_exactly_the_cap_passes_and_one_cent_below_fails(call):
    applicant(call, 1, government="800000.00", own="1600000.00")
    assert rule(changed(call, max_government_funding=Decimal("800000.00")), "f2").draft == 1
    assert rule(changed(call, max_government_funding=Decimal("799999.99")), "f2").draft == 0


def test_f1_per_year_counts_the_funded_projects_over_the_draft_limit(call):
    earlier = factories.AnnualCallFactory(year=call.year - 1)
    for n in range(3):
        project_in(earlier, Status.UNDER_WAY, n)
    project_in(call, Status.APPROVED, 5)
    quota = {
        r.year: (r.funded, r.current_limit, r.draft_limit, r.over_draft) for r in changed(call, max_projects=2).quota
    }
    assert quota == {earlier.year: (3, 10, 2, 1), call.year: (1, 10, 2, 0)}


def test_only_the_last_snapshot_of_an_application_and_no_later_year_counts(call):
    project = applicant(call, 1, valid=50, foreign_applications=5, foreign_grants=0)
    newer = snapshot_payload(valid=70, foreign_applications=5, foreign_grants=0)
    Snapshot.objects.create(project=project, version=2, data=newer, created_by=factories.BureauFactory())
    later = factories.AnnualCallFactory(year=call.year + 1)
    applicant(later, 2)
    comparison = changed(call, e3a_min_valid_invention_patents=60)
    assert (comparison.applicants, comparison.lost, comparison.years) == (1, [], [call.year])


def test_the_comparison_makes_the_same_number_of_queries_for_10_and_for_60_applicants(call):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            changed(call, e3a_min_valid_invention_patents=70)
        return len(captured)

    city([call], 10)
    with_10 = queries()
    city([call], 50)
    assert queries() == with_10 <= 3


# ---- the page ----------------------------------------------------------------------------------------------------
def form_data(call, **changes):
    numbers = {k: (f"{v:f}" if isinstance(v, Decimal) else v) for k, v in draft_defaults(call).items()}
    return {"title": "2031年度指南（草案）", "base_call": call.pk, "note": "", **numbers, **changes}


def test_the_bureau_saves_a_draft_and_sees_who_changes_side(client, call, bureau):
    project = applicant(call, 1, valid=50, foreign_applications=5, foreign_grants=0)
    client.force_login(bureau)
    response = client.post(
        reverse("policy_whatif"),
        form_data(call, e3a_min_valid_invention_patents="55", max_government_funding="1,000,000"),
    )
    draft = PolicyDraft.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{reverse('policy_whatif')}?draft={draft.pk}"
    assert (draft.e3a_min_valid_invention_patents, draft.max_government_funding, draft.created_by) == (
        55,
        Decimal("1000000.00"),
        bureau,
    )
    page = client.get(response["Location"]).content.decode()
    assert "现行可申报、草案下不可申报（1）" in page and project.enterprise.name in page


def test_saving_an_existing_draft_changes_it_rather_than_adding_one(client, call, bureau):
    draft = policy_draft_save(by=bureau, base_call=call, title="草案一", numbers=draft_defaults(call))
    client.force_login(bureau)
    client.post(
        reverse("policy_whatif"), form_data(call, title="草案一（修改）", max_projects="8") | {"draft": draft.pk}
    )
    draft.refresh_from_db()
    assert (PolicyDraft.objects.count(), draft.title, draft.max_projects) == (1, "草案一（修改）", 8)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("e3a_min_valid_invention_patents", "五十", "“E3a 有效发明专利（件）≥”必须是整数。"),
        ("e3b_min_foreign_grants", "-1", "“E3b 国（境）外授权发明专利（件）≥”不能为负数。"),
        ("t3a_min_foreign_applications", "", "请填写“T3 国（境）外发明专利申请（件）≥（方式一）”。"),
        ("max_projects", "0", "“年度立项上限（个）”不能小于1。"),
        ("max_government_funding", "一百万", "“单个项目市级资金上限（元）”必须是数字（单位：元）。"),
        ("max_government_funding", "0", "单个项目市级资金上限（F2）必须大于0元。"),
        ("first_tranche_amount", "1000000.01", "首期拨付金额（F4）不能超过单个项目市级资金上限（F2）。"),
        ("max_reward_amount", "1000000.01", "验收奖励上限（F4）不能超过单个项目市级资金上限（F2）。"),
        ("min_own_investment_percent", "-5", "“自筹投入不低于市级资金的（%）”不能为负数。"),
        ("min_own_investment_percent", "1000.01", "“自筹投入不低于市级资金的（%）”不能超过1000%。"),
        ("min_own_investment_percent", "abc", "“自筹投入不低于市级资金的（%）”必须是数字（单位：%）。"),
    ],
)
def test_a_bad_number_is_refused_in_chinese_and_nothing_is_saved(client, call, bureau, field, value, message):
    client.force_login(bureau)
    response = client.post(reverse("policy_whatif"), form_data(call, **{field: value}))
    assert (response.status_code, PolicyDraft.objects.count()) == (400, 0)
    assert message in response.content.decode()
    assert "草案未保存，请按提示修改。" in response.content.decode()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("e3b_min_foreign_grants", "0"),
        ("max_projects", "1"),
        ("first_tranche_amount", "1000000.00"),
        ("max_reward_amount", "1000000"),
        ("min_own_investment_percent", "1000"),
        ("min_own_investment_percent", "0"),
    ],
)
def test_a_number_at_its_limit_is_accepted(client, call, bureau, field, value):
    client.force_login(bureau)
    assert client.post(reverse("policy_whatif"), form_data(call, **{field: value})).status_code == 302
    assert PolicyDraft.objects.count() == 1


def test_an_edit_refused_leaves_the_saved_draft_as_it_was(client, call, bureau):
    draft = policy_draft_save(by=bureau, base_call=call, title="草案一", numbers=draft_defaults(call))
    client.force_login(bureau)
    data = form_data(call, title="改了", first_tranche_amount="2000000") | {"draft": draft.pk}
    assert client.post(reverse("policy_whatif"), data).status_code == 400
    draft.refresh_from_db()
    assert (draft.title, draft.first_tranche_amount) == ("草案一", Decimal("300000.00"))


def test_only_the_bureau_may_save_a_draft(call):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        policy_draft_save(by=factories.FinanceFactory(), base_call=call, title="越权", numbers=draft_defaults(call))
    assert PolicyDraft.objects.count() == 0


def test_a_draft_that_does_not_exist_is_404(client, bureau):
    client.force_login(bureau)
    assert client.get(reverse("policy_whatif"), {"draft": 999}).status_code == 404


def test_the_page_without_a_draft_offers_a_form_from_the_latest_calls_numbers(client, call, bureau):
    client.force_login(bureau)
    response = client.get(reverse("policy_whatif"))
    form = response.context["form"]
    assert (response.status_code, response.context["comparison"]) == (200, None)
    assert (form.initial["base_call"], form.initial["e3a_min_valid_invention_patents"]) == (call.pk, 50)


def test_the_change_list_is_paged(client, call, bureau):
    for n in range(25):
        applicant(call, n, valid=50, foreign_applications=5, foreign_grants=0)
    numbers = draft_defaults(call) | {"e3a_min_valid_invention_patents": 51}
    draft = policy_draft_save(by=bureau, base_call=call, title="从严", numbers=numbers)
    client.force_login(bureau)
    first = client.get(reverse("policy_whatif"), {"draft": draft.pk})
    second = client.get(reverse("policy_whatif"), {"draft": draft.pk, "page": 2})
    assert (len(first.context["page"].object_list), len(second.context["page"].object_list)) == (20, 5)
    gained = client.get(reverse("policy_whatif"), {"draft": draft.pk, "side": "gained"})
    assert gained.context["page"].paginator.count == 0


def test_the_page_makes_the_same_number_of_queries_for_10_and_for_60_applicants(client, call, bureau):
    numbers = draft_defaults(call) | {"e3a_min_valid_invention_patents": 70}
    draft = policy_draft_save(by=bureau, base_call=call, title="从严", numbers=numbers)
    client.force_login(bureau)
    url = f"{reverse('policy_whatif')}?draft={draft.pk}"

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    city([call], 10)
    with_10 = queries()
    city([call], 50)
    assert queries() == with_10 <= 15


def test_a_cached_comparison_is_computed_again_when_a_snapshot_is_added_or_the_draft_changes(call, bureau):
    from dashboard.whatif import cached_compare

    applicant(call, 1, valid=50, foreign_applications=5, foreign_grants=0)
    draft = policy_draft_save(
        by=bureau, base_call=call, title="从严", numbers=draft_defaults(call) | {"e3a_min_valid_invention_patents": 51}
    )
    assert len(cached_compare(draft).lost) == 1
    applicant(call, 2, valid=50, foreign_applications=5, foreign_grants=0)
    assert len(cached_compare(draft).lost) == 2
    draft = policy_draft_save(by=bureau, base_call=call, title="从严", numbers=draft_defaults(call), draft=draft)
    assert cached_compare(draft).lost == []


def test_a_cached_comparison_is_computed_again_when_a_snapshot_goes_or_snapshots_are_loaded_in_bulk(call, bureau):
    """Issue 10: no scan of every snapshot per request; a deleted snapshot renews ``SNAPSHOTS``' version and a bulk
    load (no signals) moves the last id."""
    from dashboard.whatif import cached_compare

    first = applicant(call, 1, valid=50, foreign_applications=5, foreign_grants=0)
    applicant(call, 2, valid=50, foreign_applications=5, foreign_grants=0)
    draft = policy_draft_save(
        by=bureau, base_call=call, title="从严", numbers=draft_defaults(call) | {"e3a_min_valid_invention_patents": 51}
    )
    assert len(cached_compare(draft).lost) == 2
    Snapshot.objects.filter(project=first).delete()
    assert len(cached_compare(draft).lost) == 1
    third = applicant(call, 3, valid=50, foreign_applications=5, foreign_grants=0)
    data = Snapshot.objects.get(project=third)
    Snapshot.objects.filter(pk=data.pk).delete()
    assert len(cached_compare(draft).lost) == 1
    Snapshot.objects.bulk_create([Snapshot(project=third, version=1, data=data.data, created_by=bureau)])
    assert len(cached_compare(draft).lost) == 2


def test_a_cached_comparison_reads_the_f1_counts_afresh(call, bureau):
    from dashboard.whatif import cached_compare

    project = applicant(call, 1)
    draft = policy_draft_save(by=bureau, base_call=call, title="草案", numbers=draft_defaults(call))
    assert [(r.year, r.funded) for r in cached_compare(draft).quota] == [(call.year, 0)]
    type(project).objects.filter(pk=project.pk).update(status=Status.UNDER_WAY)
    assert [(r.year, r.funded) for r in cached_compare(draft).quota] == [(call.year, 1)]


def test_a_second_draft_against_the_same_call_reuses_the_current_side_and_agrees_with_a_fresh_comparison(call, bureau):
    from dashboard.whatif import cached_compare

    for n in range(6):
        applicant(call, n, valid=48 + n, foreign_applications=5, foreign_grants=n % 3)
    first = policy_draft_save(
        by=bureau, base_call=call, title="一", numbers=draft_defaults(call) | {"e3a_min_valid_invention_patents": 51}
    )
    second = policy_draft_save(
        by=bureau, base_call=call, title="二", numbers=draft_defaults(call) | {"e3b_min_foreign_grants": 1}
    )
    cached_compare(first)
    cached = cached_compare(second)
    fresh = compare(call, second.numbers())
    assert [a.project_id for a in cached.gained] == [a.project_id for a in fresh.gained] != []
    assert [(r.current, r.draft) for r in cached.rules] == [(r.current, r.draft) for r in fresh.rules]


def test_a_calls_new_closing_date_is_judged_again(call, bureau):
    """T1 counts the years established to the applicant's own call's closing date: a new date is a new current side."""
    import datetime

    from dashboard.whatif import cached_compare

    founded = (call.application_closes_on - datetime.timedelta(days=3 * 365 + 10)).isoformat()  # just 3 years
    applicant(call, 1, valid=10, foreign_applications=0, foreign_grants=1, talent=True, certified=True, founded=founded)
    draft = policy_draft_save(by=bureau, base_call=call, title="草案", numbers=draft_defaults(call))
    assert rule(cached_compare(draft), "eligible").current == 1
    type(call).objects.filter(pk=call.pk).update(
        application_closes_on=call.application_closes_on - datetime.timedelta(days=30)
    )
    draft.base_call.refresh_from_db()
    assert rule(cached_compare(draft), "eligible").current == 0
