"""F6: the bureau records which funded enterprises it recommends to national and provincial programmes, awards and
honours, and a report lists them per year (page and xlsx)."""

import datetime
import io

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from monitoring.models import Recommendation
from monitoring.services import recommendation_save
from tests import factories
from tests.factories.monitoring import funded_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def funded(call):
    return funded_project(call=call).enterprise


def data(**overrides):
    return {
        "kind": "award",
        "programme": "中国专利奖",
        "level": "national",
        "recommended_on": datetime.date(2025, 4, 10),
        "outcome": "pending",
        "note": "",
        **overrides,
    }


def post_data(enterprise, **overrides):
    values = {"enterprise": str(enterprise.pk), **data(**overrides)}
    values["recommended_on"] = str(values["recommended_on"])
    return values


def test_the_bureau_records_a_recommendation_and_changes_its_outcome(bureau, funded):
    recommendation = recommendation_save(by=bureau, enterprise=funded, **data())
    assert (recommendation.year, recommendation.get_level_display(), recommendation.get_outcome_display()) == (
        2025,
        "国家级",
        "待定",
    )
    recommendation_save(by=bureau, recommendation=recommendation, **data(outcome="selected", note="获银奖"))
    recommendation.refresh_from_db()
    assert (recommendation.outcome, recommendation.note, recommendation.history.count()) == ("selected", "获银奖", 2)


def test_the_form_starts_with_nothing_chosen(client, bureau, funded):
    client.force_login(bureau)
    html = client.get(reverse("monitoring:recommendation_new")).content.decode()
    for prompt in ("请选择企业", "请选择类别", "请选择级别", "请选择结果"):
        assert f'<option value="" selected>{prompt}</option>' in html


def test_the_page_records_one(client, bureau, funded):
    client.force_login(bureau)
    response = client.post(reverse("monitoring:recommendation_new"), post_data(funded))
    assert response.status_code == 302 and Recommendation.objects.get().enterprise == funded


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"level": ""}, "level", "请选择级别（国家级或省级）。"),
        ({"outcome": ""}, "outcome", "请选择结果（待定、入选或未入选）。"),
        ({"kind": ""}, "kind", "请选择类别（项目、奖项或荣誉）。"),
        ({"programme": "  "}, "programme", "请填写推荐的项目、奖项或荣誉名称。"),
        ({"recommended_on": None}, "recommended_on", "请填写推荐日期。"),
    ],
)
def test_an_incomplete_recommendation_is_refused(bureau, funded, overrides, field, message):
    with pytest.raises(ValidationError) as exc:
        recommendation_save(by=bureau, enterprise=funded, **data(**overrides))
    assert exc.value.message_dict[field] == [message]
    assert not Recommendation.objects.exists()


def test_a_date_after_today_is_refused_and_today_is_accepted(bureau, funded):
    today = timezone.localdate()
    with pytest.raises(ValidationError, match="推荐日期不能晚于今天。"):
        recommendation_save(by=bureau, enterprise=funded, **data(recommended_on=today + datetime.timedelta(days=1)))
    assert recommendation_save(by=bureau, enterprise=funded, **data(recommended_on=today)).year == today.year


def test_a_date_before_the_programme_is_refused_and_its_first_day_accepted(bureau, funded):
    with pytest.raises(ValidationError, match="不能早于2021年"):
        recommendation_save(by=bureau, enterprise=funded, **data(recommended_on=datetime.date(2020, 12, 31)))
    assert recommendation_save(by=bureau, enterprise=funded, **data(recommended_on=datetime.date(2021, 1, 1)))


def test_the_same_programme_twice_in_a_year_is_refused(bureau, funded):
    recommendation_save(by=bureau, enterprise=funded, **data())
    with pytest.raises(ValidationError, match="本年度已向该项目、奖项或荣誉推荐过该企业。"):
        recommendation_save(by=bureau, enterprise=funded, **data(recommended_on=datetime.date(2025, 9, 1)))
    recommendation_save(by=bureau, enterprise=funded, **data(recommended_on=datetime.date(2024, 9, 1)))
    assert Recommendation.objects.count() == 2


