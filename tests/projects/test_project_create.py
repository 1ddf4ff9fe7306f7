from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from projects.enums import Status
from projects.models import Project
from projects.services import project_create
from tests import factories

pytestmark = pytest.mark.django_db


def test_enterprise_user_opens_a_draft_in_its_district(call):
    user = factories.EnterpriseUserFactory()
    project = project_create(call=call, enterprise=user.enterprise, by=user, title="高价值专利培育")
    assert (project.status, project.district, project.number) == (
        Status.DRAFT,
        user.enterprise.district,
        f"DF{call.year}-{project.pk:04d}",
    )


def test_second_project_for_the_same_enterprise_and_call_is_refused(call):
    user = factories.EnterpriseUserFactory()
    project_create(call=call, enterprise=user.enterprise, by=user)
    with pytest.raises(ValidationError) as err:
        project_create(call=call, enterprise=user.enterprise, by=user)
    assert err.value.messages == ["该企业在本年度已有申报书，每个企业每年度只能申报一个项目。"]
    assert Project.objects.count() == 1


def test_same_enterprise_may_apply_again_in_another_year(call):
    user = factories.EnterpriseUserFactory()
    project_create(call=call, enterprise=user.enterprise, by=user)
    project_create(call=factories.AnnualCallFactory(), enterprise=user.enterprise, by=user)
    assert Project.objects.filter(enterprise=user.enterprise).count() == 2


def test_user_of_another_enterprise_cannot_open_an_application(call):
    enterprise = factories.EnterpriseFactory()
    with pytest.raises(PermissionDenied):
        project_create(call=call, enterprise=enterprise, by=factories.EnterpriseUserFactory())
    assert Project.objects.count() == 0


def test_required_own_investment_is_computed_to_the_cent(project):
    project.government_funding = Decimal("333333.33")
    assert project.required_own_investment == Decimal("666666.66")
