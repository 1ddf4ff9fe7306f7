"""An enterprise in the directory without an account (e.g. imported in bulk) signs up by claiming its record,
approved by its district like any sign-up (issue 9.11)."""

import pytest
from django.core.exceptions import ValidationError

from directory.models import Enterprise, RegistrationRequest
from directory.services import registration_approve, registration_submit
from tests import factories

pytestmark = pytest.mark.django_db


def _submit(**changes):
    data = {
        "uscc": factories.valid_uscc(777),
        "enterprise_name": "苏州导入名录科技有限公司",
        "district": factories.district(),
        "contact_person": "钱七",
        "contact_phone": "0512-66668888",
        "contact_email": "qian@example.com",
        "username": "qianqi",
        "password": "Dengfeng-2026-ok",
        **changes,
    }
    return registration_submit(**data)


@pytest.fixture
def imported():
    """As the bureau's bulk import leaves it: in the directory, no account."""
    return factories.EnterpriseFactory(uscc=factories.valid_uscc(777), name="苏州导入名录科技有限公司")


def test_an_imported_enterprise_without_an_account_can_sign_up_and_it_is_a_claim(imported):
    request = _submit()
    assert (request.claimed, request.status) == (imported, RegistrationRequest.Status.PENDING)


def test_approving_a_claim_gives_the_existing_record_its_account_and_creates_no_second_enterprise(imported):
    request = _submit()
    official = factories.DistrictOfficialFactory(district=imported.district)
    user = registration_approve(request=request, by=official)
    assert (user.enterprise, Enterprise.objects.filter(uscc=imported.uscc).count()) == (imported, 1)


def test_an_enterprise_that_has_an_account_still_cannot_sign_up_again(imported):
    factories.EnterpriseUserFactory(enterprise=imported)
    with pytest.raises(ValidationError) as err:
        _submit()
    assert err.value.message_dict["uscc"] == [
        "该统一社会信用代码已注册，请联系本企业已有账号的管理人员，或联系所在市、区主管部门。"
    ]


def test_a_claim_for_the_wrong_district_names_the_right_one(imported):
    with pytest.raises(ValidationError) as err:
        _submit(district=factories.district("昆山市"))
    assert err.value.message_dict["district"] == [f"名录中该企业属于{imported.district}，请选择{imported.district}。"]


def test_a_claim_whose_record_got_an_account_meanwhile_is_refused_at_approval(imported):
    request = _submit()
    factories.EnterpriseUserFactory(enterprise=imported)
    with pytest.raises(ValidationError, match="该企业已有账号，不能再次认领"):
        registration_approve(request=request, by=factories.BureauFactory())


def test_a_new_sign_up_with_the_registered_name_of_another_enterprise_is_refused(imported):
    with pytest.raises(ValidationError) as err:
        _submit(uscc=factories.valid_uscc(778), username="other")
    assert "该企业名称已被其他统一社会信用代码的企业登记使用" in err.value.message_dict["enterprise_name"][0]


def test_the_queue_shows_that_a_request_is_a_claim(client, imported):
    _submit(enterprise_name="苏州导入名录科技有限公司")
    client.force_login(factories.DistrictOfficialFactory(district=imported.district))
    from django.urls import reverse

    assert "认领名录中的企业" in client.get(reverse("directory:registration_queue")).content.decode()
