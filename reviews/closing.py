"""Closing the expert review of a call and selecting who goes on to the public notice.

``review_close`` closes the call's applications in expert review (or a given few): each must have every
unconflicted expert's sheet submitted and at least N of them (R2), unless the bureau overrides with a reason. It
freezes a ranking (``RankingSnapshot``: every application of the call closed so far, ranked with the rules of the
call, the rules copied) and then fires ``close_review`` for each application through the lifecycle funnel — whose
condition (``projects.lifecycle.review``) accepts an incomplete application only when its entry in the ranking
carries the override reason. All or nothing.

``selection_confirm`` sends the selected applications of the latest ranking on to public notice (``publish_notice``)
and the others to ``not_select`` with the reason recorded; by default the page proposes the top F1.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.rules import is_bureau
from projects.enums import ENDED_STATES, PHASE_OF_STATUS, Phase, Status
from projects.lifecycle.funnel import project_transition
from projects.models import AnnualCall, Project

from .aggregation import Rules, call_results
from .criteria import criteria_of
from .models import RankingEntry, RankingSnapshot

CLOSE_COMMENT = "专家评审结束，已按综合得分排名。"
# Past expert review and still in the running: what the F1 count of a selection starts from.
SENT_ON = frozenset(s for s, p in PHASE_OF_STATUS.items() if p > Phase.EXPERT_REVIEW and s not in ENDED_STATES)


def latest_ranking(call) -> RankingSnapshot | None:
    return call.rankings.order_by("-version").first()


def _refuse_unless_bureau(by, what):
    if not is_bureau.test(by):
        raise PermissionDenied(f"只有市知识产权局可以{what}。")


def review_close(*, call, by, override_reason="", projects=None, comment=CLOSE_COMMENT) -> RankingSnapshot:
    """Close the expert review of ``call``'s applications in review (or of ``projects``) and freeze the ranking."""
    _refuse_unless_bureau(by, "结束专家评审")
    override_reason = (override_reason or "").strip()
    rules = Rules.of(call)
    with transaction.atomic():
        AnnualCall.objects.select_for_update().only("pk").get(pk=call.pk)
        closing = Project.objects.filter(call=call, status=Status.IN_REVIEW)
        if projects is not None:
            closing = closing.filter(pk__in=[p.pk for p in projects])
        closing_ids = set(closing.values_list("pk", flat=True))
        if not closing_ids:
            raise ValidationError("没有处于“专家评审中”的项目，无需结束评审。")
        previous = latest_ranking(call)
        ranked = (
            Q(pk__in=closing.values("pk")) | Q(ranking_entries__snapshot=previous)
            if previous
            else Q(pk__in=closing.values("pk"))
        )
        results = call_results(Project.objects.filter(call=call).filter(ranked).distinct(), rules)
        incomplete = [r for r in results if r.project.pk in closing_ids and not r.is_complete(rules.min_experts)]
        if incomplete and not override_reason:
            lines = [
                f"{r.project.number} {r.project.enterprise.name}：{r.missing_text(rules.min_experts)}"
                for r in incomplete
            ]
            raise ValidationError(
                [f"以下{len(incomplete)}个项目评分尚未完成（R2），不能结束评审：", *lines]
                + ["如确需结束，请填写理由后强制结束评审。"]
            )
        snapshot = RankingSnapshot.objects.create(
            call=call,
            version=(previous.version + 1) if previous else 1,
            method=rules.method,
            min_experts=rules.min_experts,
            trim_min_sheets=rules.trim_min_sheets,
            outlier_points=rules.outlier_points,
            disagreement_std_dev=rules.disagreement_std_dev,
            criteria=[{"name": c.name, "max_score": c.max_score} for c in criteria_of(call)],
            override_reason=override_reason if incomplete else "",
            closed_by=by,
        )
        kept = {e.project_id: e for e in previous.entries.all()} if previous else {}
        incomplete_ids = {r.project.pk for r in incomplete}
        RankingEntry.objects.bulk_create(
            _entry(snapshot, r, closing_ids, incomplete_ids, override_reason, kept.get(r.project.pk)) for r in results
        )
        for result in results:
            if result.project.pk in closing_ids:
                project_transition(project=result.project, transition="close_review", by=by, comment=comment)
    return snapshot


