"""The admin for users and sign-up requests, who may enter the admin, and its Chinese index."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from accounts.admin import permission_label
from accounts.models import Role, User
from tests import factories

pytestmark = pytest.mark.django_db

USERS = reverse("admin:accounts_user_changelist")
ADD_USER = reverse("admin:accounts_user_add")


@pytest.fixture
def admin_browser(client):
    client.force_login(factories.BureauFactory(username="root", is_staff=True, is_superuser=True))
    return client


def listed_usernames(response):
    return sorted(user.username for user in response.context["cl"].result_list)


def test_a_user_without_staff_status_is_sent_to_the_admin_login(client):
    client.force_login(factories.BureauFactory())
    response = client.get(reverse("admin:index"))
    assert (response.status_code, response["Location"]) == (302, "/admin/login/?next=/admin/")


def test_a_staff_user_may_open_the_admin_index(client):
    client.force_login(factories.BureauFactory(is_staff=True))
    assert client.get(reverse("admin:index")).status_code == 200


def test_the_admin_index_is_in_chinese(admin_browser):
    html = admin_browser.get(reverse("admin:index")).content.decode()
    for chinese in ("数据管理", "用户与权限", "申报与项目", "登峰行动计划项目", "流程审计", "流程操作记录", "登录安全"):
        assert chinese in html
    for english in ("Site administration", "Django FSM Log", "State log", "Axes", "Access attempt"):
        assert english not in html


def test_the_user_list_filters_by_role(admin_browser):
    factories.ExpertFactory(username="expert-a")
    factories.FinanceFactory(username="finance-a")
    response = admin_browser.get(USERS, {"role__exact": Role.EXPERT})
    assert listed_usernames(response) == ["expert-a"]


def test_the_user_list_filters_by_district(admin_browser):
    official = factories.DistrictOfficialFactory(username="kunshan-a", district=factories.district("昆山市"))
    factories.DistrictOfficialFactory(username="sip-a")
    response = admin_browser.get(USERS, {"district__id__exact": official.district_id})
    assert listed_usernames(response) == ["kunshan-a"]


def test_the_user_list_searches_the_chinese_name(admin_browser):
    factories.ExpertFactory(username="expert-b", name="孙八")
    factories.ExpertFactory(username="expert-c", name="周九")
    response = admin_browser.get(USERS, {"q": "孙八"})
    assert listed_usernames(response) == ["expert-b"]


def user_form(**overrides):
    return {
        "username": "kunshan-official",
        "password1": "Kunshan-IP-2026!",
        "password2": "Kunshan-IP-2026!",
        "name": "吴十",
        "role": Role.DISTRICT,
        "district": factories.district("昆山市").pk,
        **overrides,
    }


def test_adding_a_district_official_in_the_admin_records_role_and_district(admin_browser):
    response = admin_browser.post(ADD_USER, user_form())
    assert response.status_code == 302
    user = User.objects.get(username="kunshan-official")
    assert (user.name, user.role, user.district.name, user.check_password("Kunshan-IP-2026!")) == (
        "吴十",
        Role.DISTRICT,
        "昆山市",
        True,
    )


def test_adding_a_district_official_without_a_district_shows_the_chinese_error(admin_browser):
    response = admin_browser.post(ADD_USER, user_form(district=""))
    assert response.context["adminform"].form.errors == {"district": ["市、区主管部门用户必须选择所属市、区。"]}
    assert User.objects.filter(username="kunshan-official").exists() is False


def test_permissions_are_labelled_in_chinese_on_the_user_page():
    permission = Permission.objects.get(content_type__app_label="directory", codename="change_enterprise")
    assert permission_label(permission) == "单位名录 | 企业 | 修改企业"
