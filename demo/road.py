"""Walking a project along the lifecycle through the same services the pages call, each step by the role that owns
it: what ``seed_demo`` does to tell its story and what the tests do to reach a state."""

from django.core.files.uploadedfile import SimpleUploadedFile

from funding.services import project_accept, task_letter_submit
from projects.lifecycle import MAIN_ROAD, STEPS
from projects.lifecycle.funnel import project_act, project_transition
from reviews.services import formal_review_decide, screening_decide

FORMAL_REVIEW_DECISIONS = ("recommend", "return_for_correction", "not_recommend")
SCREENING_DECISIONS = {"pass_screening": "pass", "screen_out": "screen_out"}


def road_to(last, *detour) -> tuple[str, ...]:
    """The main road up to ``last`` (inclusive), then ``detour``."""
    return (*MAIN_ROAD[: MAIN_ROAD.index(last) + 1], *detour)


def road_before(step) -> tuple[str, ...]:
    """The main-road steps before ``step`` (exclusive)."""
    return MAIN_ROAD[: MAIN_ROAD.index(step)]


def checklist_answers(project, decision, note) -> list[dict]:
    """The call's formal review checklist answered for ``decision``: every item met, except the first one for a
    return for correction and the last one for not recommending (with ``note``)."""
    checklist = project.call.review_checklist or []
    unmet = {"return_for_correction": 0, "not_recommend": len(checklist) - 1}.get(decision)
    return [{"item": item, "met": i != unmet, "note": note if i == unmet else ""} for i, item in enumerate(checklist)]


def take_step(project, name, *, by, comment="", reward_amount=None):
    """One step as its page would take it: the formal review with its checklist, screening, acceptance with its
    reward, every other step through the generic step form. Returns the project, reloaded."""
    if name in FORMAL_REVIEW_DECISIONS:
        note = comment or f"{STEPS[name].label}：请按要求修改。"
        formal_review_decide(
            project=project, by=by, decision=name, items=checklist_answers(project, name, note), opinion=comment
        )
    elif name in SCREENING_DECISIONS:
        screening_decide(project=project, by=by, decision=SCREENING_DECISIONS[name], reason=comment)
    elif name == "close_review":
        close_review_on_road(project, by=by, comment=comment)
    elif name == "accept":
        project_accept(project=project, by=by, reward_amount=reward_amount, comment=comment)
    elif name == "submit_task_letter":
        task_letter_submit(project=project, by=by, upload=signed_scan(project), comment=comment)
    elif name in NOTICE_ROAD_STEPS:
        notice_step_on_road(project, name, by=by, comment=comment)
    elif name == "close":  # S7: the evaluation conclusion first (``close`` requires it)
        evaluate_on_road(project, by=by)
        project_act(project=project, transition=name, by=by, comment=comment)
    elif STEPS[name].page.startswith("checks:"):
        # The checks' pages send a report inside its window (months after issuing): the road takes the step
        # itself; the demo's reports, decisions and wind-ups are added by demo/checks.py.
        project_transition(project=project, transition=name, by=by, comment=comment)
    else:
        project_act(project=project, transition=name, by=by, comment=comment)
    project.refresh_from_db()
    return project


# A one-page PDF standing for the scan of the signed and sealed task letter (S4).
SIGNED_SCAN_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def signed_scan(project):
    """The enterprise's upload of its signed and sealed task letter, as the task letter page takes it."""
    return SimpleUploadedFile(f"{project.number}_任务书（签章）.pdf", SIGNED_SCAN_PDF, content_type="application/pdf")


ROAD_EVALUATION = {
    "accepted": ("good", "项目完成任务书约定的主要指标，知识产权创造和运用能力明显提升，考评良好。"),
    "failed": ("fail", "主要考核指标未完成，验收不通过，考评不合格。"),
    "suspended": ("fail", "项目中止实施，考评不合格，按规定清理。"),
}


def evaluate_on_road(project, *, by):
    """The bureau's evaluation conclusion before closing, unless one is recorded (S7)."""
    from monitoring.models import Evaluation
    from monitoring.services import evaluation_record

    if Evaluation.objects.filter(project=project).exists():
        return
    conclusion, opinion = ROAD_EVALUATION.get(project.status, ROAD_EVALUATION["accepted"])
    evaluation_record(project=project, by=by, conclusion=conclusion, opinion=opinion)


