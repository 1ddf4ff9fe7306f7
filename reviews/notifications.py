"""What the enterprise is told of the district's and the bureau's decisions (phases 2–3), and what experts and the
bureau are told during expert review (phase 4): new assignments, a reopened sheet, a reminder, a replacement the
pool could not provide. Messages are written in the caller's transaction (``activity.messenger.notify``)."""

from collections import defaultdict

from django.urls import reverse

from accounts.models import Role, User
from activity.kinds import Kind, register_kind
from activity.messenger import notify
from common.formatting import zh_date
from projects.notifications import Notice, bureau_staff, enterprise_users, register_step_notices, step_kind

RETURNED = "reviews.returned"
RECOMMENDED = "reviews.recommended"
TO_SCREEN = "reviews.to_screen"
NOT_RECOMMENDED = "reviews.not_recommended"
SCREENING = "reviews.screening"
ASSIGNED = "reviews.assigned"
SHEET_REOPENED = "reviews.sheet_reopened"
SCORING_REMINDER = "reviews.scoring_reminder"
REPLACEMENT_SHORTFALL = "reviews.replacement_shortfall"


def register():
    step_kind(RETURNED, "申报书被退回修改", "reviews/messages/returned_subject.txt", "reviews/messages/returned.txt")
    step_kind(RECOMMENDED, "申报书获推荐", "reviews/messages/decision_subject.txt")
    step_kind(TO_SCREEN, "区级推荐的申报书（待市局初选）", "reviews/messages/to_screen_subject.txt")
    step_kind(NOT_RECOMMENDED, "申报书不予推荐", "reviews/messages/decision_subject.txt")
    step_kind(SCREENING, "初选结果", "reviews/messages/decision_subject.txt")
    register_step_notices("return_for_correction", Notice(RETURNED, enterprise_users))
    register_step_notices("recommend", Notice(RECOMMENDED, enterprise_users), Notice(TO_SCREEN, bureau_staff))
    register_step_notices("not_recommend", Notice(NOT_RECOMMENDED, enterprise_users))
    register_step_notices("pass_screening", Notice(SCREENING, enterprise_users))
    register_step_notices("screen_out", Notice(SCREENING, enterprise_users))
    for key, label, name in (
        (ASSIGNED, "新的专家评审任务", "assigned"),
        (SHEET_REOPENED, "评分表被退回修改", "sheet_reopened"),
        (SCORING_REMINDER, "专家评分催办", "scoring_reminder"),
        (REPLACEMENT_SHORTFALL, "回避后无可补派的专家", "replacement_shortfall"),
    ):
        register_kind(Kind(key, label, f"reviews/messages/{name}_subject.txt", f"reviews/messages/{name}.txt"))


def tell_assigned(*, call, assignments, projects):
    """One message per expert for the assignments just made: how many, which, and the scoring deadline."""
    by_expert = defaultdict(list)
    for assignment in assignments:
        by_expert[assignment.expert_id].append(projects[assignment.project_id])
    if not by_expert:
        return
    experts = User.objects.in_bulk(list(by_expert))
    for expert_id, assigned in by_expert.items():
        notify(
            kind=ASSIGNED,
            recipients=[experts[expert_id]],
            target=call,
            url=reverse("home"),
            context={
                "call": call,
                "projects": sorted(assigned, key=lambda p: p.pk),
                "count": len(assigned),
                "deadline": zh_date(call.expert_review_ends_on),
            },
        )


def tell_sheet_reopened(*, sheet, reason, by):
    project = sheet.project
    notify(
        kind=SHEET_REOPENED,
        recipients=[sheet.expert],
        target=project,
        url=reverse("reviews:score", args=[project.pk]),
        context={"project": project, "reason": reason, "deadline": zh_date(project.call.expert_review_ends_on)},
    )


def tell_scoring_reminder(*, call, expert, unfinished, by):
    return notify(
        kind=SCORING_REMINDER,
        recipients=[expert],
        target=call,
        url=reverse("home"),
        context={"call": call, "unfinished": unfinished, "deadline": zh_date(call.expert_review_ends_on)},
    )


def tell_replacement_shortfall(*, project, conflicted, run):
    bureau = User.objects.filter(role=Role.BUREAU, is_active=True).order_by("pk")
    notify(
        kind=REPLACEMENT_SHORTFALL,
        recipients=list(bureau),
        target=project,
        url=reverse("reviews:project_review", args=[project.pk]),
        context={"project": project, "conflicted": conflicted, "missing": run.shortfalls[0]["missing"]},
    )
