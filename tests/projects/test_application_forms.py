"""Saving the application's sections: field errors in Chinese, nothing saved on error."""

from decimal import Decimal

import pytest

from projects.application_forms import section_forms, section_is_valid, section_save
from projects.services import application_edit
from tests import factories

pytestmark = pytest.mark.django_db


def _formset_data(prefix, rows, initial=0):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"{prefix}-{i}-{key}"] = value
    return data


def _budget_data(project, government, own, lines):
    data = {"totals-government_funding": government, "totals-own_investment": own}
    data |= _formset_data("budget", [{"use": u, "government_amount": g, "own_amount": o} for u, g, o in lines])
    return data


@pytest.fixture
def empty(call):
    return factories.ProjectFactory(call=call, complete=False)


def _save(project, key, data, user):
    forms_ = section_forms(project, key, data)
    if not section_is_valid(forms_):
        return forms_
    application_edit(project=project, by=user, apply=lambda locked: section_save(forms_, locked))
    return forms_


def test_budget_that_adds_up_is_saved(empty):
    user = factories.EnterpriseUserFactory(enterprise=empty.enterprise)
    data = _budget_data(empty, "800000", "1600000", [("big_data", "300000", "600000"), ("brand", "500000", "1000000")])
    _save(empty, "budget", data, user)
    empty.refresh_from_db()
    assert (empty.government_funding, empty.budget_lines.count()) == (Decimal("800000.00"), 2)


def test_budget_not_adding_up_is_refused_and_nothing_saved(empty):
    user = factories.EnterpriseUserFactory(enterprise=empty.enterprise)
    data = _budget_data(
        empty, "800000", "1600000", [("big_data", "300000", "600000"), ("brand", "499999.99", "1000000")]
    )
    forms_ = _save(empty, "budget", data, user)
    assert forms_["budget"].non_form_errors() == ["各用途市级资金合计799,999.99元，与申请市级资金800,000.00元不一致。"]
    empty.refresh_from_db()
    assert (empty.government_funding, empty.budget_lines.count()) == (Decimal("1000000.00"), 0)


def test_government_money_over_f2_points_at_the_field(empty):
    forms_ = section_forms(empty, "budget", _budget_data(empty, "1000000.01", "3000000", [("big_data", "1", "1")]))
    assert not section_is_valid(forms_)
    assert forms_["totals"].errors["government_funding"] == ["每个项目的资金支持不超过1,000,000.00元。"]


def test_own_investment_under_f3_points_at_the_field(empty):
    forms_ = section_forms(empty, "budget", _budget_data(empty, "500000", "999999.99", [("big_data", "1", "1")]))
    assert not section_is_valid(forms_)
    assert forms_["totals"].errors["own_investment"] == [
        "企业知识产权投入应不少于政府财政投入的200%，即至少1,000,000.00元。"
    ]


@pytest.mark.parametrize("bad", ["-5", "abc", "一百万"])
def test_negative_or_non_numeric_amounts_are_refused(empty, bad):
    forms_ = section_forms(empty, "budget", _budget_data(empty, "500000", "1000000", [("big_data", bad, "1000000")]))
    assert not section_is_valid(forms_)
    assert forms_["budget"].forms[0].errors["government_amount"]


def test_basic_section_requires_title_and_contact(empty):
    forms_ = section_forms(empty, "basic", {"basic-title": "", "contact-contact_person": ""})
    assert not section_is_valid(forms_)
    assert set(forms_["project"].errors) == {"title", "industry"}
    assert set(forms_["contact"].errors) == {"contact_person", "contact_phone"}


def test_counts_are_locked_when_a_patent_list_was_imported(project):
    from projects.models import Patent

    Patent.objects.create(project=project, number="201710601862.3", title="x", type="invention", legal_status="valid")
    form = section_forms(project, "figures")["figures"]
    assert (form.fields["valid_invention_patents"].disabled, form.initial["valid_invention_patents"]) == (True, 1)


def test_partial_certification_is_refused(project):
    data = {"figures-certification_body": "中知（北京）认证有限公司", "figures-ip_staff_count": "2"}
    data |= _formset_data("standards", [])
    forms_ = section_forms(project, "figures", data)
    assert not section_is_valid(forms_)
    assert forms_["figures"].errors["certification_number"] == ["贯标认证请完整填写认证机构、证书编号和认证日期。"]


def test_a_repeated_row_is_named_by_its_chinese_label_not_its_code_name(project):
    """Issue 9.14: not “请修正use的重复数据”."""
    data = {
        "totals-government_funding": "1000000",
        "totals-own_investment": "2000000",
        "budget-TOTAL_FORMS": "2",
        "budget-INITIAL_FORMS": "0",
        "budget-0-use": "big_data",
        "budget-0-government_amount": "500000",
        "budget-0-own_amount": "1000000",
        "budget-1-use": "big_data",
        "budget-1-government_amount": "500000",
        "budget-1-own_amount": "1000000",
    }
    forms_ = section_forms(project, "budget", data)
    assert not section_is_valid(forms_)
    errors = " ".join(forms_["budget"].non_form_errors())
    assert "use" not in errors
    assert "经费用途" in errors
