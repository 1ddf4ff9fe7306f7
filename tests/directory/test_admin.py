"""Admin of the directory: enterprises (the USCC check exception), sign-up requests (read-only)."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from directory.models import Enterprise, RegistrationRequest
from directory.services import enterprise_create
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_registration_request_page_never_shows_the_password_hash(admin_browser):
    request = RegistrationRequest.objects.create(
        uscc=factories.valid_uscc(800),
        enterprise_name="苏州待审核科技有限公司",
        district=factories.district(),
        contact_person="赵六",
        contact_phone="13900000000",
        contact_email="a@example.com",
        username="pending-user",
        password_hash="md5$secret-salt$0123456789abcdef",
    )
    response = admin_browser.get(reverse("admin:directory_registrationrequest_change", args=[request.pk]))
    assert response.status_code == 200
    assert "secret-salt" not in response.content.decode()


def test_a_registration_request_cannot_be_changed_in_the_admin(admin_browser):
    request = RegistrationRequest.objects.create(
        uscc=factories.valid_uscc(801),
        enterprise_name="苏州待审核科技有限公司",
        district=factories.district(),
        contact_person="赵六",
        contact_phone="13900000000",
        contact_email="a@example.com",
        username="pending-user",
        password_hash="!",
    )
    url = reverse("admin:directory_registrationrequest_change", args=[request.pk])
    assert admin_browser.post(url, {"enterprise_name": "改名"}).status_code == 403
    request.refresh_from_db()
    assert (request.enterprise_name, request.status) == ("苏州待审核科技有限公司", RegistrationRequest.Status.PENDING)


@pytest.fixture
def superuser():
    """A bureau admin who is also a superuser: bureau steps are its to take."""
    return factories.BureauFactory(username="root", name="管理员甲", is_staff=True, is_superuser=True)


@pytest.fixture
def admin_browser(client, superuser):
    client.force_login(superuser)
    return client


def bad_uscc(n):
    """A USCC whose 18th (check) character is wrong."""
    good = factories.valid_uscc(n)
    return good[:-1] + ("1" if good[-1] != "1" else "2")


def change_form_data(response):
    """What the browser would post back from an admin change page as it was rendered (inline management forms
    included; the rows of view-only inlines are not posted)."""
    data = {}
    form = response.context["adminform"].form
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        data[name] = "on" if value is True else value
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
    return data


def enterprise_form(**overrides):
    return {
        "name": "苏州新登记科技有限公司",
        "uscc": factories.valid_uscc(501),
        "district": factories.district().pk,
        "contact_person": "钱七",
        **overrides,
    }


@pytest.fixture
def district_staff(client):
    """A district official with staff access and every enterprise permission, but not a bureau admin."""
    user = factories.DistrictOfficialFactory(is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="directory", codename__endswith="enterprise")
    )
    client.force_login(user)
    return user


def test_adding_an_enterprise_with_a_bad_check_character_shows_the_chinese_error_and_saves_nothing(admin_browser):
    uscc = bad_uscc(501)
    response = admin_browser.post(reverse("admin:directory_enterprise_add"), enterprise_form(uscc=uscc))
    assert response.status_code == 200
    expected = factories.valid_uscc(501)[-1]
    assert response.context["adminform"].form.errors["uscc"] == [
        f"统一社会信用代码校验位错误：第18位应为“{expected}”，而不是“{uscc[-1]}”，请核对。"
    ]
    assert Enterprise.objects.count() == 0


def test_adding_an_enterprise_in_the_admin_goes_through_the_service(admin_browser):
    response = admin_browser.post(reverse("admin:directory_enterprise_add"), enterprise_form())
    assert response.status_code == 302
    enterprise = Enterprise.objects.get()
    assert (enterprise.uscc, enterprise.history.get().history_change_reason) == (factories.valid_uscc(501), "登记企业")


def test_a_bureau_admin_adds_an_enterprise_with_a_recorded_check_exception(admin_browser, superuser):
    uscc = bad_uscc(502)
    form = enterprise_form(uscc=uscc, uscc_exception_reason="工商登记原件确认，早期赋码")
    response = admin_browser.post(reverse("admin:directory_enterprise_add"), form)
    assert response.status_code == 302
    enterprise = Enterprise.objects.get()
    assert (enterprise.uscc, enterprise.uscc_exception_reason, enterprise.uscc_exception_by) == (
        uscc,
        "工商登记原件确认，早期赋码",
        superuser,
    )
    assert enterprise.uscc_exception_at is not None


def test_a_bureau_admin_records_a_check_exception_on_an_existing_enterprise(admin_browser, superuser):
    enterprise = factories.EnterpriseFactory()
    Enterprise.objects.filter(pk=enterprise.pk).update(uscc=bad_uscc(503))  # an early code registered before checks
    url = reverse("admin:directory_enterprise_change", args=[enterprise.pk])
    data = change_form_data(admin_browser.get(url)) | {"uscc_exception_reason": "原件核对无误"}
    assert admin_browser.post(url, data).status_code == 302
    enterprise.refresh_from_db()
    assert (enterprise.uscc_exception_reason, enterprise.uscc_exception_by) == ("原件核对无误", superuser)
    assert enterprise.history.latest().history_change_reason == "登记校验例外：原件核对无误"


def test_a_check_exception_is_refused_for_a_valid_uscc(admin_browser):
    response = admin_browser.post(
        reverse("admin:directory_enterprise_add"), enterprise_form(uscc_exception_reason="不需要")
    )
    assert response.context["adminform"].form.errors == {
        "uscc_exception_reason": ["该统一社会信用代码校验通过，无需登记例外。"]
    }
    assert Enterprise.objects.count() == 0


def test_a_non_bureau_staff_user_cannot_record_a_check_exception(client, district_staff):
    enterprise = factories.EnterpriseFactory()
    Enterprise.objects.filter(pk=enterprise.pk).update(uscc=bad_uscc(504))
    url = reverse("admin:directory_enterprise_change", args=[enterprise.pk])
    page = client.get(url)
    assert "uscc_exception_reason" not in page.context["adminform"].form.fields
    data = change_form_data(page) | {"uscc_exception_reason": "想绕过校验"}
    response = client.post(url, data)
    enterprise.refresh_from_db()
    assert (enterprise.uscc_exception_reason, enterprise.uscc_exception_by) == ("", None)
    assert response.context["adminform"].form.errors["uscc"][0].startswith("统一社会信用代码校验位错误")


def test_a_non_bureau_staff_user_adding_an_enterprise_cannot_pass_a_check_exception(client, district_staff):
    form = enterprise_form(uscc=bad_uscc(505), uscc_exception_reason="想绕过校验")
    response = client.post(reverse("admin:directory_enterprise_add"), form)
    assert response.status_code == 200
    assert Enterprise.objects.count() == 0


def test_a_recorded_check_exception_cannot_be_cleared_in_the_admin(admin_browser, superuser):
    enterprise = enterprise_create(
        by=superuser,
        uscc=bad_uscc(506),
        uscc_exception_reason="原件核对",
        name="苏州早期赋码有限公司",
        district=factories.district(),
    )
    url = reverse("admin:directory_enterprise_change", args=[enterprise.pk])
    data = change_form_data(admin_browser.get(url)) | {"uscc_exception_reason": ""}
    response = admin_browser.post(url, data)
    assert response.context["adminform"].form.errors == {"uscc_exception_reason": ["已登记的校验例外不能清空。"]}
    enterprise.refresh_from_db()
    assert enterprise.uscc_exception_reason == "原件核对"
