"""What the directory refuses (issue 9.17): founding dates, telephone numbers, a name already registered."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from directory.models import Enterprise
from directory.services import enterprise_update_profile
from tests import factories

pytestmark = pytest.mark.django_db


def _profile(client, user, **changes):
    enterprise = user.enterprise
    data = {
        "name": enterprise.name,
        "contact_person": "张三",
        "contact_phone": "0512-66668888",
        **changes,
    }
    client.force_login(user)
    return client.post(reverse("directory:enterprise_profile"), data)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("founded_on", "2999-01-01", "成立日期2999年1月1日晚于今天，请核对。"),
        ("founded_on", "1800-06-01", "成立日期1800年6月1日早于1900年，请核对。"),
        ("contact_phone", "abc", "联系电话“abc”格式不正确"),
    ],
)
def test_the_profile_refuses_implausible_input_and_saves_nothing(client, field, value, message):
    user = factories.EnterpriseUserFactory()
    before = Enterprise.objects.get(pk=user.enterprise_id)
    response = _profile(client, user, **{field: value})
    assert message in response.content.decode()
    after = Enterprise.objects.get(pk=user.enterprise_id)
    assert (after.founded_on, after.contact_phone) == (before.founded_on, before.contact_phone)


def test_an_enterprise_cannot_rename_itself_to_another_enterprises_registered_name():
    taken = factories.EnterpriseFactory(name="苏州已登记科技有限公司")
    user = factories.EnterpriseUserFactory()
    with pytest.raises(ValidationError) as err:
        enterprise_update_profile(enterprise=user.enterprise, by=user, name=" 苏州已登记科技有限公司 ")
    assert err.value.message_dict == {"name": ["该企业名称已被其他企业登记使用，请核对企业名称（应与营业执照一致）。"]}
    assert Enterprise.objects.filter(name=taken.name).count() == 1


def test_keeping_its_own_name_is_not_a_clash():
    user = factories.EnterpriseUserFactory()
    enterprise_update_profile(
        enterprise=user.enterprise, by=user, name=user.enterprise.name, founded_on=datetime.date(2000, 1, 1)
    )
    assert Enterprise.objects.get(pk=user.enterprise_id).founded_on == datetime.date(2000, 1, 1)
