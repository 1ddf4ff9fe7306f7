"""Enterprise sign-up: one account per USCC, approved by an official of its own district (or the bureau)."""

import pytest
from django.contrib.auth import authenticate
from django.core.exceptions import PermissionDenied, ValidationError
from django_fsm_log.models import StateLog

from accounts.models import Role
from directory.models import Enterprise, RegistrationRequest
from directory.services import registration_approve, registration_refuse, registration_submit
from tests import factories

pytestmark = pytest.mark.django_db

PASSWORD = "Suzhou-IP-2026!"


def _submit(**overrides):
    data = {
        "uscc": "91310110666007217T",
        "enterprise_name": "苏州示例光电科技有限公司",
        "district": factories.district("苏州工业园区"),
        "contact_person": "王五",
        "contact_phone": "13800000000",
        "contact_email": "ip@example.com",
        "username": "szsl-ip",
        "password": PASSWORD,
    } | overrides
    return registration_submit(**data)


def test_request_waits_for_review():
    request = _submit(uscc="９１３１０１１０６６６００７２１７ｔ")
    assert (request.status, request.uscc) == (RegistrationRequest.Status.PENDING, "91310110666007217T")
    assert authenticate(username="szsl-ip", password=PASSWORD) is None


def test_bad_uscc_is_refused_with_the_reason():
    with pytest.raises(ValidationError) as err:
        _submit(uscc="91310110666007217A")
    assert err.value.message_dict["uscc"] == ["统一社会信用代码校验位错误：第18位应为“T”，而不是“A”，请核对。"]
    assert RegistrationRequest.objects.count() == 0


def test_second_request_for_the_same_uscc_is_refused():
    _submit()
    with pytest.raises(ValidationError) as err:
        _submit(username="another")
    assert err.value.message_dict["uscc"] == ["该统一社会信用代码已有待审核的注册申请，请等待所在市、区主管部门审核。"]


def test_request_for_a_registered_enterprise_is_refused():
    """Registered: in the directory *with* an account (one without is claimed: tests/directory/test_claims.py)."""
    factories.EnterpriseUserFactory(enterprise=factories.EnterpriseFactory(uscc="91310110666007217T"))
    with pytest.raises(ValidationError) as err:
        _submit()
    assert "已注册" in err.value.message_dict["uscc"][0]


def test_weak_password_is_refused():
    with pytest.raises(ValidationError) as err:
        _submit(password="123")
    assert "password" in err.value.message_dict


def test_district_official_approves_and_the_enterprise_can_log_in():
    request = _submit()
    official = factories.DistrictOfficialFactory(district=request.district)
    user = registration_approve(request=request, by=official)
    assert (user.role, user.enterprise.uscc, user.enterprise.district) == (
        Role.ENTERPRISE,
        "91310110666007217T",
        request.district,
    )
    assert authenticate(username="szsl-ip", password=PASSWORD) == user
    assert StateLog.objects.for_(request).get().by == official


def test_official_of_another_district_cannot_approve():
    request = _submit()
    with pytest.raises(PermissionDenied):
        registration_approve(
            request=request, by=factories.DistrictOfficialFactory(district=factories.district("昆山市"))
        )
    request.refresh_from_db()
    assert (request.status, Enterprise.objects.count()) == (RegistrationRequest.Status.PENDING, 0)


def test_bureau_may_approve_any_district():
    request = _submit()
    registration_approve(request=request, by=factories.BureauFactory())
    assert request.status == RegistrationRequest.Status.APPROVED


def test_refusal_needs_a_reason():
    request = _submit()
    with pytest.raises(ValidationError):
        registration_refuse(request=request, by=factories.BureauFactory(), reason=" ")
    request.refresh_from_db()
    assert request.status == RegistrationRequest.Status.PENDING


def test_refusal_keeps_the_reason_and_frees_the_uscc():
    request = _submit()
    registration_refuse(request=request, by=factories.BureauFactory(), reason="营业执照与企业名称不一致")
    assert (request.status, request.refusal_reason) == (RegistrationRequest.Status.REFUSED, "营业执照与企业名称不一致")
    assert _submit(username="second-try").status == RegistrationRequest.Status.PENDING


def test_a_decided_request_cannot_be_decided_again():
    request = _submit()
    bureau = factories.BureauFactory()
    registration_approve(request=request, by=bureau)
    with pytest.raises(ValidationError):
        registration_refuse(request=request, by=bureau, reason="重复点击")
    assert Enterprise.objects.count() == 1
