"""S7: the import of yearly indicator records — preview with (row, column, problem), all-or-nothing confirm, and
each bad input refused with a Chinese message and nothing saved."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from activity.models import AuditEvent
from monitoring.indicators import this_year
from monitoring.interfaces.indicator_import import (
    TEMPLATE_HEADERS,
    indicator_import_confirm,
    indicator_import_preview,
    indicator_template_xlsx,
)
from monitoring.models import MIN_YEAR, IndicatorRecord
from tests import factories
from tests.factories.monitoring import funded_project, indicator_record, indicator_row, indicator_xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def funded(call):
    return funded_project(call=call).enterprise


def problems(report):
    return [(p.row, p.column, p.message) for p in report.problems]


def test_a_clean_file_imports_every_row_with_its_figures(bureau, funded):
    other = funded_project(call=factories.AnnualCallFactory()).enterprise
    data = indicator_xlsx([indicator_row(funded, 2024), indicator_row(funded, 2025), indicator_row(other, 2025)])
    report = indicator_import_confirm(by=bureau, uploaded_file=data)
    assert (report.total, report.years) == (3, [2024, 2025])
    record = IndicatorRecord.objects.get(enterprise=funded, year=2025)
    assert (record.valid_invention_patents, str(record.ip_investment), record.certification, record.source) == (
        70,
        "2800000.00",
        "certified",
        "imported",
    )
    assert record.history.count() == 1
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.IMPORT, user=bureau).count() == 1


def test_wrong_columns_are_refused_with_the_missing_ones_named(bureau, funded):
    headers = [h for h in TEMPLATE_HEADERS if not h.startswith("高价值")]
    data = indicator_xlsx([indicator_row(funded, 2025)], headers=headers)
    with pytest.raises(ValidationError) as exc:
        indicator_import_preview(by=bureau, uploaded_file=data)
    assert exc.value.messages[0].startswith("文件缺少必填列：高价值发明专利（件）。请使用下载的模板")
    assert IndicatorRecord.objects.count() == 0


def test_a_negative_count_is_a_problem_of_its_row_and_column_and_nothing_is_saved(bureau, funded):
    """Boundary: 0 is accepted, −1 is not."""
    data = indicator_xlsx(
        [indicator_row(funded, 2024, **{"专利许可（件）": 0}), indicator_row(funded, 2025, **{"专利许可（件）": -1})]
    )
    report = indicator_import_preview(by=bureau, uploaded_file=data)
    assert problems(report) == [(3, "专利许可（件）", "专利许可不能为负数。")]
    with pytest.raises(ValidationError) as exc:
        indicator_import_confirm(by=bureau, uploaded_file=data)
    assert exc.value.messages == ["第3行 专利许可（件）：专利许可不能为负数。"]
    assert IndicatorRecord.objects.count() == 0


def test_a_negative_amount_is_refused(bureau, funded):
    data = indicator_xlsx([indicator_row(funded, 2025, **{"知识产权投入（元）": "-0.01"})])
    assert problems(indicator_import_preview(by=bureau, uploaded_file=data)) == [
        (2, "知识产权投入（元）", "知识产权投入不能为负数。")
    ]


def test_a_year_in_the_future_is_refused_and_this_year_is_accepted(bureau, funded):
    data = indicator_xlsx([indicator_row(funded, this_year()), indicator_row(funded, this_year() + 1)])
    assert problems(indicator_import_preview(by=bureau, uploaded_file=data)) == [
        (3, "年度", f"年度不能晚于今年（{this_year()}年）。")
    ]


def test_a_year_before_the_first_is_refused_and_the_first_is_accepted(bureau, funded):
    data = indicator_xlsx([indicator_row(funded, MIN_YEAR), indicator_row(funded, MIN_YEAR - 1)])
    assert problems(indicator_import_preview(by=bureau, uploaded_file=data)) == [
        (3, "年度", f"年度不能早于{MIN_YEAR}年。")
    ]


def test_an_enterprise_and_year_twice_in_the_file_is_refused_on_the_second_row(bureau, funded):
    data = indicator_xlsx([indicator_row(funded, 2025), indicator_row(funded, 2024), indicator_row(funded, 2025)])
    assert problems(indicator_import_preview(by=bureau, uploaded_file=data)) == [
        (4, "年度", "与第2行重复：同一企业同一年度只能有一条记录。")
    ]


def test_a_year_already_recorded_is_refused(bureau, funded):
    indicator_record(funded, 2025, by=bureau)
    data = indicator_xlsx([indicator_row(funded, 2024), indicator_row(funded, 2025)])
    assert problems(indicator_import_preview(by=bureau, uploaded_file=data)) == [
        (3, "年度", "该企业2025年度的监测记录已存在，请在该企业的监测记录页面修改。")
    ]
    with pytest.raises(ValidationError):
        indicator_import_confirm(by=bureau, uploaded_file=data)
    assert list(IndicatorRecord.objects.values_list("year", flat=True)) == [2025]


def test_unknown_and_unfunded_enterprises_are_refused(bureau, funded):
    unfunded = factories.ProjectFactory().enterprise  # a draft only
    unknown = indicator_row(funded, 2025, **{"统一社会信用代码": factories.valid_uscc(987654)})
    data = indicator_xlsx([unknown, indicator_row(unfunded, 2025)])
    assert [(row, column) for row, column, _ in problems(indicator_import_preview(by=bureau, uploaded_file=data))] == [
        (2, "统一社会信用代码"),
        (3, "统一社会信用代码"),
    ]
    assert "没有登峰行动计划立项项目" in problems(indicator_import_preview(by=bureau, uploaded_file=data))[1][2]


def test_text_figures_full_width_digits_and_a_certification_label_are_read(bureau, funded):
    row = indicator_row(funded, "２０２５年", **{"有效发明专利（件）": "１,２００", "贯标（GB/T 29490）": "贯标中"})
    indicator_import_confirm(by=bureau, uploaded_file=indicator_xlsx([row]))
    record = IndicatorRecord.objects.get()
    assert (record.year, record.valid_invention_patents, record.certification) == (2025, 1200, "in_progress")


def test_an_empty_cell_and_a_fraction_are_refused(bureau, funded):
    row = indicator_row(funded, 2025, **{"专利转让（件）": None, "知识产权专职人员（人）": 2.5})
    assert problems(indicator_import_preview(by=bureau, uploaded_file=indicator_xlsx([row]))) == [
        (2, "专利转让（件）", "请填写专利转让（没有请填0）。"),
        (2, "知识产权专职人员（人）", "知识产权专职人员应填写整数。"),
    ]


@pytest.mark.parametrize("role", ["district", "enterprise"])
def test_only_the_bureau_may_import(funded, role):
    user = (
        factories.DistrictOfficialFactory(district=funded.district)
        if role == "district"
        else factories.EnterpriseUserFactory(enterprise=funded)
    )
    data = indicator_xlsx([indicator_row(funded, 2025)])
    with pytest.raises(PermissionDenied, match="只有市知识产权局"):
        indicator_import_confirm(by=user, uploaded_file=data)
    assert IndicatorRecord.objects.count() == 0


def test_the_template_reads_back_as_a_clean_file_header(bureau, funded):
    """The downloaded template's header is what the import expects (its example row names no funded enterprise)."""
    report = indicator_import_preview(by=bureau, uploaded_file=indicator_template_xlsx())
    assert [(p.row, p.column) for p in report.problems] == [(2, "统一社会信用代码")]


