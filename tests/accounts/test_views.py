"""Signing in and out (Django's auth views, Chinese templates), the lockout page of django-axes, password change."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import override_settings
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


def test_login_page_is_in_chinese(client):
    page = client.get(reverse("login")).content.decode()
    assert ('<html lang="zh-CN">' in page, "用户登录" in page, "登峰 · 知识产权登峰行动计划" in page) == (
        True,
        True,
        True,
    )


def test_login_with_the_right_password_goes_home(client, bureau):
    response = client.post(reverse("login"), {"username": bureau.username, "password": factories.PASSWORD})
    assert (response.status_code, response.headers["Location"]) == (302, reverse("home"))
    assert client.session[SESSION_KEY] == str(bureau.pk)


def test_login_follows_next(client, bureau):
    response = client.post(
        reverse("login"), {"username": bureau.username, "password": factories.PASSWORD, "next": "/projects/"}
    )
    assert response.headers["Location"] == "/projects/"


def test_login_with_a_wrong_password_says_so_in_chinese(client, bureau):
    response = client.post(reverse("login"), {"username": bureau.username, "password": "wrong"})
    assert response.status_code == 200
    assert "请输入一个正确的用户名和密码。注意，两者都区分大小写。" in response.content.decode()
    assert SESSION_KEY not in client.session


def test_signed_in_user_opening_login_goes_home(client, bureau):
    client.force_login(bureau)
    response = client.get(reverse("login"))
    assert (response.status_code, response.headers["Location"]) == (302, reverse("home"))


def test_logout_by_post_signs_out(client, bureau):
    client.force_login(bureau)
    response = client.post(reverse("logout"))
    assert (response.status_code, response.headers["Location"]) == (302, reverse("login"))
    assert SESSION_KEY not in client.session


def test_logout_by_get_is_refused(client, bureau):
    client.force_login(bureau)
    response = client.get(reverse("logout"))
    assert (response.status_code, client.session[SESSION_KEY]) == (405, str(bureau.pk))


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=2)
def test_repeated_failures_show_the_chinese_lockout_page(client, bureau):
    for _ in range(2):
        client.post(reverse("login"), {"username": bureau.username, "password": "wrong"})
    response = client.post(reverse("login"), {"username": bureau.username, "password": factories.PASSWORD})
    page = response.content.decode()
    assert (response.status_code, SESSION_KEY in client.session) == (429, False)
    assert f"由于连续2次登录失败，账号“{bureau.username}”已被暂时锁定。" in page
    assert "请在1小时后再试。" in page


def test_password_change_page_is_in_chinese(client, bureau):
    client.force_login(bureau)
    page = client.get(reverse("password_change")).content.decode()
    assert ("修改密码" in page, "旧密码" in page, "保存新密码" in page) == (True, True, True)


def test_password_change_works(client, bureau):
    client.force_login(bureau)
    new = "Dengfeng-2026-new"
    response = client.post(
        reverse("password_change"), {"old_password": factories.PASSWORD, "new_password1": new, "new_password2": new}
    )
    bureau.refresh_from_db()
    assert (response.headers["Location"], bureau.check_password(new)) == (reverse("password_change_done"), True)


def test_password_change_needs_login(client):
    response = client.get(reverse("password_change"))
    assert response.headers["Location"].split("?")[0] == reverse("login")
