"""The deadlines of phase 1, for the reminders (``activity.deadlines``): the application close, for the enterprises
whose application in the call is still a draft."""

import datetime

from django.urls import reverse

from activity.deadlines import Deadline, Pending

from .enums import Status
from .models import AnnualCall, Project


def application_close(today: datetime.date):
    calls = AnnualCall.objects.filter(application_opens_on__lte=today, application_closes_on__gte=today)
    drafts = (
        Project.objects.filter(call__in=calls, status=Status.DRAFT)
        .select_related("call", "enterprise")
        .prefetch_related("enterprise__users")
    )
    for project in drafts:
        for user in project.enterprise.users.all():
            if user.is_active:
                yield Pending(
                    user=user,
                    target=project,
                    due_on=project.call.application_closes_on,
                    offsets=project.call.reminder_offsets,
                    what=f"贵企业{project.call.year}年度的申报书（草稿）",
                    url=reverse("projects:application_start", args=[project.pk]),
                )


APPLICATION_CLOSE = Deadline("projects.application_close", "申报截止", application_close)
