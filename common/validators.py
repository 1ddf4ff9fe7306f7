"""Checks of what people type that are not identifiers: telephone numbers, dates that must be plausible."""

import datetime
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils import timezone

from .formatting import zh_date

# 0512-66668888, 0512 6666 8888, (0512)66668888, +86 512 66668888, 13912345678, 400-888-8888, 0512-66668888转123
PHONE = re.compile(r"^\+?[0-9() \-]{5,20}(?:(?:转|分机|ext\.?|#)[0-9]{1,6})?$", re.IGNORECASE)


def normalize_phone(value: str) -> str:
    return unicodedata.normalize("NFKC", value or "").strip()


def phone_errors(value: str) -> list[str]:
    """Chinese messages for a telephone number that is not one; [] when it is (or is empty)."""
    value = normalize_phone(value)
    if not value:
        return []
    digits = sum(ch.isdigit() for ch in value)
    if not PHONE.match(value) or digits < 5:
        return [f"联系电话“{value}”格式不正确，请填写座机（如0512-66668888）或手机号码（如13912345678）。"]
    return []


def check_phone(value: str) -> str:
    """The number as stored (NFKC: full-width digits become half-width); ValidationError when it is not one."""
    problems = phone_errors(value)
    if problems:
        raise ValidationError(problems)
    return normalize_phone(value)


EARLIEST_FOUNDING = datetime.date(1900, 1, 1)


def founding_date_errors(value) -> list[str]:
    """A founding date neither in the future nor before 1900."""
    if value is None:
        return []
    if value > timezone.localdate():
        return [f"成立日期{zh_date(value)}晚于今天，请核对。"]
    if value < EARLIEST_FOUNDING:
        return [f"成立日期{zh_date(value)}早于{EARLIEST_FOUNDING.year}年，请核对。"]
    return []
