"""Template filters over ``common.formatting``: ``{{ day|zh_date }}``, ``{{ amount|yuan }}``."""

import datetime
from decimal import Decimal, InvalidOperation

from django import template

from common import formatting

register = template.Library()

register.filter("zh_date", formatting.zh_date)
register.filter("zh_datetime", formatting.zh_datetime)
register.filter("yuan", formatting.yuan)
register.filter("percent", formatting.percent)


@register.filter
def duration_zh(value):
    return formatting.duration_zh(value) if isinstance(value, datetime.timedelta) else value


@register.filter
def percent_of(value, total):
    """``value`` as a whole percentage of ``total``, capped at 100 (for progress bars)."""
    try:
        total = Decimal(total)
        if total <= 0:
            return 0
        return min(100, int(Decimal(value) * 100 / total))
    except (InvalidOperation, TypeError, ValueError):
        return 0
