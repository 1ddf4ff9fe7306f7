"""Display helpers for the pages: Chinese dates, money in 元, status badges, labels of states and steps."""

import datetime
from decimal import Decimal, InvalidOperation

from django import template
from django.utils import timezone
from django.utils.html import format_html

from projects.enums import ENDED_STATES, PHASE_OF_STATUS, Status
from projects.workflow import STEPS

register = template.Library()

# Ways out that mean "no" (shown red); the other ended states are neutral (withdrawn, closed).
NEGATIVE_STATES = frozenset(
    {
        Status.NOT_RECOMMENDED,
        Status.SCREENED_OUT,
        Status.NOT_SELECTED,
        Status.OBJECTION_UPHELD,
        Status.CUT,
        Status.SUSPENDED,
        Status.FAILED,
    }
)
# Sent back to the enterprise to improve.
RETURNED_STATES = frozenset({Status.RETURNED, Status.MIDTERM_RETURNED, Status.ACCEPTANCE_RETURNED})


def _local(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value) if timezone.is_aware(value) else value
    return value


@register.filter
def zh_date(value):
    """2026年11月25日 (a date, or a datetime in local time); empty for None."""
    if not value:
        return ""
    value = _local(value)
    return f"{value.year}年{value.month}月{value.day}日"


@register.filter
def zh_datetime(value):
    """2026年11月25日 14:30 in local time; empty for None."""
    if not value:
        return ""
    value = _local(value)
    if not isinstance(value, datetime.datetime):
        return zh_date(value)
    return f"{value.year}年{value.month}月{value.day}日 {value:%H:%M}"


@register.filter
def yuan(value):
    """1,000,000.00元: thousands separators, two decimals; empty for None."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return value
    return f"{amount:,.2f}元"


@register.filter
def duration_zh(value):
    """A timedelta as 1小时 / 30分钟 / 1小时30分钟."""
    if not isinstance(value, datetime.timedelta):
        return value
    minutes = int(value.total_seconds() // 60)
    hours, minutes = divmod(minutes, 60)
    parts = ([f"{hours}小时"] if hours else []) + ([f"{minutes}分钟"] if minutes or not hours else [])
    return "".join(parts)


@register.filter
def status_label(value):
    """The Chinese label of a state value (as stored in the audit log)."""
    try:
        return Status(value).label
    except ValueError:
        return value or ""


@register.filter
def step_label(value):
    """The Chinese label of a transition name."""
    step = STEPS.get(value)
    return step.label if step else (value or "")


def badge_class(status):
    if status in NEGATIVE_STATES:
        return "df-badge-negative"
    if status in ENDED_STATES:
        return "df-badge-ended"
    if status in RETURNED_STATES:
        return "df-badge-returned"
    return f"df-badge-phase-{PHASE_OF_STATUS[status]:d}"


@register.simple_tag
def status_badge(status):
    """A coloured badge for a state: coloured by phase, grey when ended, red for a refusal, amber when returned."""
    try:
        status = Status(status)
    except ValueError:
        return format_html('<span class="badge df-badge df-badge-ended">{}</span>', status)
    phase = PHASE_OF_STATUS[status]
    return format_html(
        '<span class="badge df-badge {}" title="{}阶段">{}</span>', badge_class(status), phase.label, status.label
    )


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
