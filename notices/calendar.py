"""Working days in China (R3): the ``holidays`` package's China calendar (the State Council's notices: public
holidays and the make-up working days on weekends), then the bureau's own overrides (``CalendarOverride``), which
win — for a year the package does not know yet, or a late change."""

import datetime
from functools import lru_cache

import holidays

from projects.models.call import NoticePeriodUnit

from .models import CalendarOverride

LONGEST_SEARCH_DAYS = 120  # no period of 30 working days needs more; a guard against an override list gone wrong


@lru_cache(maxsize=32)
def _china(year: int):
    return holidays.country_holidays("CN", years=year)


def library_is_working_day(day: datetime.date) -> bool:
    """What the holiday calendar says: a weekday that is no public holiday, or a make-up working day."""
    return _china(day.year).is_working_day(day)


def overrides_between(first: datetime.date, last: datetime.date) -> dict[datetime.date, bool]:
    return dict(CalendarOverride.objects.filter(day__range=(first, last)).values_list("day", "is_working_day"))


def is_working_day(day: datetime.date, overrides: dict | None = None) -> bool:
    if overrides is None:
        overrides = overrides_between(day, day)
    if day in overrides:
        return overrides[day]
    return library_is_working_day(day)


def period_end(starts_on: datetime.date, length: int, unit: str) -> datetime.date:
    """The last day of a notice of ``length`` days from ``starts_on`` (counted as its first day). In working days
    the start must itself be a working day (the caller checks it)."""
    if length < 1:
        raise ValueError("length must be at least 1")
    if unit == NoticePeriodUnit.CALENDAR_DAYS:
        return starts_on + datetime.timedelta(days=length - 1)
    overrides = overrides_between(starts_on, starts_on + datetime.timedelta(days=LONGEST_SEARCH_DAYS))
    day, counted = starts_on, 0
    for _ in range(LONGEST_SEARCH_DAYS):
        if is_working_day(day, overrides):
            counted += 1
            if counted == length:
                return day
        day += datetime.timedelta(days=1)
    raise ValueError(f"no {length} working days within {LONGEST_SEARCH_DAYS} days of {starts_on}")


def next_working_day(day: datetime.date) -> datetime.date:
    overrides = overrides_between(day, day + datetime.timedelta(days=LONGEST_SEARCH_DAYS))
    for _ in range(LONGEST_SEARCH_DAYS):
        if is_working_day(day, overrides):
            return day
        day += datetime.timedelta(days=1)
    return day
