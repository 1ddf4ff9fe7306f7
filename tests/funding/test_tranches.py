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


def test_finance_officer_records_the_payment(first_tranche):
    tranche_record_payment(tranche=first_tranche, by=factories.FinanceFactory(), paid_on=timezone.localdate())
    assert first_tranche.paid_on == timezone.localdate()


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
