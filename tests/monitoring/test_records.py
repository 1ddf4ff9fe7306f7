"""S7: an enterprise's yearly records — the bureau enters and corrects them; the district (its own) and the
enterprise (its own) read them; growth over the application's submitted figures; bounded lists."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from monitoring.indicators import this_year
from monitoring.models import IndicatorRecord
from monitoring.selectors import (
    indicator_totals_by_year,
    monitored_enterprises_visible_to,
    records_with_growth,
    with_list_figures,
)
from monitoring.services import indicator_record_save
from tests import factories
from tests.factories.monitoring import INDICATOR_VALUES, funded_project, indicator_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def funded(call):
    return funded_project(call=call)


def form_data(year=2025, **overrides):
    return {"year": str(year), **{k: str(v) for k, v in INDICATOR_VALUES.items()}, **overrides}


def test_the_bureau_enters_a_year_on_the_form(client, bureau, funded):
    client.force_login(bureau)
    response = client.post(reverse("monitoring:record_new", args=[funded.enterprise_id]), form_data())
    assert response.status_code == 302
    record = IndicatorRecord.objects.get()
    assert (record.year, record.high_value_patents, record.recorded_by, record.source) == (2025, 12, bureau, "entered")


def test_the_record_form_starts_with_no_certification_chosen(client, bureau, funded):
    client.force_login(bureau)
    html = client.get(reverse("monitoring:record_new", args=[funded.enterprise_id])).content.decode()
    assert '<option value="" selected>请选择贯标情况</option>' in html


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"patent_licences": "-1"}, "专利许可不能为负数。"),
        ({"year": str(this_year() + 1)}, f"年度不能晚于今年（{this_year()}年）。"),
        ({"year": "1999"}, "年度不能早于2000年。"),
        ({"year": ""}, "请填写年度。"),
        ({"certification": ""}, "请填写贯标情况"),
        ({"ip_investment": "abc"}, "知识产权投入必须是数字（单位：元）。"),
    ],
)
def test_bad_input_on_the_form_is_refused_with_a_chinese_message(client, bureau, funded, overrides, message):
    client.force_login(bureau)
    response = client.post(reverse("monitoring:record_new", args=[funded.enterprise_id]), form_data(**overrides))
    assert response.status_code == 400 and message in response.content.decode()
    assert IndicatorRecord.objects.count() == 0


def test_boundaries_accepted_zero_and_this_year(bureau, funded):
    values = {**INDICATOR_VALUES, "patent_licences": 0}
    record = indicator_record_save(by=bureau, enterprise=funded.enterprise, year=this_year(), values=values)
    assert (record.year, record.patent_licences) == (this_year(), 0)


def test_a_year_already_recorded_is_refused_on_the_form(client, bureau, funded):
    indicator_record(funded.enterprise, 2025, by=bureau)
    client.force_login(bureau)
    response = client.post(reverse("monitoring:record_new", args=[funded.enterprise_id]), form_data())
    assert "该企业2025年度的监测记录已存在" in response.content.decode()
    assert IndicatorRecord.objects.count() == 1


def test_the_bureau_corrects_a_record_and_its_history_keeps_both(client, bureau, funded):
    record = indicator_record(funded.enterprise, 2025, by=bureau)
    client.force_login(bureau)
    data = form_data(high_value_patents="15")
    data.pop("year")
    assert client.post(reverse("monitoring:record_edit", args=[record.pk]), data).status_code == 302
    record.refresh_from_db()
    assert (record.high_value_patents, record.year, record.history.count()) == (15, 2025, 2)


def test_a_record_of_an_enterprise_without_funded_project_is_refused(bureau):
    draft = factories.ProjectFactory()
    with pytest.raises(ValidationError, match="没有登峰行动计划立项项目"):
        indicator_record_save(by=bureau, enterprise=draft.enterprise, year=2025, values=INDICATOR_VALUES)


@pytest.mark.parametrize("who", ["district", "enterprise"])
def test_district_and_enterprise_cannot_enter_or_correct(client, funded, who):
    user = (
        factories.DistrictOfficialFactory(district=funded.enterprise.district)
        if who == "district"
        else factories.EnterpriseUserFactory(enterprise=funded.enterprise)
    )
    record = indicator_record(funded.enterprise, 2024)
    client.force_login(user)
    assert client.post(reverse("monitoring:record_new", args=[funded.enterprise_id]), form_data()).status_code == 403
    data = form_data(high_value_patents="99")
    assert client.post(reverse("monitoring:record_edit", args=[record.pk]), data).status_code == 403
    record.refresh_from_db()
    assert (IndicatorRecord.objects.count(), record.high_value_patents) == (1, 12)
    with pytest.raises(PermissionDenied, match="只有市知识产权局"):
        indicator_record_save(by=user, enterprise=funded.enterprise, year=2025, values=INDICATOR_VALUES)


def test_the_enterprise_reads_its_own_records_without_edit_links(client, funded):
    import datetime

    from monitoring.services import recommendation_save

    indicator_record(funded.enterprise, 2024)
    recommendation_save(
        by=factories.BureauFactory(),
        enterprise=funded.enterprise,
        kind="honour",
        programme="国家知识产权优势企业",
        level="national",
        recommended_on=datetime.date(2025, 3, 1),
        outcome="selected",
    )
    user = factories.EnterpriseUserFactory(enterprise=funded.enterprise)
    client.force_login(user)
    response = client.get(reverse("monitoring:home"))
    assert response.headers["Location"] == reverse("monitoring:enterprise", args=[funded.enterprise_id])
    html = client.get(response.headers["Location"]).content.decode()
    assert "2024年度" in html and "仅供查看" in html and "/edit/" not in html and "录入年度指标" not in html
    assert "推荐申报国家级荣誉“国家知识产权优势企业”" in html


def test_other_enterprises_and_other_districts_get_404(client, funded, other_district_official):
    record = indicator_record(funded.enterprise, 2024)
    stranger = factories.EnterpriseUserFactory(enterprise=factories.EnterpriseFactory(district=funded.district))
    for user in (stranger, other_district_official):
        client.force_login(user)
        assert client.get(reverse("monitoring:enterprise", args=[funded.enterprise_id])).status_code == 404
        assert client.get(reverse("monitoring:record_edit", args=[record.pk])).status_code == 404


def test_the_own_district_reads_the_list_and_the_page(client, funded, district_official):
    client.force_login(district_official)
    assert funded.enterprise.name in client.get(reverse("monitoring:home")).content.decode()
    assert client.get(reverse("monitoring:enterprise", args=[funded.enterprise_id])).status_code == 200


def test_growth_is_measured_from_the_submitted_application(funded):
    """The factory's application: 60 valid invention patents, 8 foreign applications, 3 grants, 4 IP staff."""
    indicator_record(funded.enterprise, 2024, valid_invention_patents=66)
    indicator_record(funded.enterprise, 2025, valid_invention_patents=75, ip_staff=4)
    records, table, baseline, growth = records_with_growth(funded.enterprise)
    assert [r.year for r in records] == [2024, 2025]
    assert baseline.figures == {
        "valid_invention_patents": 60,
        "foreign_invention_applications": 8,
        "foreign_invention_grants": 3,
        "ip_staff": 4,
    }
    by_field = {g.indicator.field: (g.baseline, g.latest, g.change, g.percent) for g in growth}
    assert by_field["valid_invention_patents"] == (60, 75, 15, "+25.0%")
    assert by_field["ip_staff"] == (4, 4, 0, "+0.0%")
    first_row = table[0]
    assert [(c.shown, c.change) for c in first_row.cells] == [("66", ""), ("75", "+9")]


