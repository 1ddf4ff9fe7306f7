import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from accounts.models import Role, User
from tests import factories

pytestmark = pytest.mark.django_db


def test_district_official_without_district_is_refused_by_clean():
    user = User(username="x", role=Role.DISTRICT)
    with pytest.raises(ValidationError) as err:
        user.full_clean()
    assert err.value.message_dict["district"] == ["市、区主管部门用户必须选择所属市、区。"]


def test_enterprise_user_without_enterprise_is_refused_by_the_database():
    with pytest.raises(IntegrityError):
        User.objects.create(username="x", role=Role.ENTERPRISE)


def test_bureau_admin_may_not_belong_to_an_enterprise():
    user = User(username="x", role=Role.BUREAU, enterprise=factories.EnterpriseFactory())
    with pytest.raises(ValidationError) as err:
        user.full_clean()
    assert err.value.message_dict["enterprise"] == ["只有申报企业用户可以关联企业。"]


def test_user_is_shown_by_name():
    assert str(factories.BureauFactory(name="王局长")) == "王局长"


def test_createsuperuser_makes_a_bureau_admin():
    user = User.objects.create_superuser("root", "root@example.com", "x-strong-pass-1")
    assert (user.role, user.is_superuser) == (Role.BUREAU, True)
