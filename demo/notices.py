"""The demo's public notices and official lists (issue 13): each year's applications were put on notice one by one
as the seed walked them (``demo.road``); here they become what the bureau really published — one notice a year
with every selected application in rank order, in the year's calendar — and each year's city-government decision
gets its date. This year: an earlier notice whose period has ended, and a notice in its period today with an open
objection. Direct writes of dates and groupings only, like ``backdate_timeline``; every state change went through
the funnel."""

import datetime

from django.db.models import F
from django.utils import timezone

from notices import calendar
from notices.models import DecisionEntry, GovernmentDecision, Notice, NoticeEntry, Objection
from projects.enums import Status
from projects.models import AnnualCall

CONTACT = "市知识产权局知识产权保护处 陈科长 0512-68630000"
SUPERVISOR = "市市场监管局机关纪委 0512-68630001"
IN_PERIOD = frozenset({Status.ON_NOTICE, Status.OBJECTION, Status.OBJECTION_UPHELD})


def _aware(day, hour=9):
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour, 0))


def _merge(notices, *, starts_on, closed):
    """One notice of all ``notices``' entries (in their order: score, then when they were added), from
    ``starts_on`` for the call's period."""
    keep, *others = notices
    entries = list(
        NoticeEntry.objects.filter(notice__in=notices).order_by(F("score").desc(nulls_last=True), "notice_id", "pk")
    )
    NoticeEntry.objects.filter(pk__in=[e.pk for e in entries]).update(position=F("position") + 1000)
    for n, entry in enumerate(entries, start=1):
        NoticeEntry.objects.filter(pk=entry.pk).update(notice=keep, position=n)
    Objection.objects.filter(notice__in=others).update(notice=keep)
    Notice.objects.filter(pk__in=[n.pk for n in others]).delete()
    ends_on = calendar.period_end(starts_on, keep.period_length, keep.period_unit)
    Notice.objects.filter(pk=keep.pk).update(
        starts_on=starts_on,
        ends_on=ends_on,
        published_at=_aware(starts_on - datetime.timedelta(days=1), 16),
        closed_at=_aware(ends_on + datetime.timedelta(days=1), 0) if closed else None,
    )
    for n, objection in enumerate(Objection.objects.filter(notice=keep).order_by("pk")):
        now = timezone.now()
        filed = min(_aware(min(starts_on + datetime.timedelta(days=1 + n % 2), ends_on), 10 + n % 5), now)
        filed = min(filed, now - datetime.timedelta(hours=3))
        decided = None
        if objection.state != Objection.State.OPEN:
            decided = max(min(_aware(ends_on, 15), now - datetime.timedelta(hours=1)), filed)
        Objection.objects.filter(pk=objection.pk).update(
            filed_at=filed, decided_at=decided, told_at=decided if objection.told_by else None
        )
    return keep


def seed_notices(today=None) -> dict:
    today = today or timezone.localdate()
    made = {"notices": 0, "decisions": 0}
    AnnualCall.objects.filter(notice_contact="").update(notice_contact=CONTACT)
    AnnualCall.objects.filter(notice_supervisor_phone="").update(notice_supervisor_phone=SUPERVISOR)
    for call in AnnualCall.objects.order_by("year"):
        notices = list(Notice.objects.filter(call=call, published_at__isnull=False).order_by("pk"))
        if call.year < today.year:
            if len(notices) > 1 or (notices and notices[0].starts_on.year != call.year):
                _merge(notices, starts_on=calendar.next_working_day(datetime.date(call.year, 7, 3)), closed=True)
                made["notices"] += 1
            GovernmentDecision.objects.filter(call=call).update(
                decided_on=datetime.date(call.year, 8, 18), recorded_at=_aware(datetime.date(call.year, 8, 19))
            )
            made["decisions"] += GovernmentDecision.objects.filter(call=call).count()
            continue
        current = [n for n in notices if n.entries.filter(project__status__in=IN_PERIOD).exists()]
        earlier = [n for n in notices if n not in current]
        if len(current) > 0 and current[0].ends_on < today:  # not yet moved into today's period
            start = today
            for _ in range(2):  # two working days ago: the period holds today
                start = _previous_working_day(start)
            _merge(current, starts_on=start, closed=False)
            made["notices"] += 1
        if len(earlier) > 1:
            start = calendar.next_working_day(today - datetime.timedelta(days=45))
            _merge(earlier, starts_on=start, closed=True)
            made["notices"] += 1
        made["decisions"] += GovernmentDecision.objects.filter(call=call).count()
    return made


def _previous_working_day(day):
    day -= datetime.timedelta(days=1)
    while not calendar.is_working_day(day):
        day -= datetime.timedelta(days=1)
    return day


def summary() -> dict:
    return {
        "notices": Notice.objects.filter(published_at__isnull=False).count(),
        "open_objections": Objection.objects.filter(state=Objection.State.OPEN).count(),
        "approved": DecisionEntry.objects.filter(outcome=DecisionEntry.Outcome.APPROVED).count(),
    }
