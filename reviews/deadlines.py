"""The deadlines of the reviews, for the reminders: the district's formal review (phase 2, with the bureau's
extensions) for the officials of each district that still has applications waiting; the experts' scoring (phase 4,
the call's expert review end) for each expert with sheets still to submit."""

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


def scoring(today: datetime.date):
    """R2: each expert with sheets still to submit in a call whose expert review ends on or after ``today``."""
    from django.db.models import Count, Q

    from .models import ExpertAssignment

    for call in AnnualCall.objects.filter(expert_review_ends_on__gte=today):
        rows = (
            ExpertAssignment.objects.filter(
                project__call=call, project__status=Status.IN_REVIEW, conflict_of_interest=False
            )
            .filter(Q(sheet__isnull=True) | ~Q(sheet__status="submitted"))
            .values("expert_id")
            .annotate(n=Count("pk"))
            .order_by("expert_id")
        )
        counts = {row["expert_id"]: row["n"] for row in rows}
        for expert in User.objects.filter(pk__in=counts, is_active=True).order_by("pk"):
            yield Pending(
                user=expert,
                target=call,
                due_on=call.expert_review_ends_on,
                offsets=call.reminder_offsets,
                what=f"{call.year}年度待提交的专家评分表{counts[expert.pk]}份",
                url=reverse("home"),
            )


SCORING = Deadline("reviews.scoring", "专家评分截止", scoring)
