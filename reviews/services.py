"""District formal review (形式审查) and bureau screening (初选): decisions through the project lifecycle."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.rules import acts_for_own_district, is_bureau
from common.feedback import error_messages
from common.formatting import zh_date
from projects.enums import Status
from projects.lifecycle.funnel import project_transition
from projects.models import Project
from projects.selectors import PROJECT_LISTS

from .models import DistrictDeadlineExtension, FormalReview

DECISIONS = {d.value for d in FormalReview.Decision}
# The state each decision leads to (the hook reads the decision off the saved state).
DECISION_OF_STATUS = {
    Status.RECOMMENDED: FormalReview.Decision.RECOMMEND,
    Status.RETURNED: FormalReview.Decision.RETURN,
    Status.NOT_RECOMMENDED: FormalReview.Decision.NOT_RECOMMEND,
}


def _checked_items(project, items):
    """The call's checklist answered item by item: [{item, met, note}] in the call's order."""
    checklist = project.call.review_checklist or []
    answers = {i.get("item"): i for i in items or []}
    missing = [name for name in checklist if name not in answers or answers[name].get("met") is None]
    if missing:
        raise ValidationError({"items": [f"请逐项填写形式审查要点：{'、'.join(missing)}。"]})
    return [
        {"item": name, "met": bool(answers[name]["met"]), "note": (answers[name].get("note") or "").strip()}
        for name in checklist
    ]


JUDGEMENT_REASON = "该申报未达到E3/T3数量要求、按可适当放宽条件（X）申报，推荐或通过时请写明研判理由。"


def _needs_judgement(project):
    """X: a relaxed applicant that misses the numbers goes on only with the official's recorded reasoning."""
    return project.eligibility_verdict == "needs_judgement"


def formal_review_decide(*, project, by, decision, items, opinion="") -> FormalReview:
    """The district's decision on a submitted application, with the checklist (S2).

    Recommend needs every item met; return for correction needs at least one unmet item with a note the
    enterprise can act on; not recommending needs a reason.
    """
    if decision not in DECISIONS:
        raise ValidationError({"decision": ["请选择审查结论。"]})
    opinion = (opinion or "").strip()
    checked = _checked_items(project, items)
    unmet = [i for i in checked if not i["met"]]
    if decision == FormalReview.Decision.RECOMMEND and unmet:
        names = "、".join(i["item"] for i in unmet)
        raise ValidationError({"items": [f"以下要点未通过，不能推荐：{names}。请退回修改或不予推荐。"]})
    if decision == FormalReview.Decision.RETURN:
        if not unmet:
            raise ValidationError({"items": ["退回修改时请至少标出一项未通过的要点。"]})
        if any(not i["note"] for i in unmet):
            raise ValidationError({"items": ["请为每一项未通过的要点写明需要企业修改的内容。"]})
    if decision == FormalReview.Decision.NOT_RECOMMEND and not opinion:
        raise ValidationError({"opinion": ["不予推荐时必须填写理由。"]})
    if decision == FormalReview.Decision.RECOMMEND and not opinion and _needs_judgement(project):
        raise ValidationError({"opinion": [JUDGEMENT_REASON]})

    # The audit trail says what the enterprise must change even when no overall opinion was written.
    comment = opinion or "；".join(f"{i['item']}：{i['note']}" for i in unmet)
    project_transition(
        project=project, transition=decision, by=by, comment=comment, data={"items": checked, "opinion": opinion}
    )
    return project.formal_reviews.order_by("-round").first()


def formal_review_record(*, project, by, data=None, **_):
    """Hook of the district's three decisions: the round's checklist and opinion, kept with the step (inside its
    transaction). The pages reach these steps only through ``formal_review_decide``; a step fired without a
    checklist (code, not a page) records no round."""
    data = data or {}
    if "items" not in data:
        return
    last = project.formal_reviews.order_by("-round").values_list("round", flat=True).first() or 0
    FormalReview.objects.create(
        project=project,
        round=last + 1,
        items=data["items"],
        decision=DECISION_OF_STATUS[project.status],
        opinion=data.get("opinion", ""),
        reviewer=by,
    )
    if project.status == Status.RECOMMENDED:  # last in the district's order until it reorders
        ordered = Project.objects.filter(call=project.call, district=project.district, status=Status.RECOMMENDED)
        Project.objects.filter(pk=project.pk).update(recommendation_order=ordered.exclude(pk=project.pk).count() + 1)


