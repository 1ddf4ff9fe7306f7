"""When a project's mid-term report and its acceptance are due (S5, S6, G2, R5).

The call's fixed dates (中期检查开始/截止日期, 验收开始/截止日期), when both are set, hold for all its projects.
Otherwise each project counts from the day it got under way (实施之日, its first entry into 实施中):
- 中期检查 opens ``call.midterm_months_after_start`` months later (default 12) for ``call.midterm_window_days``
  days (default 60, both days included);
- 期满验收 opens at the end of the implementation period (``call.implementation_years``, G2: 2 years) and is due
  ``call.acceptance_due_months`` months after it (R5: 3).
"""

import calendar
import datetime
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django_fsm_log.models import StateLog

from common.formatting import zh_date
from projects.enums import Status


@dataclass(frozen=True)
class Window:
    opens_on: datetime.date
    closes_on: datetime.date

    def contains(self, day) -> bool:
        return self.opens_on <= day <= self.closes_on

    def __str__(self):
        return f"{zh_date(self.opens_on)}至{zh_date(self.closes_on)}"


def add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` plus whole months; the 31st of a shorter month is its last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def started_subquery():
    """The time each project first entered 实施中 (for ``annotate(started_at=...)``): one subquery, any list size."""
    from projects.models import Project

    logs = StateLog.objects.filter(
        content_type=ContentType.objects.get_for_model(Project), object_id=OuterRef("pk"), state=Status.UNDER_WAY
    ).order_by("timestamp", "pk")
    return Subquery(logs.values("timestamp")[:1])


def started_on(project) -> datetime.date | None:
    """The day ``project`` got under way (annotated as ``started_at`` on lists), or None before it did."""
    if hasattr(project, "started_at"):
        stamp = project.started_at
    else:
        stamp = (
            StateLog.objects.for_(project)
            .filter(state=Status.UNDER_WAY)
            .order_by("timestamp", "pk")
            .values_list("timestamp", flat=True)
            .first()
        )
    return timezone.localtime(stamp).date() if stamp else None


_UNSET = object()


def midterm_window(project, *, started=_UNSET) -> Window | None:
    """S5: the days in which the mid-term report may be sent; None before the project is under way."""
    call = project.call
    if call.midterm_opens_on and call.midterm_closes_on:
        return Window(call.midterm_opens_on, call.midterm_closes_on)
    start = started_on(project) if started is _UNSET else started
    if start is None:
        return None
    opens = add_months(start, call.midterm_months_after_start)
    return Window(opens, opens + datetime.timedelta(days=max(call.midterm_window_days, 1) - 1))


def acceptance_window(project, *, started=_UNSET) -> Window | None:
    """S6/R5: from the end of the implementation period (G2) to the due day, 3 months after by default."""
    call = project.call
    if call.acceptance_opens_on and call.acceptance_closes_on:
        return Window(call.acceptance_opens_on, call.acceptance_closes_on)
    start = started_on(project) if started is _UNSET else started
    if start is None:
        return None
    ends = add_months(start, 12 * call.implementation_years)
    return Window(ends, add_months(ends, call.acceptance_due_months))
