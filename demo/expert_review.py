"""The demo's expert review (issue 12): the five demo experts in the pool, with their organisations, fields and the
organisations they keep away from; this year's applications in expert review scored in part (some sheets
submitted, some drafts, some not started; one declared conflict); earlier years' reviews closed and ranked, their
funded projects with the experts' sheets (scored on the road, ``demo.road.close_review_on_road``), moved back into
their call's calendar.

Idempotent like the rest of the seed: a profile is made only for an expert without one, a sheet only where the
application has none, the calendar moved only for what the run just walked.
"""

import datetime
from dataclasses import dataclass

from django_fsm_log.models import StateLog

from directory.models import IndustryChain
from projects.enums import Status
from projects.models import Project
from reviews.models import ExpertProfile, RankingSnapshot, ScoreSheet
from reviews.scoring import score_sheet_save

from .road import score_on_road


@dataclass(frozen=True)
class ExpertSpec:
    username: str
    organisation: str
    title: str
    fields: tuple[str, ...]
    avoid: tuple[str, ...] = ()
    phone: str = ""


# Fictional; none of these organisations is a demo enterprise or one of its joint partners, except what each keeps
# away from (demo-expert5 consulted for 苏州钧衡半导体设备有限公司, on which it declared its conflict).
EXPERTS = [
    ExpertSpec("demo-expert1", "苏州科技大学", "教授", ("集成电路", "人工智能", "软件和信息服务", "信息通信与显示")),
    ExpertSpec(
        "demo-expert2", "江苏省知识产权保护中心（演示）", "研究员", ("生物医药和高端医疗器械", "生物医药", "纳米新材料")
    ),
    ExpertSpec(
        "demo-expert3", "上海交通大学", "教授级高级工程师", ("高端装备", "高端装备制造", "智能装备", "汽车及零部件")
    ),
    ExpertSpec(
        "demo-expert4",
        "苏州市专利代理师协会（演示）",
        "专利代理师",
        ("新材料", "新能源", "光通信", "新型显示"),
        avoid=("苏州衡信知识产权代理有限公司（演示）",),
    ),
    ExpertSpec(
        "demo-expert5",
        "中国科学院苏州生物医学工程技术研究所（演示）",
        "研究员",
        ("集成电路设计与制造", "节能环保", "高端纺织", "航空航天"),
        avoid=("苏州钧衡半导体设备有限公司",),
    ),
]
# This year's applications in expert review (by enterprise key): which demo experts have submitted, which hold a
# draft; the others have not started.
PARTIAL_SCORES = {27: {"submitted": ("demo-expert1", "demo-expert2", "demo-expert3"), "draft": ("demo-expert4",)}}
PARTIAL_SCORES[21] = {"submitted": ("demo-expert1",), "draft": ("demo-expert2",)}


def seed_pool(seeder):
    """The demo experts join the pool (before any project is walked: the road assigns from it)."""
    fields = {c.name: c for c in IndustryChain.objects.filter(is_active=True)}
    for spec in EXPERTS:
        user = seeder.users[spec.username]
        if ExpertProfile.objects.filter(user=user).exists():
            continue
        profile = ExpertProfile(
            user=user, organisation=spec.organisation, title=spec.title, avoid_organisations=list(spec.avoid)
        )
        profile.full_clean()
        profile.save()
        profile.expertise.set([fields[name] for name in spec.fields if name in fields])
        seeder.result.created["experts"] += 1


def seed_scoring(seeder, call):
    """This year's applications in expert review scored in part, through the scoring service as each expert would."""
    for key, plan in PARTIAL_SCORES.items():
        project = Project.objects.filter(call=call, enterprise=seeder.enterprises[key], status=Status.IN_REVIEW).first()
        if project is None or ScoreSheet.objects.filter(project=project).exists():
            continue
        for assignment in project.expert_assignments.filter(conflict_of_interest=False).select_related("expert"):
            username = assignment.expert.username
            if username in plan["submitted"]:
                score_on_road(project, assignment)
            elif username in plan["draft"]:
                score_sheet_save(
                    assignment=assignment,
                    by=assignment.expert,
                    scores={},
                    opinion="（草稿）正在审阅专利清单与研发机构证明材料。",
                )


def backdate(project):
    """Demo history: an earlier year's project's sheets and rankings moved to the day its review closed (after the
    seed moved its StateLog rows back into the call's calendar)."""
    closed = StateLog.objects.for_(project).filter(transition="close_review").values_list("timestamp", flat=True)
    closed_at = closed.first()
    if closed_at is None:
        return
    submitted = closed_at - datetime.timedelta(days=3)
    ScoreSheet.objects.filter(project=project).update(
        created_at=submitted - datetime.timedelta(days=2), updated_at=submitted, submitted_at=submitted
    )
    RankingSnapshot.objects.filter(entries__project=project, entries__closed_here=True).update(closed_at=closed_at)
    project.expert_assignments.update(assigned_at=closed_at - datetime.timedelta(days=12))