def walk(project, steps, *, actor_for, comment_for=None, reward_for=None):
    """Take ``steps`` in order; ``actor_for(name)`` gives the user, ``comment_for(name)`` the comment (default: a
    comment only where the step needs one), ``reward_for(project)`` the reward amount on acceptance."""
    for name in steps:
        comment = (
            comment_for(name)
            if comment_for
            else (f"{STEPS[name].label}：测试意见" if STEPS[name].requires_comment else "")
        )
        reward = reward_for(project) if reward_for and name == "accept" else None
        take_step(project, name, by=actor_for(name), comment=comment, reward_amount=reward)
    return project


# ---- public notice and government approval on the road (notices) -------------------------------------------------
NOTICE_ROAD_STEPS = ("publish_notice", "open_objection", "uphold_objection", "dismiss_objection", "approve", "cut")


def notice_step_on_road(project, name, *, by, comment=""):
    """The notice's steps as their pages take them: the project joins its call's draft notice, which is published
    with a start far enough back that its period has ended (so ``close_notice`` may follow); an objection is filed
    in the period through the public form's service and decided on its page; the approval is recorded as the city
    government's decision of the year (one document number per call)."""
    from notices import services as notices
    from projects.lifecycle.funnel import project_transition

    if name == "publish_notice":
        project_transition(project=project, transition="publish_notice", by=by, comment=comment)
        notices.road_publish(project, by=by)
    elif name == "open_objection":
        notices.road_object(project, content=comment)
    elif name in ("uphold_objection", "dismiss_objection"):
        decision = "upheld" if name == "uphold_objection" else "dismissed"
        notices.road_decide(project, by=by, decision=decision, finding=comment)
    else:
        notices.road_decision(project, by=by, approve=name == "approve", reason=comment)


# ---- expert review on the road ------------------------------------------------------------------------------------
ROAD_OVERRIDE = "专家库中可分配的专家不足，经市知识产权局研究，按已有评分结束评审。"


def road_score(project_pk, expert_pk, criterion):
    """A demo score for one criterion: the application's quality (fixed per project) and the expert's leaning
    (by expert and project), within the criterion's maximum, one decimal."""
    from decimal import Decimal

    quality = 60 + (project_pk * 37) % 31  # 60–90 per cent
    leaning = (expert_pk * 13 + project_pk * 5 + criterion.position * 7) % 25 - 12  # −12…+12 points of per cent
    share = Decimal(min(max(quality + leaning, 40), 98)) / 100
    return (criterion.max_score * share).quantize(Decimal("0.1"))


def score_on_road(project, assignment):
    """The assigned expert fills and submits its sheet, through the scoring service."""
    from reviews.criteria import criteria_of
    from reviews.scoring import score_sheet_save

    criteria = criteria_of(project.call)
    return score_sheet_save(
        assignment=assignment,
        by=assignment.expert,
        scores={c.pk: road_score(project.pk, assignment.expert_id, c) for c in criteria},
        comments={c.pk: "" for c in criteria},
        opinion="申报材料完整，知识产权基础扎实，项目方案基本可行，建议按综合得分排序择优支持。",
        submit=True,
    )


def close_review_on_road(project, *, by, comment=""):
    """Expert review as the demo and the tests walk it, through the services the pages call: the pool's experts are
    assigned automatically up to the call's N (seeded with the project's pk: reproducible), each scores and submits,
    and the review of this one application is closed. When the pool cannot give N experts (the tests have none),
    it is closed with the override reason."""
    from reviews.assignment import active_profiles, assignment_auto
    from reviews.closing import CLOSE_COMMENT, review_close
    from reviews.models import ScoreSheet

    if active_profiles().exists():
        assignment_auto(call=project.call, by=by, projects=[project], seed=project.pk, fill_from_other_fields=True)
    assignments = project.expert_assignments.filter(conflict_of_interest=False).select_related("expert")
    for assignment in assignments.order_by("pk"):
        sheet = ScoreSheet.objects.filter(assignment=assignment).first()
        if sheet is None or not sheet.is_submitted:
            score_on_road(project, assignment)
    complete = assignments.count() >= project.call.min_experts_per_project
    review_close(
        call=project.call,
        by=by,
        projects=[project],
        override_reason="" if complete else ROAD_OVERRIDE,
        comment=comment or CLOSE_COMMENT,
    )
