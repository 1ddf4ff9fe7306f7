"""The expert pool: experts added one by one (account and profile), edited, taken out of the pool; the pages."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import Role, User
from reviews.models import ExpertProfile
from reviews.pool import expert_create, expert_update
from tests import factories

pytestmark = pytest.mark.django_db

PASSWORD = "Expert-2026-pass"


def _create(bureau, **changes):
    fields = {
        "username": "qian.liqun",
        "password": PASSWORD,
        "name": "钱立群",
        "organisation": "苏州大学",
        "title": "教授",
        "phone": "13800000001",
        "email": "qian@example.com",
        "avoid_organisations": ["苏州示例科技有限公司"],
        "is_active": True,
        "expertise": [factories.industry("集成电路")],
    } | changes
    return expert_create(by=bureau, **fields)


def test_the_bureau_adds_an_expert_with_an_account_that_logs_in(bureau):
    profile = _create(bureau)
    user = User.objects.get(username="qian.liqun")
    assert (user.role, user.name, user.check_password(PASSWORD), profile.user) == (Role.EXPERT, "钱立群", True, user)
    assert [f.name for f in profile.expertise.all()] == ["集成电路"]
    assert profile.organisations == ["苏州大学", "苏州示例科技有限公司"]


def test_a_taken_login_name_is_refused(bureau):
    factories.ExpertFactory(username="QIAN.liqun")
    with pytest.raises(ValidationError) as refusal:
        _create(bureau)
    assert refusal.value.message_dict == {"username": ["该登录用户名已被使用，请换一个。"]}


def test_a_missing_organisation_is_refused_and_no_account_is_left(bureau):
    with pytest.raises(ValidationError, match="请填写工作单位"):
        _create(bureau, organisation=" ")
    assert User.objects.filter(username="qian.liqun").exists() is False


def test_taking_an_expert_out_of_the_pool_keeps_its_account(bureau):
    profile = _create(bureau)
    expert_update(profile=profile, by=bureau, is_active=False, organisation="上海交通大学", name="钱立群")
    profile.refresh_from_db()
    assert (profile.is_active, profile.organisation, profile.user.is_active) == (False, "上海交通大学", True)


def test_the_pool_page_lists_filters_and_shows_the_load(client, bureau, reviewing):
    from reviews.assignment import assignment_add

    chips = factories.industry("集成电路")
    busy = factories.pool_expert(expertise=[chips], organisation="东南大学")
    factories.pool_expert(organisation="南京大学")
    assignment_add(project=reviewing(), experts=[busy.user], by=bureau)
    client.force_login(bureau)
    response = client.get(reverse("reviews:experts"), {"field": chips.pk})
    assert [(p.pk, p.load) for p in response.context["page"]] == [(busy.pk, 1)]
    assert "东南大学" in response.content.decode()
    assert [p.organisation for p in client.get(reverse("reviews:experts"), {"q": "南京"}).context["page"]] == [
        "南京大学"
    ]


def test_the_new_expert_page_creates_an_expert(client, bureau):
    client.force_login(bureau)
    response = client.post(
        reverse("reviews:expert_new"),
        {"username": "sun.hui", "password": PASSWORD, "name": "孙慧", "organisation": "南京大学", "is_active": "on"},
    )
    assert response.status_code == 302
    assert ExpertProfile.objects.get().user.username == "sun.hui"


def test_the_new_expert_page_shows_a_weak_password_in_chinese(client, bureau):
    client.force_login(bureau)
    response = client.post(
        reverse("reviews:expert_new"),
        {"username": "sun.hui", "password": "123", "name": "孙慧", "organisation": "南京大学"},
    )
    assert response.context["form"].errors["password"]
    assert ExpertProfile.objects.count() == 0


def test_an_experts_page_is_404_to_anyone_but_the_bureau(client, bureau):
    profile = factories.pool_expert()
    for user in (profile.user, factories.EnterpriseUserFactory(), factories.DistrictOfficialFactory()):
        client.force_login(user)
        assert client.get(reverse("reviews:expert_edit", args=[profile.pk])).status_code == 404
    client.force_login(bureau)
    assert client.get(reverse("reviews:expert_edit", args=[profile.pk])).status_code == 200


def test_the_pool_pages_are_the_bureaus(client):
    client.force_login(factories.ExpertFactory())
    assert [client.get(reverse(n)).status_code for n in ("reviews:experts", "reviews:expert_new")] == [403, 403]
