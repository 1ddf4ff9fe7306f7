import datetime

import pytest
from django.core.exceptions import ValidationError

from tests import factories

pytestmark = pytest.mark.django_db


def test_call_defaults_hold_every_number_of_the_rules(call):
    numbers = (
        call.max_projects,
        call.max_government_funding,
        call.min_own_investment_percent,
        call.first_tranche_amount,
        call.max_reward_amount,
        call.implementation_years,
        call.e3a_min_valid_invention_patents,
        call.e3a_min_foreign_applications,
        call.e3b_min_valid_invention_patents,
        call.e3b_min_foreign_grants,
        call.t1_min_years_established,
        call.t3a_min_valid_invention_patents,
        call.t3a_min_foreign_applications,
        call.t3b_min_valid_invention_patents,
        call.t3b_min_foreign_grants,
        call.notice_period_length,
        call.min_experts_per_project,
        call.programme_target,
    )
    assert [str(n) for n in numbers] == [
        "10",
        "1000000.00",
        "200.00",
        "300000.00",
        "700000.00",
        "2",
        "50",
        "5",
        "20",
        "2",
        "3",
        "20",
        "5",
        "10",
        "1",
        "5",
        "5",
        "60",
    ]


def test_document_number_is_normalised_on_clean(call):
    call.document_number = "苏市监知[2026]8号"
    call.full_clean()
    assert call.document_number == "苏市监知〔2026〕8号"


def test_malformed_document_number_is_refused(call):
    call.document_number = "苏市监知〔26〕8号"
    with pytest.raises(ValidationError) as err:
        call.full_clean()
    assert list(err.value.message_dict) == ["document_number"]


def test_close_date_before_open_date_is_refused(call):
    call.application_closes_on = call.application_opens_on - datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as err:
        call.full_clean()
    assert err.value.message_dict["application_closes_on"] == ["申报截止日期不能早于申报开始日期。"]


def test_first_tranche_above_the_project_cap_is_refused():
    call = factories.AnnualCallFactory.build(first_tranche_amount="1000000.01")
    with pytest.raises(ValidationError) as err:
        call.full_clean()
    assert err.value.message_dict["first_tranche_amount"] == ["首期拨付金额不能超过单个项目市级资金上限。"]


def test_unknown_required_attachment_slot_is_refused(call):
    call.required_attachments = ["business_license", "营业执照"]
    with pytest.raises(ValidationError) as err:
        call.full_clean()
    assert list(err.value.message_dict) == ["required_attachments"]