def test_the_indicator_totals_by_year_equal_the_records(call):
    a, b = funded_project(call=call).enterprise, funded_project(call=call).enterprise
    indicator_record(a, 2024, valid_invention_patents=10, ip_investment="100.50")
    indicator_record(b, 2024, valid_invention_patents=5, certification="none", ip_investment="0.50")
    indicator_record(a, 2025, valid_invention_patents=12)
    totals = indicator_totals_by_year()
    assert [(t["year"], t["enterprises"], t["certified"], t["valid_invention_patents"]) for t in totals] == [
        (2024, 2, 1, 15),
        (2025, 1, 1, 12),
    ]
    assert str(totals[0]["ip_investment"]) == "101.00"
    assert [t["year"] for t in indicator_totals_by_year(years=[2025])] == [2025]
    assert indicator_totals_by_year(district=factories.district("昆山市")) == []


def test_the_list_filters_by_year_and_district(client, bureau, call):
    here = funded_project(call=call)
    kunshan = factories.EnterpriseFactory(district=factories.district("昆山市"))
    there = funded_project(call=factories.AnnualCallFactory(), enterprise=kunshan)
    client.force_login(bureau)

    def names(**params):
        response = client.get(reverse("monitoring:home"), params)
        return [e.name for e in response.context["page"]]

    assert sorted(names()) == sorted([here.enterprise.name, there.enterprise.name])
    assert names(year=call.year) == [here.enterprise.name]
    assert names(district=kunshan.district_id) == [kunshan.name]
    indicator_record(here.enterprise, 2025)
    assert names(missing=2025) == [kunshan.name]
    assert sorted(names(missing=2024)) == sorted([here.enterprise.name, kunshan.name])
    assert names(recorded=2025) == [here.enterprise.name]


