"""A district's formal review reopened by the bureau: not to 2099 (issue 9.17)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from reviews.services import MAX_EXTENSION_DAYS, district_reopen
from tests import factories

pytestmark = pytest.mark.django_db


def _reopen(call, until):
    return district_reopen(
        call=call, district=factories.district(), by=factories.BureauFactory(), until=until, reason="补正材料"
    )


def test_an_extension_up_to_sixty_days_after_the_deadline_is_granted_and_a_day_more_is_not(call):
    last = call.district_review_deadline + datetime.timedelta(days=MAX_EXTENSION_DAYS)
    assert _reopen(call, last).until == last
    with pytest.raises(ValidationError) as err:
        _reopen(call, last + datetime.timedelta(days=1))
    assert list(err.value.message_dict) == ["until"]


def test_an_extension_to_2099_is_refused(call):
    with pytest.raises(ValidationError, match="延长日期最晚为"):
        _reopen(call, datetime.date(2099, 12, 31))


def test_an_extension_ends_before_expert_review_starts(call):
    call.expert_review_starts_on = call.district_review_deadline + datetime.timedelta(days=10)
    call.save()
    assert _reopen(call, call.district_review_deadline + datetime.timedelta(days=9))
    with pytest.raises(ValidationError):
        _reopen(call, call.district_review_deadline + datetime.timedelta(days=10))
