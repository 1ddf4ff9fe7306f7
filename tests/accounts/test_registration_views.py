import pytest
from django.urls import reverse

from accounts.models import RegistrationRequest
from tests import factories

pytestmark = pytest.mark.django_db

FORM = {
    "uscc": "91310110666007217T",
    "enterprise_name": "苏州示例光电科技有限公司",
    "contact_person": "王五",
    "contact_phone": "13800000000",
    "contact_email": "ip@example.com",
    "username": "szsl-ip",
    "password": "Suzhou-IP-2026!",
    "password_again": "Suzhou-IP-2026!",
}


def _form(**overrides):
    return FORM | {"district": factories.district("苏州工业园区").pk} | overrides


def test_signup_page_is_public(client):
    assert client.get(reverse("signup")).status_code == 200


def test_signup_creates_a_pending_request(client):
    response = client.post(reverse("signup"), _form())
    assert "注册申请已提交" in response.content.decode()
    assert RegistrationRequest.objects.get().status == RegistrationRequest.Status.PENDING


def test_signup_with_a_bad_uscc_shows_the_check_character_error(client):
    response = client.post(reverse("signup"), _form(uscc="91310110666007217A"))
    assert "第18位应为“T”" in response.content.decode()
    assert RegistrationRequest.objects.count() == 0


def test_district_official_sees_only_its_districts_requests(client):
    client.post(reverse("signup"), _form())
    client.post(
        reverse("signup"), _form(uscc="91350500676532779B", username="other", district=factories.district("昆山市").pk)
    )
    client.force_login(factories.DistrictOfficialFactory(district=factories.district("昆山市")))
    page = client.get(reverse("registration_queue")).content.decode()
    assert "91350500676532779B" in page
    assert "91310110666007217T" not in page


def test_district_official_approves_from_the_queue(client):
    client.post(reverse("signup"), _form())
    request = RegistrationRequest.objects.get()
    client.force_login(factories.DistrictOfficialFactory(district=request.district))
    client.post(reverse("registration_decide", args=[request.pk, "approve"]))
    request.refresh_from_db()
    assert request.status == RegistrationRequest.Status.APPROVED


def test_other_district_gets_404_when_deciding(client):
    client.post(reverse("signup"), _form())
    request = RegistrationRequest.objects.get()
    client.force_login(factories.DistrictOfficialFactory(district=factories.district("昆山市")))
    assert client.post(reverse("registration_decide", args=[request.pk, "approve"])).status_code == 404


def test_refusal_without_reason_shows_a_message(client):
    client.post(reverse("signup"), _form())
    request = RegistrationRequest.objects.get()
    client.force_login(factories.BureauFactory())
    response = client.post(reverse("registration_decide", args=[request.pk, "refuse"]), {"reason": ""}, follow=True)
    assert "不予通过时必须填写理由。" in response.content.decode()


def test_enterprise_user_cannot_open_the_queue(client):
    client.force_login(factories.EnterpriseUserFactory())
    assert client.get(reverse("registration_queue")).status_code == 403


def test_enterprise_edits_its_profile(client):
    user = factories.EnterpriseUserFactory()
    client.force_login(user)
    data = {
        "name": user.enterprise.name,
        "address": "苏州工业园区星湖街1号",
        "is_little_giant": "on",
        "flags_evidence": "第四批专精特新“小巨人”企业名单",
    }
    response = client.post(reverse("enterprise_profile"), data)
    user.enterprise.refresh_from_db()
    assert (response.status_code, user.enterprise.address, user.enterprise.is_little_giant) == (
        302,
        "苏州工业园区星湖街1号",
        True,
    )


def test_profile_flag_without_evidence_shows_the_error(client):
    user = factories.EnterpriseUserFactory()
    client.force_login(user)
    response = client.post(reverse("enterprise_profile"), {"name": user.enterprise.name, "is_unicorn_candidate": "on"})
    assert "请填写认定依据" in response.content.decode()
    user.enterprise.refresh_from_db()
    assert user.enterprise.is_unicorn_candidate is False


def test_district_official_has_no_enterprise_profile(client):
    client.force_login(factories.DistrictOfficialFactory())
    assert client.get(reverse("enterprise_profile")).status_code == 403


def test_unknown_decision_word_is_404(client):
    client.post(reverse("signup"), _form())
    request = RegistrationRequest.objects.get()
    client.force_login(factories.BureauFactory())
    assert client.post(reverse("registration_decide", args=[request.pk, "foo"])).status_code == 404
    request.refresh_from_db()
    assert request.status == RegistrationRequest.Status.PENDING
