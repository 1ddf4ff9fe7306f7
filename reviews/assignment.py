"""Assigning experts to applications (R2): by hand, automatically, and as the replacement of an expert who declared a
conflict. Conflicted experts (``reviews.conflicts``) are never assigned; every write is atomic and Chinese-worded.

The automatic assignment (``plan``, pure) gives each application N experts:

1. the candidates of an application are the active experts of the pool whose fields of expertise include the
   application's industry (an expert who lists no field, or an application that names none, matches), minus
   the conflicted ones (organisation, organisations to keep away from, a declared conflict) and those assigned
   already; with
   ``fill_from_other_fields`` the other active, unconflicted experts may fill what the matched ones cannot;
2. the applications are served most constrained first (fewest spare candidates), ties in a seeded random order;
3. each takes the candidates with the lowest load (their assignments in the call), ties in a seeded random order
   of the pool.

Taking the least-loaded keeps the loads within one of each other whenever every expert could take every
application (a property test checks it); the seed is recorded on the ``AssignmentRun``, so the same pool, the same
applications and the same seed give the same assignment. An application the pool cannot serve is reported with
what it lacks, never silently given fewer.
"""

import random
import secrets
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from accounts.models import Role
from accounts.rules import is_bureau
from projects.enums import Status
from projects.models import AnnualCall, Partner, Project

from . import notifications
from .conflicts import conflict_between, expert_keys, parties_of, party_keys
from .models import AssignmentRun, ExpertAssignment, ExpertProfile

MAX_SEED = 2**31 - 1


# ---- the plan (pure) ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Need:
    """One application's want: ``wanted`` more experts, from ``matched`` (field matched) then ``others``."""

    project_id: int
    wanted: int
    matched: tuple[int, ...]
    others: tuple[int, ...] = ()


@dataclass
class Plan:
    picks: list[tuple[int, int]] = field(default_factory=list)  # (project_id, expert_id), in the order taken
    missing: dict[int, int] = field(default_factory=dict)  # project_id -> experts it still lacks
    from_other_fields: Counter = field(default_factory=Counter)  # project_id -> experts taken outside its field


def plan(needs, loads, seed, *, fill_from_other_fields=False) -> Plan:
    """The assignment of ``needs`` (see the module's docstring); ``loads``: {expert_id: assignments so far}."""
    rng = random.Random(seed)
    loads = Counter(loads)
    pool = sorted({e for n in needs for e in (*n.matched, *n.others)} | set(loads))
    rng.shuffle(pool)
    tie = {expert: i for i, expert in enumerate(pool)}
    needs = sorted(needs, key=lambda n: n.project_id)
    order = {n.project_id: rng.random() for n in needs}

    def spare(n):
        usable = len(n.matched) + (len(n.others) if fill_from_other_fields else 0)
        return usable - n.wanted

    result = Plan()
    for need in sorted(needs, key=lambda n: (spare(n), order[n.project_id])):
        if need.wanted <= 0:
            continue
        taken = sorted(need.matched, key=lambda e: (loads[e], tie[e]))[: need.wanted]
        if fill_from_other_fields and len(taken) < need.wanted:
            extra = sorted(set(need.others) - set(taken), key=lambda e: (loads[e], tie[e]))
            extra = extra[: need.wanted - len(taken)]
            result.from_other_fields[need.project_id] += len(extra)
            taken += extra
        for expert in taken:
            loads[expert] += 1
            result.picks.append((need.project_id, expert))
        if len(taken) < need.wanted:
            result.missing[need.project_id] = need.wanted - len(taken)
    return result


# ---- reading the pool and the applications --------------------------------------------------------------------
def active_profiles():
    return (
        ExpertProfile.objects.filter(is_active=True, user__is_active=True, user__role=Role.EXPERT)
        .select_related("user")
        .prefetch_related("expertise")
        .order_by("pk")
    )


def projects_with_parties(queryset):
    return queryset.select_related("enterprise", "industry", "call").prefetch_related(
        Prefetch("partners", queryset=Partner.objects.filter(is_joint_applicant=True).order_by("pk"))
    )


def call_loads(call) -> Counter:
    """{expert_id: unconflicted assignments in the call}."""
    rows = ExpertAssignment.objects.filter(project__call=call, conflict_of_interest=False).values_list(
        "expert_id", flat=True
    )
    return Counter(rows)


@dataclass(frozen=True)
class Candidate:
    """An expert as the manual assignment page shows it beside an application."""

    profile: ExpertProfile
    load: int
    matched: bool
    conflict: str  # why not ("" when the expert may be assigned)
    assigned: bool


