"""The deadlines of the checks, for the reminders (``activity.deadlines``): the enterprise's mid-term report (S5),
its rectification (R5) and its acceptance material (S6, R5), each reminded on the call's offsets before it is due,
only once its window has opened."""

import datetime

from django.urls import reverse

from activity.deadlines import Deadline, Pending
from projects.enums import Status
from projects.models import Project

from .models import MidtermOutcome
from .schedule import acceptance_window, midterm_window, started_subquery


def _enterprise_pending(projects, today, window_of, what, url_name):
    for project in projects:
        window = window_of(project)
        if window is None or not window.opens_on <= today <= window.closes_on:
            continue
        for user in project.enterprise.users.all():
            if user.is_active:
                yield Pending(
                    user=user,
                    target=project,
                    due_on=window.closes_on,
                    offsets=project.call.reminder_offsets,
                    what=what(project),
                    url=reverse(url_name, args=[project.pk]),
                )


def _projects(status):
    return (
        Project.objects.filter(status=status)
        .annotate(started_at=started_subquery())
        .select_related("call", "enterprise")
        .prefetch_related("enterprise__users")
    )


def midterm_report(today: datetime.date):
    yield from _enterprise_pending(
        _projects(Status.UNDER_WAY),
        today,
        midterm_window,
        lambda p: f"贵企业{p.call.year}年度登峰行动计划项目的中期检查报告",
        "checks:midterm",
    )


def rectification(today: datetime.date):
    projects = _projects(Status.MIDTERM_RETURNED).prefetch_related("midterm_decisions")
    for project in projects:
        decisions = sorted(project.midterm_decisions.all(), key=lambda d: d.pk)
        last = decisions[-1] if decisions else None
        if last is None or last.outcome != MidtermOutcome.RECTIFY or last.deadline is None:
            continue
        for user in project.enterprise.users.all():
            if user.is_active:
                yield Pending(
                    user=user,
                    target=project,
                    due_on=last.deadline,
                    offsets=project.call.reminder_offsets,
                    what=f"贵企业{project.call.year}年度登峰行动计划项目的中期检查整改",
                    url=reverse("checks:midterm", args=[project.pk]),
                )


def acceptance(today: datetime.date):
    yield from _enterprise_pending(
        _projects(Status.CONTINUING),
        today,
        acceptance_window,
        lambda p: f"贵企业{p.call.year}年度登峰行动计划项目的期满验收材料",
        "checks:acceptance",
    )


MIDTERM_REPORT = Deadline("checks.midterm_report", "中期检查报告提交截止", midterm_report)
RECTIFICATION = Deadline("checks.rectification", "中期检查整改期限", rectification)
ACCEPTANCE = Deadline("checks.acceptance", "期满验收材料提交截止", acceptance)
