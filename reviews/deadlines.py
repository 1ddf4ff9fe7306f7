"""The deadline of phase 2, for the reminders: the district's formal review (with the bureau's extensions), for
the officials of each district that still has applications waiting."""

import datetime
from collections import Counter

from django.urls import reverse

from accounts.models import Role, User
from activity.deadlines import Deadline, Pending
from directory.models import District
from projects.enums import Status
from projects.lifecycle.review import district_deadline
from projects.models import AnnualCall, Project


def district_review(today: datetime.date):
    for call in AnnualCall.objects.filter(application_opens_on__lte=today):
        waiting = Counter(
            Project.objects.filter(call=call, status=Status.SUBMITTED).values_list("district_id", flat=True)
        )
        if not waiting:
            continue
        officials = User.objects.filter(role=Role.DISTRICT, district_id__in=waiting, is_active=True)
        districts = District.objects.in_bulk(list(waiting))
        for official in officials:
            probe = Project.objects.filter(call=call, district_id=official.district_id).select_related("call").first()
            due = district_deadline(probe)
            if due < today:
                continue
            yield Pending(
                user=official,
                target=districts[official.district_id],
                due_on=due,
                offsets=call.reminder_offsets,
                what=f"{districts[official.district_id].name}{call.year}年度待形式审查的申报书{waiting[official.district_id]}份",
                url=reverse("reviews:district"),
            )


DISTRICT_REVIEW = Deadline("reviews.district_review", "形式审查截止", district_review)
