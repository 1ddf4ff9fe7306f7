"""Walking a project along the lifecycle through the same services the pages call, each step by the role that owns
it: what ``seed_demo`` does to tell its story and what the tests do to reach a state."""

from funding.services import project_accept
from projects.lifecycle import MAIN_ROAD, STEPS
from projects.lifecycle.funnel import project_act
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
    elif name == "accept":
        project_accept(project=project, by=by, reward_amount=reward_amount, comment=comment)
    else:
        project_act(project=project, transition=name, by=by, comment=comment)
    project.refresh_from_db()
    return project


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
