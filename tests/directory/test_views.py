import pytest
from django.urls import reverse

from directory.models import RegistrationRequest
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
    assert client.get(reverse("directory:signup")).status_code == 200


def test_signup_creates_a_pending_request(client):
    response = client.post(reverse("directory:signup"), _form())
    assert "注册申请已提交" in response.content.decode()
    assert RegistrationRequest.objects.get().status == RegistrationRequest.Status.PENDING


def test_signup_with_a_bad_uscc_shows_the_check_character_error(client):
    response = client.post(reverse("directory:signup"), _form(uscc="91310110666007217A"))
    assert "第18位应为“T”" in response.content.decode()
    assert RegistrationRequest.objects.count() == 0


def test_district_official_sees_only_its_districts_requests(client):
    client.post(reverse("directory:signup"), _form())
    client.post(
        reverse("directory:signup"),
        _form(uscc="91350500676532779B", username="other", district=factories.district("昆山市").pk),
    )
    client.force_login(factories.DistrictOfficialFactory(district=factories.district("昆山市")))
    page = client.get(reverse("directory:registration_queue")).content.decode()
    assert "91350500676532779B" in page
    assert "91310110666007217T" not in page


def test_district_official_approves_from_the_queue(client):
    client.post(reverse("directory:signup"), _form())
    request = RegistrationRequest.objects.get()
    client.force_login(factories.DistrictOfficialFactory(district=request.district))
    client.post(reverse("directory:registration_decide", args=[request.pk, "approve"]))
    request.refresh_from_db()
    assert request.status == RegistrationRequest.Status.APPROVED


def test_other_district_gets_404_when_deciding(client):
    client.post(reverse("directory:signup"), _form())
    request = RegistrationRequest.objects.get()
    client.force_login(factories.DistrictOfficialFactory(district=factories.district("昆山市")))
    assert client.post(reverse("directory:registration_decide", args=[request.pk, "approve"])).status_code == 404


def test_refusal_without_reason_shows_a_message(client):
    client.post(reverse("directory:signup"), _form())
    request = RegistrationRequest.objects.get()
    client.force_login(factories.BureauFactory())
    response = client.post(
        reverse("directory:registration_decide", args=[request.pk, "refuse"]), {"reason": ""}, follow=True
    )
    assert "不予通过时必须填写理由。" in response.content.decode()


def test_enterprise_user_cannot_open_the_queue(client):
    client.force_login(factories.EnterpriseUserFactory())
    assert client.get(reverse("directory:registration_queue")).status_code == 403


def test_enterprise_edits_its_profile(client):
    user = factories.EnterpriseUserFactory()
    client.force_login(user)
    data = {
        "name": user.enterprise.name,
        "address": "苏州工业园区星湖街1号",
        "is_little_giant": "on",
        "flags_evidence": "第四批专精特新“小巨人”企业名单",
    }
    response = client.post(reverse("directory:enterprise_profile"), data)
    user.enterprise.refresh_from_db()
    assert (response.status_code, user.enterprise.address, user.enterprise.is_little_giant) == (
        302,
        "苏州工业园区星湖街1号",
        True,
    )


def test_profile_flag_without_evidence_shows_the_error(client):
    user = factories.EnterpriseUserFactory()
    client.force_login(user)
    response = client.post(
        reverse("directory:enterprise_profile"), {"name": user.enterprise.name, "is_unicorn_candidate": "on"}
    )
    assert "请填写认定依据" in response.content.decode()
    user.enterprise.refresh_from_db()
    assert user.enterprise.is_unicorn_candidate is False


def test_district_official_has_no_enterprise_profile(client):
    client.force_login(factories.DistrictOfficialFactory())
    assert client.get(reverse("directory:enterprise_profile")).status_code == 403


def test_unknown_decision_word_is_404(client):
    client.post(reverse("directory:signup"), _form())
    request = RegistrationRequest.objects.get()
    client.force_login(factories.BureauFactory())
    assert client.post(reverse("directory:registration_decide", args=[request.pk, "foo"])).status_code == 404
    request.refresh_from_db()
    assert request.status == RegistrationRequest.Status.PENDING


def test_bureau_previews_then_confirms_an_enterprise_import(client, bureau):

    from directory.models import Enterprise
    from tests.directory.interfaces.test_enterprise_import import GOOD, _xlsx

    client.force_login(bureau)
    response = client.post(reverse("directory:enterprise_import"), {"step": "preview", "file": _xlsx(GOOD)})
    assert "全部检查通过" in response.content.decode()
    assert Enterprise.objects.filter(uscc="91310110666007217T").count() == 0
    client.post(reverse("directory:enterprise_import"), {"step": "confirm", "token": response.context["token"]})
    assert Enterprise.objects.filter(uscc__in=["91310110666007217T", "91350500676532779B"]).count() == 2


def test_enterprise_import_with_problems_cannot_be_confirmed(client, bureau):
    from tests.directory.interfaces.test_enterprise_import import _xlsx

    client.force_login(bureau)
    bad = [["坏校验码公司", "91310110666007217A", "苏州工业园区", "", "否"]]
    page = client.post(reverse("directory:enterprise_import"), {"step": "preview", "file": _xlsx(bad)}).content.decode()
    assert "第2行" in page
    assert 'value="confirm"' not in page
    response = client.post(reverse("directory:enterprise_import"), {"step": "confirm"}, follow=True)
    assert "上传的文件已失效，请重新上传。" in response.content.decode()


def test_district_official_cannot_import_enterprises(client, district_official):
    client.force_login(district_official)
    assert client.get(reverse("directory:enterprise_import")).status_code == 403