def candidates_for(project, profiles, loads, assignments) -> list[Candidate]:
    """Every expert of ``profiles`` beside ``project``: its load, whether its fields match, any conflict."""
    parties = party_keys(parties_of(project))
    by_expert = {a.expert_id: a for a in assignments}
    rows = []
    for profile in profiles:
        assignment = by_expert.get(profile.user_id)
        conflict = conflict_between(expert_keys(profile), parties)
        if assignment is not None and assignment.conflict_of_interest:
            conflict = f"专家已声明回避：{assignment.conflict_reason}"
        fields = [f.pk for f in profile.expertise.all()]
        matched = project.industry_id is None or not fields or project.industry_id in fields
        rows.append(Candidate(profile, loads.get(profile.user_id, 0), matched, conflict, assignment is not None))
    return rows


def _needs(projects, profiles, per_project, assignments_by_project):
    keys = {p.user_id: expert_keys(p) for p in profiles}
    fields = {p.user_id: {f.pk for f in p.expertise.all()} for p in profiles}
    needs = []
    for project in projects:
        parties = party_keys(parties_of(project))
        existing = assignments_by_project.get(project.pk, [])
        taken = {a.expert_id for a in existing}
        have = sum(1 for a in existing if not a.conflict_of_interest)
        matched, others = [], []
        for profile in profiles:
            expert = profile.user_id
            if expert in taken or conflict_between(keys[expert], parties):
                continue
            if project.industry_id is None or not fields[expert] or project.industry_id in fields[expert]:
                matched.append(expert)
            else:
                others.append(expert)
        needs.append(Need(project.pk, max(per_project - have, 0), tuple(matched), tuple(others)))
    return needs


def _refuse_unless_bureau(by):
    if not is_bureau.test(by):
        raise PermissionDenied("只有市知识产权局可以分配评审专家。")


def _lock_call(call):
    AnnualCall.objects.select_for_update().only("pk").get(pk=call.pk)


def _shortfall(project, wanted, missing):
    return {
        "project_id": project.pk,
        "number": project.number,
        "enterprise": project.enterprise.name,
        "wanted": wanted,
        "assigned": wanted - missing,
        "missing": missing,
        "reason": f"符合条件（领域匹配、无回避）的专家不足，还差{missing}位。",
    }


# ---- the services ---------------------------------------------------------------------------------------------
def assignment_auto(*, call, by, seed=None, per_project=None, fill_from_other_fields=False, projects=None):
    """Give every application of ``call`` in expert review (or of ``projects``) ``per_project`` experts (default:
    the call's R2 number), counting those it has; the run records the seed and the shortfalls."""
    _refuse_unless_bureau(by)
    return _assign(
        call=call,
        by=by,
        seed=seed,
        per_project=per_project,
        fill_from_other_fields=fill_from_other_fields,
        projects=projects,
    )


def _assign(
    *,
    call,
    by,
    seed=None,
    per_project=None,
    fill_from_other_fields=False,
    projects=None,
    kind=AssignmentRun.Kind.AUTO,
    replaces=None,
) -> AssignmentRun:
    per_project = call.min_experts_per_project if per_project is None else per_project
    if not isinstance(per_project, int) or not 1 <= per_project <= 50:
        raise ValidationError({"per_project": ["每个项目的专家数应为1至50之间的整数。"]})
    if seed is None:
        seed = secrets.randbelow(MAX_SEED)
    if not isinstance(seed, int) or not 0 <= seed <= MAX_SEED:
        raise ValidationError({"seed": [f"随机种子应为0至{MAX_SEED}之间的整数。"]})
    with transaction.atomic():
        _lock_call(call)
        queryset = Project.objects.filter(call=call, status=Status.IN_REVIEW)
        if projects is not None:
            queryset = queryset.filter(pk__in=[p.pk for p in projects])
        targets = list(projects_with_parties(queryset.order_by("pk")))
        if not targets:
            raise ValidationError("没有处于“专家评审中”的项目，无需分配。")
        profiles = list(active_profiles())
        existing = defaultdict(list)
        for a in ExpertAssignment.objects.filter(project__in=[p.pk for p in targets]).only(
            "project_id", "expert_id", "conflict_of_interest"
        ):
            existing[a.project_id].append(a)
        needs = _needs(targets, profiles, per_project, existing)
        result = plan(needs, call_loads(call), seed, fill_from_other_fields=fill_from_other_fields)
        by_pk = {p.pk: p for p in targets}
        wanted = {n.project_id: n.wanted for n in needs}
        run = AssignmentRun.objects.create(
            call=call,
            kind=kind,
            seed=seed,
            per_project=per_project,
            fill_from_other_fields=fill_from_other_fields,
            project_ids=[p.pk for p in targets],
            assigned_count=len(result.picks),
            shortfalls=[_shortfall(by_pk[pk], wanted[pk], missing) for pk, missing in sorted(result.missing.items())],
            requested_by=by,
        )
        source = (
            ExpertAssignment.Source.AUTO if kind == AssignmentRun.Kind.AUTO else ExpertAssignment.Source.REPLACEMENT
        )
        created = bulk_create_with_history(
            [
                ExpertAssignment(
                    project_id=project, expert_id=expert, source=source, run=run, assigned_by=by, replaces=replaces
                )
                for project, expert in result.picks
            ],
            ExpertAssignment,
            default_user=by,
            default_change_reason=str(run.get_kind_display()),
        )
        notifications.tell_assigned(call=call, assignments=created, projects=by_pk)
    return run