# ---- the page ------------------------------------------------------------------------------------------------------
def _upload(data, name="指标.xlsx"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


def test_the_page_previews_then_confirms_the_same_file(client, bureau, funded):
    client.force_login(bureau)
    response = client.post(
        reverse("monitoring:import"),
        {"step": "preview", "file": _upload(indicator_xlsx([indicator_row(funded, 2025)]))},
    )
    assert response.status_code == 200 and IndicatorRecord.objects.count() == 0
    token = response.context["token"]
    response = client.post(reverse("monitoring:import"), {"step": "confirm", "token": token})
    assert response.status_code == 302 and IndicatorRecord.objects.count() == 1
    again = client.post(reverse("monitoring:import"), {"step": "confirm", "token": token}, follow=True)
    assert "上传的文件已失效，请重新上传。" in again.content.decode() and IndicatorRecord.objects.count() == 1


def test_a_file_with_problems_gets_no_confirm_button(client, bureau, funded):
    client.force_login(bureau)
    data = indicator_xlsx([indicator_row(funded, 2025, **{"专利许可（件）": -3})])
    response = client.post(reverse("monitoring:import"), {"step": "preview", "file": _upload(data)})
    html = response.content.decode()
    assert response.context["token"] is None and 'value="confirm"' not in html and "专利许可不能为负数。" in html


@pytest.mark.parametrize("role", ["district", "enterprise"])
def test_the_import_pages_are_refused_to_district_and_enterprise(client, funded, role):
    user = (
        factories.DistrictOfficialFactory(district=funded.district)
        if role == "district"
        else factories.EnterpriseUserFactory(enterprise=funded)
    )
    client.force_login(user)
    data = indicator_xlsx([indicator_row(funded, 2025)])
    response = client.post(reverse("monitoring:import"), {"step": "preview", "file": _upload(data)})
    assert response.status_code == 403 and "您的账号无权执行该操作" in response.content.decode()
    assert client.get(reverse("monitoring:import_template")).status_code == 403
    assert IndicatorRecord.objects.count() == 0


def test_the_largest_count_is_accepted_and_one_more_refused(bureau, funded):
    data = indicator_xlsx(
        [
            indicator_row(funded, 2024, **{"有效发明专利（件）": 1_000_000}),
            indicator_row(funded, 2025, **{"有效发明专利（件）": 1_000_001}),
        ]
    )
    assert problems(indicator_import_preview(by=bureau, uploaded_file=data)) == [
        (3, "有效发明专利（件）", "有效发明专利超过1000000，请核对。")
    ]


def test_a_zero_amount_is_accepted_and_a_third_decimal_refused(bureau, funded):
    data = indicator_xlsx(
        [
            indicator_row(funded, 2024, **{"专利许可转让收入（元）": 0}),
            indicator_row(funded, 2025, **{"专利许可转让收入（元）": "10.005"}),
        ]
    )
    assert problems(indicator_import_preview(by=bureau, uploaded_file=data)) == [
        (3, "专利许可转让收入（元）", "专利许可转让收入最多保留两位小数（精确到分）。")
    ]


def test_an_unknown_certification_is_refused_with_the_choices(bureau, funded):
    data = indicator_xlsx([indicator_row(funded, 2025, **{"贯标（GB/T 29490）": "差不多"})])
    assert problems(indicator_import_preview(by=bureau, uploaded_file=data)) == [
        (2, "贯标（GB/T 29490）", "贯标情况“差不多”无法识别，请填写：未贯标、贯标中、已通过认证。")
    ]


def test_a_title_row_above_the_header_and_a_csv_in_gb18030_are_read(bureau, funded):
    header = ",".join(TEMPLATE_HEADERS)
    row = indicator_row(funded, 2025)
    line = ",".join(str(row[h]) for h in TEMPLATE_HEADERS)
    data = f"2025年度考评监测指标\n{header}\n{line}\n".encode("gb18030")
    report = indicator_import_confirm(by=bureau, uploaded_file=data)
    assert (report.total, IndicatorRecord.objects.get().year) == (1, 2025)


def test_the_page_says_which_columns_are_missing(client, bureau, funded):
    client.force_login(bureau)
    headers = [h for h in TEMPLATE_HEADERS if h != "年度"]
    data = indicator_xlsx([indicator_row(funded, 2025)], headers=headers)
    response = client.post(reverse("monitoring:import"), {"step": "preview", "file": _upload(data)})
    assert "文件缺少必填列：年度。" in response.content.decode()
    assert response.context["report"] is None and IndicatorRecord.objects.count() == 0
