import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from funding.models import Tranche
from funding.services import tranche_record_payment
from tests import factories
from tests.lifecycle import MAIN_ROAD, walk

pytestmark = pytest.mark.django_db


@pytest.fixture
def first_tranche(project):
    walk(project, MAIN_ROAD[: MAIN_ROAD.index("issue") + 1])
    return project.tranches.get(kind=Tranche.Kind.FIRST)


def test_finance_officer_records_the_payment_and_who_recorded_it(first_tranche):
    finance = factories.FinanceFactory()
    tranche_record_payment(tranche=first_tranche, by=finance, paid_on=timezone.localdate())
    assert (first_tranche.paid_on, first_tranche.paid_recorded_by) == (timezone.localdate(), finance)


def test_payment_cannot_be_recorded_twice(first_tranche):
    finance = factories.FinanceFactory()
    tranche_record_payment(tranche=first_tranche, by=finance, paid_on=timezone.localdate())
    with pytest.raises(ValidationError):
        tranche_record_payment(tranche=first_tranche, by=finance, paid_on=timezone.localdate())


def test_payment_in_the_future_is_refused(first_tranche):
    with pytest.raises(ValidationError) as err:
        tranche_record_payment(
            tranche=first_tranche,
            by=factories.FinanceFactory(),
            paid_on=timezone.localdate() + datetime.timedelta(days=1),
        )
    assert err.value.message_dict == {"paid_on": ["拨付日期不能晚于今天。"]}


def test_district_official_cannot_record_a_payment(first_tranche, district_official):
    with pytest.raises(PermissionDenied):
        tranche_record_payment(tranche=first_tranche, by=district_official, paid_on=timezone.localdate())
    first_tranche.refresh_from_db()
    assert first_tranche.paid_on is None


def test_finance_officer_records_a_payment_from_the_home_page(client, first_tranche):
    from django.urls import reverse

    finance = factories.FinanceFactory()
    client.force_login(finance)
    assert reverse("funding:record_payment", args=[first_tranche.pk]) in client.get(reverse("home")).content.decode()
    client.post(reverse("funding:record_payment", args=[first_tranche.pk]), {"paid_on": str(timezone.localdate())})
    first_tranche.refresh_from_db()
    assert first_tranche.paid_recorded_by == finance


def test_enterprise_cannot_record_a_payment(client, first_tranche):
    from django.urls import reverse

    client.force_login(factories.EnterpriseUserFactory(enterprise=first_tranche.project.enterprise))
    response = client.post(
        reverse("funding:record_payment", args=[first_tranche.pk]), {"paid_on": "2026-01-01"}, follow=True
    )
    first_tranche.refresh_from_db()
    assert (first_tranche.paid_on, "只有财政部门或市知识产权局可以登记拨付。" in response.content.decode()) == (
        None,
        True,
    )


def test_payment_for_an_invisible_project_is_404(client, first_tranche):
    from django.urls import reverse

    client.force_login(factories.EnterpriseUserFactory())
    assert (
        client.post(reverse("funding:record_payment", args=[first_tranche.pk]), {"paid_on": "2026-01-01"}).status_code
        == 404
    )