def assignment_add(*, project, experts, by) -> list[ExpertAssignment]:
    """The bureau assigns ``experts`` (users) to ``project`` by hand; a conflicted, inactive, unlisted or already
    assigned expert refuses the whole request, naming each problem."""
    _refuse_unless_bureau(by)
    experts = list(experts)
    if not experts:
        raise ValidationError({"experts": ["请至少选择一位专家。"]})
    with transaction.atomic():
        _lock_call(project.call)
        locked = projects_with_parties(Project.objects.filter(pk=project.pk)).get()
        if locked.status != Status.IN_REVIEW:
            raise ValidationError(f"项目当前状态为“{locked.get_status_display()}”，只能为“专家评审中”的项目分配专家。")
        profiles = {
            p.user_id: p
            for p in ExpertProfile.objects.filter(user__in=experts).select_related("user").prefetch_related("expertise")
        }
        assigned = {a.expert_id: a for a in locked.expert_assignments.all()}
        parties = party_keys(parties_of(locked))
        problems = []
        for expert in experts:
            profile = profiles.get(expert.pk)
            name = expert.name or expert.username
            if expert.role != Role.EXPERT or profile is None:
                problems.append(f"{name}不在专家库中。")
            elif not (profile.is_active and expert.is_active):
                problems.append(f"{name}已停用，不能分配。")
            elif expert.pk in assigned:
                a = assigned[expert.pk]
                problems.append(
                    f"{name}已声明回避此项目（{a.conflict_reason}），不能再分配。"
                    if a.conflict_of_interest
                    else f"{name}已分配到此项目。"
                )
            else:
                conflict = conflict_between(expert_keys(profile), parties)
                if conflict:
                    problems.append(f"{name}须回避此项目：{conflict}")
        if problems:
            raise ValidationError({"experts": problems})
        created = []
        for expert in experts:
            assignment = ExpertAssignment(
                project=locked, expert=expert, source=ExpertAssignment.Source.MANUAL, assigned_by=by
            )
            assignment._change_reason = "人工分配"
            assignment.full_clean()
            assignment.save()
            created.append(assignment)
        notifications.tell_assigned(call=locked.call, assignments=created, projects={locked.pk: locked})
    return created


def assignment_remove(*, assignment, by) -> None:
    """Undo an assignment the expert has not started scoring (a mistaken pick)."""
    _refuse_unless_bureau(by)
    with transaction.atomic():
        locked = ExpertAssignment.objects.select_for_update().select_related("project").get(pk=assignment.pk)
        if locked.project.status != Status.IN_REVIEW:
            raise ValidationError("专家评审已结束，不能撤销分配。")
        if hasattr(locked, "sheet"):
            raise ValidationError("该专家已开始评分，不能撤销分配；如存在利益冲突，请由专家声明回避。")
        if locked.conflict_of_interest:
            raise ValidationError("已声明回避的分配作为记录保留，不能撤销。")
        locked._change_reason = "撤销分配"
        locked.delete()


def assignment_declare_conflict(*, assignment, by, reason) -> AssignmentRun | None:
    """回避: the expert (or the bureau for it) declares a conflict on an assignment, with a reason. The expert loses
    access at once; a replacement is assigned from the pool (its run returned), and the bureau is told if the
    pool has none."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError({"reason": ["请填写回避原因。"]})
    if len(reason) > 200:
        raise ValidationError({"reason": ["回避原因不能超过200个字。"]})
    with transaction.atomic():
        locked = ExpertAssignment.objects.select_for_update().select_related("project__call").get(pk=assignment.pk)
        if not (by.pk == locked.expert_id or is_bureau.test(by)):
            raise PermissionDenied("只能为自己的评审任务声明回避。")
        project = locked.project
        if project.status != Status.IN_REVIEW:
            raise ValidationError("本项目的专家评审已结束，不能再声明回避。")
        if locked.conflict_of_interest:
            raise ValidationError("您已声明回避此项目。")
        locked.conflict_of_interest = True
        locked.conflict_reason = reason
        locked.declared_at = timezone.now()
        locked._change_reason = f"声明回避：{reason}"
        locked.full_clean()
        locked.save()
        return _replace(locked, by=by)


def _replace(conflicted, *, by):
    """A replacement for a conflicted assignment (a field-matched expert if the pool has one, else any unconflicted
    active expert), recorded as a run of its own; the bureau hears of a shortfall."""
    project = conflicted.project
    run = _assign(
        call=project.call,
        by=by,
        projects=[project],
        fill_from_other_fields=True,
        kind=AssignmentRun.Kind.REPLACEMENT,
        replaces=conflicted,
    )
    if run.shortfalls:
        notifications.tell_replacement_shortfall(project=project, conflicted=conflicted, run=run)
    return run
