"""The one Chinese date formatter and the one money formatter: templates, PDFs, messages and e-mails all use
these (2026年3月5日, 2026年3月5日 14:30, 1,000,000.00元)."""

import datetime
from decimal import Decimal, InvalidOperation

from django.utils import timezone


def _local(value):
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def zh_date(value) -> str:
    """2026年3月5日 for a date, a datetime in local time (Asia/Shanghai), or an ISO text as frozen snapshots keep
    dates ("2026-03-05"); "" for None."""
    if not value:
        return ""
    if isinstance(value, str):
        try:
            value = datetime.date.fromisoformat(value[:10])
        except ValueError:
            return value
    value = _local(value)
    return f"{value.year}年{value.month}月{value.day}日"


def zh_datetime(value) -> str:
    """2026年3月5日 14:30 in local time; a plain date gives zh_date; "" for None."""
    if not value:
        return ""
    value = _local(value)
    if not isinstance(value, datetime.datetime):
        return zh_date(value)
    return f"{zh_date(value)} {value:%H:%M}"


def yuan(value) -> str:
    """1,000,000.00元: thousands separators and two decimals (money is in 元); "" for None or ""."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    return f"{amount:,.2f}元"


def duration_zh(value) -> str:
    """A timedelta as 1小时 / 30分钟 / 1小时30分钟."""
    minutes = int(value.total_seconds() // 60)
    hours, minutes = divmod(minutes, 60)
    return "".join(([f"{hours}小时"] if hours else []) + ([f"{minutes}分钟"] if minutes or not hours else []))


def percent(value) -> str:
    """200%, 150.5%: a percentage without trailing zeros; "" for None."""
    if value is None or value == "":
        return ""
    amount = Decimal(str(value)).normalize()
    return f"{amount:f}%"