def test_an_enterprise_without_funded_project_is_refused(bureau):
    draft = factories.ProjectFactory().enterprise
    with pytest.raises(ValidationError, match="只能推荐登峰行动计划立项企业"):
        recommendation_save(by=bureau, enterprise=draft, **data())


@pytest.mark.parametrize("who", ["district", "enterprise"])
def test_district_and_enterprise_cannot_record_or_see_the_report(client, funded, who):
    user = (
        factories.DistrictOfficialFactory(district=funded.district)
        if who == "district"
        else factories.EnterpriseUserFactory(enterprise=funded)
    )
    with pytest.raises(PermissionDenied, match="只有市知识产权局"):
        recommendation_save(by=user, enterprise=funded, **data())
    client.force_login(user)
    assert client.post(reverse("monitoring:recommendation_new"), post_data(funded)).status_code == 403
    assert client.get(reverse("monitoring:recommendations")).status_code == 403
    assert client.get(reverse("monitoring:recommendations_export")).status_code == 403
    assert not Recommendation.objects.exists()


def test_the_yearly_report_counts_by_level_and_outcome(client, bureau, funded, django_assert_max_num_queries):
    recommendation_save(by=bureau, enterprise=funded, **data())
    recommendation_save(
        by=bureau, enterprise=funded, **data(programme="江苏省专利奖", level="provincial", outcome="selected")
    )
    recommendation_save(
        by=bureau, enterprise=funded, **data(recommended_on=datetime.date(2024, 5, 1), outcome="not_selected")
    )
    client.force_login(bureau)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("monitoring:recommendations"))
    summary = [
        (s["year"], s["total"], s["national"], s["provincial"], s["selected"], s["not_selected"], s["pending"])
        for s in response.context["summary"]
    ]
    assert summary == [(2025, 2, 1, 1, 1, 0, 1), (2024, 1, 1, 0, 0, 1, 0)]
    assert [r.programme for r in client.get(reverse("monitoring:recommendations"), {"year": 2024}).context["page"]] == [
        "中国专利奖"
    ]


def test_the_report_list_queries_stay_bounded_with_many_rows(client, bureau, call, django_assert_max_num_queries):
    for _ in range(3):
        enterprise = funded_project(call=call).enterprise
        for m in range(8):
            recommendation_save(by=bureau, enterprise=enterprise, **data(programme=f"示例荣誉{m}"))
    client.force_login(bureau)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("monitoring:recommendations"))
    assert len(response.context["page"]) == 20


def test_the_xlsx_export_keeps_text_as_text_and_numbers_as_numbers(client, bureau, funded):
    recommendation_save(by=bureau, enterprise=funded, **data(programme='=HYPERLINK("http://x","点我")'))
    client.force_login(bureau)
    response = client.get(reverse("monitoring:recommendations_export"), {"year": 2025})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in sheet[1]]
    row = {h: c for h, c in zip(header, sheet[2], strict=True)}
    assert row["推荐的项目、奖项或荣誉"].value == '=HYPERLINK("http://x","点我")'
    assert row["推荐的项目、奖项或荣誉"].data_type == "s"
    assert (row["年度"].value, row["级别"].value, row["结果"].value) == (2025, "国家级", "待定")
    assert row["推荐日期"].value.date() == datetime.date(2025, 4, 10)


def test_the_enterprise_is_told_of_its_recommendation_and_of_the_outcome(bureau, funded):
    from activity.models import Message

    user = factories.EnterpriseUserFactory(enterprise=funded)
    recommendation = recommendation_save(by=bureau, enterprise=funded, **data())
    recommendation_save(by=bureau, recommendation=recommendation, **data(note="材料已报送"))  # same outcome: no message
    recommendation_save(by=bureau, recommendation=recommendation, **data(outcome="selected"))
    subjects = list(Message.objects.filter(recipient=user).order_by("pk").values_list("subject", flat=True))
    assert subjects == ["【登峰】贵企业已被推荐申报国家级奖项“中国专利奖”", "【登峰】推荐申报“中国专利奖”结果：入选"]
