"""The one Chinese date formatter and the one money formatter."""

import datetime
from decimal import Decimal

import pytest

from common.formatting import duration_zh, yuan, zh_date, zh_datetime

pytestmark = pytest.mark.django_db


# ---- health ------------------------------------------------------------------------------------------------------


def test_zh_date_formats_a_date():
    assert zh_date(datetime.date(2026, 11, 5)) == "2026年11月5日"


def test_zh_datetime_shows_shanghai_time():
    moment = datetime.datetime(2026, 11, 25, 6, 30, tzinfo=datetime.UTC)
    assert zh_datetime(moment) == "2026年11月25日 14:30"


def test_zh_date_of_an_aware_datetime_uses_the_local_day():
    late_evening_utc = datetime.datetime(2026, 11, 24, 20, 0, tzinfo=datetime.UTC)  # 04:00 on the 25th in Suzhou
    assert zh_date(late_evening_utc) == "2026年11月25日"


def test_yuan_shows_thousands_separators_and_two_decimals():
    assert (yuan(Decimal("1234567.5")), yuan(Decimal("0")), yuan(None)) == ("1,234,567.50元", "0.00元", "")


def test_duration_zh():
    assert (duration_zh(datetime.timedelta(hours=1)), duration_zh(datetime.timedelta(minutes=90))) == (
        "1小时",
        "1小时30分钟",
    )