def _entry(snapshot, result, closing_ids, incomplete_ids, override_reason, previous_entry):
    a = result.aggregate
    return RankingEntry(
        snapshot=snapshot,
        project=result.project,
        rank=result.rank,
        sheet_count=a.count,
        mean=a.mean,
        trimmed_mean=a.trimmed_mean,
        median=a.median,
        final=a.final,
        std_dev=a.std_dev,
        disagreement=a.disagreement,
        outliers=sum(a.outliers),
        scores=[
            {"expert_id": s.expert_id, "expert": s.expert, "total": str(s.total), "outlier": s.outlier}
            for s in result.sheets
        ],
        priority_flags=result.priority_flags,
        valid_invention_patents=result.valid_invention_patents,
        foreign_invention_applications=result.foreign_invention_applications,
        foreign_invention_grants=result.foreign_invention_grants,
        override_reason=override_reason
        if result.project.pk in incomplete_ids
        else (previous_entry.override_reason if previous_entry else ""),
        closed_here=result.project.pk in closing_ids,
        selected=previous_entry.selected if previous_entry else None,
    )


def selection_candidates(snapshot):
    """The entries of a ranking that still wait for the selection: their application is ranked, not yet sent on."""
    return snapshot.entries.filter(project__status=Status.REVIEWED).select_related(
        "project__enterprise", "project__district", "project__call"
    )


def already_sent_on(call) -> int:
    """Applications of the call past expert review and still in the running (on notice or later)."""
    return Project.objects.filter(call=call, status__in=SENT_ON).count()


def selection_confirm(*, snapshot, by, selected_ids, reason) -> dict:
    """Send the selected applications of ``snapshot`` (the call's latest ranking) on to public notice and the other
    ranked ones to 评审未入选 with ``reason``. At most F1 in the running; all or nothing."""
    _refuse_unless_bureau(by, "确定公示名单")
    reason = (reason or "").strip()
    call = snapshot.call
    selected_ids = {int(pk) for pk in selected_ids}
    with transaction.atomic():
        AnnualCall.objects.select_for_update().only("pk").get(pk=call.pk)
        latest = latest_ranking(call)
        if latest is None or latest.pk != snapshot.pk:
            raise ValidationError("该排名已不是最新版本，请刷新页面后按最新排名确定公示名单。")
        candidates = list(selection_candidates(snapshot).order_by("rank"))
        if not candidates:
            raise ValidationError("该排名中没有待确定是否公示的项目。")
        by_project = {e.project_id: e for e in candidates}
        unknown = selected_ids - set(by_project)
        if unknown:
            raise ValidationError("所选项目不在本次排名的待定名单中，页面可能已过期，请刷新。")
        rejected = [e for e in candidates if e.project_id not in selected_ids]
        if rejected and not reason:
            raise ValidationError({"reason": ["请填写未入选项目的理由（将记入各项目的办理记录）。"]})
        sent = already_sent_on(call)
        if sent + len(selected_ids) > call.max_projects:
            raise ValidationError(
                {
                    "selected": [
                        f"本年度立项上限为{call.max_projects}个（F1），已有{sent}个项目进入公示及后续程序，"
                        f"本次最多还能选择{max(call.max_projects - sent, 0)}个，现选择了{len(selected_ids)}个。"
                    ]
                }
            )
        for entry in candidates:
            if entry.project_id in selected_ids:
                project_transition(project=entry.project, transition="publish_notice", by=by, comment="")
            else:
                project_transition(project=entry.project, transition="not_select", by=by, comment=reason)
        RankingEntry.objects.filter(snapshot=snapshot, project_id__in=selected_ids).update(selected=True)
        RankingEntry.objects.filter(snapshot=snapshot, project_id__in=[e.project_id for e in rejected]).update(
            selected=False
        )
        RankingSnapshot.objects.filter(pk=snapshot.pk).update(
            selected_at=timezone.now(), selected_by=by, not_selected_reason=reason
        )
    snapshot.refresh_from_db()
    return {"selected": len(selected_ids), "not_selected": len(rejected)}