def test_the_filter_form_offers_the_calls_years_and_the_districts_and_keeps_the_choice(client, bureau, call):
    kunshan = factories.district("昆山市")
    funded_project(call=call)
    client.force_login(bureau)
    html = client.get(reverse("monitoring:home"), {"district": kunshan.pk, "year": call.year}).content.decode()
    assert f'<option value="{kunshan.pk}" selected>昆山市</option>' in html
    assert f'<option value="{call.year}" selected>{call.year}年度</option>' in html
    assert html.count(" selected>") == 2  # nothing else chosen


def test_the_list_queries_are_bounded(client, bureau, call, django_assert_max_num_queries):
    for _ in range(3):
        project = funded_project(call=call)
        indicator_record(project.enterprise, 2024)
        indicator_record(project.enterprise, 2025)
    client.force_login(bureau)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("monitoring:home"))
    for _ in range(5):
        project = funded_project(call=call)
        indicator_record(project.enterprise, 2025)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("monitoring:home"))
    assert len(response.context["page"]) == 8


def test_a_page_s_figures_are_each_enterprise_s_own_funded_projects_and_records(call, django_assert_num_queries):
    """``with_list_figures``: an enterprise's funded projects oldest call first (not its draft), its records' count
    and latest year; an enterprise without records has none; two queries for the page, none for an empty one."""
    first = funded_project(call=call)
    later = funded_project(call=factories.AnnualCallFactory(year=call.year + 1), enterprise=first.enterprise)
    factories.ProjectFactory(call=factories.AnnualCallFactory(year=call.year + 2), enterprise=first.enterprise)
    indicator_record(first.enterprise, 2024)
    indicator_record(first.enterprise, 2025)
    other = funded_project(call=call)
    enterprises = list(monitored_enterprises_visible_to(factories.BureauFactory()))
    with django_assert_num_queries(2):
        rows = {e.pk: e for e in with_list_figures(enterprises)}
    assert [(p.pk, p.number) for p in rows[first.enterprise_id].funded] == [
        (first.pk, first.number),
        (later.pk, later.number),
    ]
    assert (rows[first.enterprise_id].record_count, rows[first.enterprise_id].latest_year) == (2, 2025)
    assert [p.pk for p in rows[other.enterprise_id].funded] == [other.pk]
    assert (rows[other.enterprise_id].record_count, rows[other.enterprise_id].latest_year) == (0, None)
    with django_assert_num_queries(0):
        assert with_list_figures([]) == []


def test_the_list_rows_read_only_the_columns_shown_and_show_them(client, bureau, call, django_assert_num_queries):
    """The monitoring list reads an enterprise's name, code and district (``LIST_ENTERPRISE_FIELDS``) and its funded
    projects' number and state (``with_list_figures``): nothing else is loaded, nothing loaded row by row."""
    project = funded_project(call=call)
    indicator_record(project.enterprise, 2024)
    client.force_login(bureau)
    response = client.get(reverse("monitoring:home"))
    (row,) = response.context["page"]
    with django_assert_num_queries(0):
        shown = (row.name, row.uscc, row.district.name, row.record_count, row.latest_year)
        funded = [(p.pk, p.number, p.status_label) for p in row.funded]
    assert shown == (project.enterprise.name, project.enterprise.uscc, project.district.name, 1, 2024)
    assert funded == [(project.pk, project.number, project.get_status_display())]
    assert "address" in row.get_deferred_fields()
    html = response.content.decode()
    assert project.number in html and project.get_status_display() in html and project.enterprise.uscc in html
