"""Registering enterprises: USCC checks, duplicates, and the bureau's audited exception."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from directory.models import Enterprise
from directory.services import enterprise_create, enterprise_record_uscc_exception, enterprise_update_profile
from tests import factories

pytestmark = pytest.mark.django_db

EARLY_CODE = "91350100M0001TGQXM"


def _create(by, uscc, **extra):
    return enterprise_create(by=by, uscc=uscc, name="苏州示例科技有限公司", district=factories.district(), **extra)


def test_enterprise_is_stored_with_the_normalised_uscc(bureau):
    enterprise = _create(bureau, " ９１３１０１１０６６６００７２１７ｔ ")
    assert enterprise.uscc == "91310110666007217T"


def test_wrong_check_character_is_refused_and_nothing_saved(bureau):
    with pytest.raises(ValidationError) as err:
        _create(bureau, "91310110666007217A")
    assert err.value.message_dict == {"uscc": ["统一社会信用代码校验位错误：第18位应为“T”，而不是“A”，请核对。"]}
    assert Enterprise.objects.count() == 0


def test_wrong_length_is_refused(bureau):
    with pytest.raises(ValidationError) as err:
        _create(bureau, "913101106660072")
    assert err.value.message_dict == {"uscc": ["统一社会信用代码应为18位，您输入了15位。"]}


def test_forbidden_letter_is_refused(bureau):
    with pytest.raises(ValidationError) as err:
        _create(bureau, "9131011066600721OT")
    assert err.value.message_dict == {"uscc": ["统一社会信用代码不使用字母 I、O、S、V、Z，发现：O。"]}


def test_second_enterprise_with_the_same_uscc_is_refused(bureau):
    _create(bureau, "91310110666007217T")
    with pytest.raises(ValidationError) as err:
        _create(bureau, "91310110666007217t")
    assert err.value.message_dict == {"uscc": ["该统一社会信用代码已登记，同一企业不能重复登记。"]}
    assert Enterprise.objects.count() == 1


def test_bureau_admin_may_register_an_early_code_with_a_recorded_reason(bureau):
    enterprise = _create(bureau, EARLY_CODE, uscc_exception_reason="早期试点地区赋码，经核实营业执照真实有效")
    assert enterprise.uscc == EARLY_CODE
    assert enterprise.uscc_exception_by == bureau
    assert enterprise.uscc_exception_at is not None
    assert enterprise.history.first().history_change_reason.startswith("登记校验例外：")


@pytest.mark.parametrize("factory", [factories.DistrictOfficialFactory, factories.EnterpriseUserFactory])
def test_nobody_but_the_bureau_may_bypass_the_check(factory):
    with pytest.raises(PermissionDenied):
        _create(factory(), EARLY_CODE, uscc_exception_reason="我说它是真的")
    assert not Enterprise.objects.filter(uscc=EARLY_CODE).exists()


def test_exception_is_not_recorded_for_a_valid_code(bureau):
    with pytest.raises(ValidationError) as err:
        _create(bureau, "91310110666007217T", uscc_exception_reason="多余")
    assert err.value.message_dict == {"uscc_exception_reason": ["该统一社会信用代码校验通过，无需登记例外。"]}


def test_recording_an_exception_later_needs_a_reason(bureau):
    enterprise = factories.EnterpriseFactory()
    with pytest.raises(ValidationError):
        enterprise_record_uscc_exception(enterprise=enterprise, by=bureau, reason=" ")


def test_recording_an_exception_later_is_kept_in_the_history(bureau):
    enterprise = factories.EnterpriseFactory()
    enterprise_record_uscc_exception(enterprise=enterprise, by=bureau, reason="核实无误")
    latest = enterprise.history.first()
    assert (latest.uscc_exception_reason, latest.history_change_reason) == ("核实无误", "登记校验例外：核实无误")


def test_district_official_cannot_record_an_exception_later():
    enterprise = factories.EnterpriseFactory()
    with pytest.raises(PermissionDenied):
        enterprise_record_uscc_exception(enterprise=enterprise, by=factories.DistrictOfficialFactory(), reason="x")
    enterprise.refresh_from_db()
    assert enterprise.uscc_exception_reason == ""


def test_enterprise_user_updates_its_profile_with_flag_evidence():
    user = factories.EnterpriseUserFactory()
    enterprise_update_profile(
        enterprise=user.enterprise,
        by=user,
        address="苏州工业园区星湖街328号",
        is_little_giant=True,
        flags_evidence="工信部第四批专精特新“小巨人”企业名单",
    )
    user.enterprise.refresh_from_db()
    assert (user.enterprise.address, user.enterprise.relaxation_flags) == (
        "苏州工业园区星湖街328号",
        ["专精特新“小巨人”企业"],
    )


def test_flags_need_their_evidence():
    user = factories.EnterpriseUserFactory()
    with pytest.raises(ValidationError) as err:
        enterprise_update_profile(enterprise=user.enterprise, by=user, is_national_ip_advantage=True)
    assert list(err.value.message_dict) == ["flags_evidence"]
    user.enterprise.refresh_from_db()
    assert user.enterprise.is_national_ip_advantage is False


def test_profile_update_cannot_change_the_uscc():
    user = factories.EnterpriseUserFactory()
    with pytest.raises(ValidationError):
        enterprise_update_profile(enterprise=user.enterprise, by=user, uscc="91310110666007217T")


def test_another_enterprise_cannot_update_the_profile():
    with pytest.raises(PermissionDenied):
        enterprise_update_profile(
            enterprise=factories.EnterpriseFactory(), by=factories.EnterpriseUserFactory(), address="x"
        )