def formal_review_respond(*, project, by, response):
    """The enterprise's answer to the latest return, kept with that review round (shown to the district)."""
    from projects.services import application_edit

    def apply(locked):
        review = locked.formal_reviews.order_by("-round").first()
        if review is None or review.decision != FormalReview.Decision.RETURN:
            raise ValidationError("该申报书没有需要答复的退回意见。")
        review.enterprise_response = (response or "").strip()
        review.save(update_fields=["enterprise_response"])

    return application_edit(project=project, by=by, apply=apply)


def district_set_order(*, call, district, by, project_ids) -> None:
    """推荐顺序: the district orders its recommended applications (1 = first)."""
    if not (acts_for_own_district.test(by, district) or is_bureau.test(by)):
        raise PermissionDenied("只能为本市、区的推荐项目排序。")
    ids = [int(pk) for pk in project_ids]
    with transaction.atomic():
        recommended = {
            p.pk: p
            for p in Project.objects.select_for_update().filter(call=call, district=district, status=Status.RECOMMENDED)
        }
        if len(set(ids)) != len(ids) or set(ids) != set(recommended):
            raise ValidationError("排序必须包含本市、区全部已推荐项目，且每个项目只出现一次。页面可能已过期，请刷新。")
        for order, pk in enumerate(ids, start=1):
            Project.objects.filter(pk=pk).update(recommendation_order=order)
        PROJECT_LISTS.invalidate_now_and_on_commit()  # an update() sends no signal: the screening list's order


MAX_EXTENSION_DAYS = 60


def district_reopen(*, call, district, by, until, reason) -> DistrictDeadlineExtension:
    """The bureau reopens a district's formal review after the deadline."""
    if not is_bureau.test(by):
        raise PermissionDenied("只有市知识产权局可以重新开放形式审查。")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": ["请填写重新开放的原因。"]})
    if until < call.district_review_deadline:
        raise ValidationError({"until": ["延长日期不能早于原形式审查截止日期。"]})
    if until < timezone.localdate():
        raise ValidationError({"until": ["延长日期不能早于今天。"]})
    latest = call.district_review_deadline + datetime.timedelta(days=MAX_EXTENSION_DAYS)
    if call.expert_review_starts_on:
        latest = min(latest, call.expert_review_starts_on - datetime.timedelta(days=1))
    if until > latest:
        limit = f"原截止日期后{MAX_EXTENSION_DAYS}天内，且在专家评审开始之前"
        raise ValidationError({"until": [f"延长日期最晚为{zh_date(latest)}（{limit}）。"]})
    extension = DistrictDeadlineExtension(call=call, district=district, until=until, reason=reason, granted_by=by)
    extension.full_clean()
    extension.save()
    return extension


SCREENING = {"pass": "pass_screening", "screen_out": "screen_out"}


def screening_decide(*, project, by, decision, reason=""):
    """初选: pass to expert review, or screen out with a reason (S3)."""
    if decision not in SCREENING:
        raise ValidationError({"decision": ["请选择初选结论。"]})
    if decision == "pass" and not (reason or "").strip() and _needs_judgement(project):
        raise ValidationError({"comment": [JUDGEMENT_REASON]})
    return project_transition(project=project, transition=SCREENING[decision], by=by, comment=reason)


def screening_bulk(*, projects, by, decision, reason=""):
    """Screen many applications; each in its own transaction. Returns [(project, ok, message)] so that one
    failure neither undoes nor hides the others."""
    outcomes = []
    for project in projects:
        try:
            screening_decide(project=project, by=by, decision=decision, reason=reason)
        except (ValidationError, PermissionDenied) as exc:
            message = "；".join(error_messages(exc))
            outcomes.append((project, False, message))
        else:
            outcomes.append((project, True, "已" + ("通过初选" if decision == "pass" else "初选不通过")))
    return outcomes
