"""The bureau's expert review pages of a call: the overview, the scoring criteria, the automatic assignment, the
progress (per expert and per application, with reminders), the ranking (live until closed, then frozen) with the
closing and the selection for the public notice, the review summary PDF; and the page of one application (its
experts and sheets, the manual assignment with each candidate's organisation, fields, load and conflicts).

Everything here is the bureau's: other users get the Chinese 403 page, or a 404 where a URL names an object.
Decisions go through the services; their refusals become messages or form errors, and nothing changes.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, F, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.models import User
from accounts.rules import is_bureau
from common.feedback import flash_errors, require
from documents.generation import document_request
from projects.enums import Status
from projects.models import AnnualCall, Project
from projects.selectors import project_visible_or_404

from . import notifications
from .aggregation import Rules, call_results
from .assignment import active_profiles, assignment_add, assignment_auto, assignment_remove, call_loads, candidates_for
from .closing import already_sent_on, latest_ranking, review_close, selection_candidates, selection_confirm
from .criteria import criteria_frozen, criteria_of, criteria_replace
from .forms import AutoAssignForm, CloseReviewForm, ReasonForm
from .interfaces.score_export import KIND as SCORE_EXPORT
from .models import AssignmentRun, ExpertAssignment, ScoreSheet
from .pdf import SUMMARY, SUMMARY_NAMED
from .scoring import score_sheet_reopen
from .selectors import current_review_call, expert_progress

PAGE_SIZE = 50
SELECTION_ROWS = 100
ONLY_BUREAU = "只有市知识产权局可以组织专家评审。"


def _call_or_404(request, year):
    require(is_bureau, request.user, ONLY_BUREAU)
    return get_object_or_404(AnnualCall, year=year)


def _calls():
    return AnnualCall.objects.order_by("-year").values_list("year", flat=True)


@login_required
def review_home(request):
    require(is_bureau, request.user, ONLY_BUREAU)
    call = current_review_call()
    if call is None:
        messages.info(request, "尚未发布年度申报指南。")
        return redirect("home")
    return redirect("reviews:call_review", year=call.year)


# ---- overview -----------------------------------------------------------------------------------------------
@login_required
def call_review(request, year):
    call = _call_or_404(request, year)
    by_status = dict(
        Project.objects.filter(call=call, status__in=[Status.IN_REVIEW, Status.REVIEWED, Status.NOT_SELECTED])
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    assignments = ExpertAssignment.objects.filter(project__call=call, project__status=Status.IN_REVIEW)
    counts = assignments.aggregate(
        assigned=Count("pk", filter=Q(conflict_of_interest=False)),
        submitted=Count("pk", filter=Q(conflict_of_interest=False, sheet__status=ScoreSheet.Status.SUBMITTED)),
        conflicts=Count("pk", filter=Q(conflict_of_interest=True)),
    )
    return render(
        request,
        "reviews/call_review.html",
        {
            "call": call,
            "calls": _calls(),
            "in_review": by_status.get(Status.IN_REVIEW, 0),
            "reviewed": by_status.get(Status.REVIEWED, 0),
            "not_selected": by_status.get(Status.NOT_SELECTED, 0),
            "counts": counts,
            "pool": active_profiles().count(),
            "criteria": criteria_of(call),
            "ranking": latest_ranking(call),
            "runs": call.assignment_runs.select_related("requested_by").order_by("-created_at", "-pk")[:5],
        },
    )


# ---- criteria -----------------------------------------------------------------------------------------------
CRITERIA_EXTRA_ROWS = 2


@login_required
def criteria(request, year):
    call = _call_or_404(request, year)
    frozen = criteria_frozen(call)
    rows = [{"name": c.name, "max_score": c.max_score, "guidance": c.guidance} for c in criteria_of(call)]
    errors = []
    if request.method == "POST":
        count = min(int(request.POST.get("rows", "0") or 0) if request.POST.get("rows", "").isdigit() else 0, 30)
        rows = [
            {
                "name": request.POST.get(f"name_{i}", ""),
                "max_score": request.POST.get(f"max_score_{i}", ""),
                "guidance": request.POST.get(f"guidance_{i}", ""),
            }
            for i in range(count)
        ]
        try:
            criteria_replace(call=call, by=request.user, rows=rows)
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(request, f"已保存{call.year}年度评分标准。")
            return redirect("reviews:criteria", year=call.year)
    if not frozen:
        rows = rows + [{"name": "", "max_score": "", "guidance": ""}] * CRITERIA_EXTRA_ROWS
    return render(
        request,
        "reviews/criteria.html",
        {
            "call": call,
            "rows": list(enumerate(rows)),
            "frozen": frozen,
            "errors": errors,
            "total": sum(int(r["max_score"]) for r in rows if str(r["max_score"]).isdigit()),
        },
    )


# ---- automatic assignment -----------------------------------------------------------------------------------
@login_required
def assign_auto(request, year):
    call = _call_or_404(request, year)
    form = AutoAssignForm(request.POST or None, initial={"per_project": call.min_experts_per_project})
    if request.method == "POST" and form.is_valid():
        try:
            run = assignment_auto(
                call=call,
                by=request.user,
                seed=form.cleaned_data["seed"],
                per_project=form.cleaned_data["per_project"],
                fill_from_other_fields=form.cleaned_data["fill_from_other_fields"],
            )
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            text = f"自动分配完成（随机种子{run.seed}）：新分配{run.assigned_count}人次。"
            if run.shortfalls:
                messages.warning(request, text + f"{len(run.shortfalls)}个项目专家不足，详见下表。")
            else:
                messages.success(request, text + "每个项目均已分配足额专家。")
            return redirect(f"{reverse('reviews:assign_auto', args=[call.year])}?run={run.pk}")
    run_id = request.GET.get("run", "")
    shown = (
        call.assignment_runs.filter(pk=int(run_id)).first() if run_id.isdigit() and len(run_id) < 12 else None
    ) or call.assignment_runs.filter(kind=AssignmentRun.Kind.AUTO).order_by("-created_at", "-pk").first()
    in_review = Project.objects.filter(call=call, status=Status.IN_REVIEW)
    return render(
        request,
        "reviews/assign_auto.html",
        {
            "call": call,
            "form": form,
            "run": shown,
            "runs": call.assignment_runs.select_related("requested_by").order_by("-created_at", "-pk")[:10],
            "in_review": in_review.count(),
            "pool": active_profiles().count(),
            "shortfalls": (shown.shortfalls[:SELECTION_ROWS] if shown else []),
        },
    )


# ---- progress -----------------------------------------------------------------------------------------------
@login_required
def progress(request, year):
    call = _call_or_404(request, year)
    view = "projects" if request.GET.get("view") == "projects" else "experts"
    today = timezone.localdate()
    late = bool(call.expert_review_ends_on and call.expert_review_ends_on < today)
    context = {"call": call, "view": view, "late_call": late, "only": request.GET.get("only", "")}
    if view == "experts":
        rows = expert_progress(call)
        if context["only"] == "unfinished":
            rows = rows.filter(assigned__gt=F("submitted"))
        page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
        context |= {"page": page, "experts": list(page.object_list)}
    else:
        projects = Project.objects.filter(call=call, status=Status.IN_REVIEW).order_by("pk")
        page = Paginator(projects.values_list("pk", flat=True), PAGE_SIZE).get_page(request.GET.get("page"))
        results = call_results(Project.objects.filter(pk__in=list(page.object_list)), Rules.of(call))
        context |= {"page": page, "results": sorted(results, key=lambda r: r.project.pk)}
    return render(request, "reviews/progress.html", context)


@login_required
@require_POST
def remind(request, year):
    """催办: tell the chosen experts (or every expert with sheets outstanding) how many they have left."""
    call = _call_or_404(request, year)
    wanted = {int(v) for v in request.POST.getlist("experts") if v.isdigit() and len(v) < 12}
    rows = expert_progress(call, experts=wanted or None)
    sent = 0
    for expert in rows:
        unfinished = expert.assigned - expert.submitted
        if unfinished > 0 and expert.is_active:
            notifications.tell_scoring_reminder(call=call, expert=expert, unfinished=unfinished, by=request.user)
            sent += 1
    if sent:
        messages.success(request, f"已向{sent}位专家发送评分提醒。")
    else:
        messages.info(request, "所选专家均已提交全部评分表，无需提醒。")
    back = str(request.POST.get("back", ""))
    return redirect(back if back.startswith("/reviews/") else reverse("reviews:progress", args=[call.year]))


# ---- ranking, closing, selection ----------------------------------------------------------------------------
def _version(call, request):
    raw = request.GET.get("version", "")
    if raw.isdigit() and len(raw) < 6:
        return call.rankings.filter(version=int(raw)).first()
    return latest_ranking(call)


@login_required
def ranking(request, year):
    call = _call_or_404(request, year)
    rules = Rules.of(call)
    pending = Project.objects.filter(call=call, status=Status.IN_REVIEW)
    pending_count = pending.count()
    live = call_results(pending, rules) if pending_count else []
    live_page = Paginator(live, PAGE_SIZE).get_page(request.GET.get("live_page"))
    snapshot = _version(call, request)
    latest = latest_ranking(call)
    entries_page = None
    candidates, proposed = [], set()
    if snapshot is not None:
        entries = snapshot.entries.select_related("project__enterprise", "project__district", "project__call").order_by(
            "rank"
        )
        entries_page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
        if latest is not None and snapshot.pk == latest.pk:
            candidates = list(selection_candidates(snapshot).order_by("rank")[:SELECTION_ROWS])
            room = max(call.max_projects - already_sent_on(call), 0)
            proposed = {e.project_id for e in candidates[:room]}
    return render(
        request,
        "reviews/ranking.html",
        {
            "call": call,
            "rules": rules,
            "pending_count": pending_count,
            "incomplete": sum(1 for r in live if not r.is_complete(rules.min_experts)),
            "live_page": live_page,
            "close_form": CloseReviewForm(),
            "snapshot": snapshot,
            "latest": latest,
            "versions": call.rankings.order_by("-version").values_list("version", flat=True),
            "entries_page": entries_page,
            "candidates": candidates,
            "proposed": proposed,
            "sent_on": already_sent_on(call),
            "export_kind": SCORE_EXPORT,
        },
    )


@login_required
@require_POST
def close(request, year):
    call = _call_or_404(request, year)
    try:
        snapshot = review_close(call=call, by=request.user, override_reason=request.POST.get("override_reason", ""))
    except (ValidationError, PermissionDenied) as exc:
        flash_errors(request, exc)
    else:
        closed = snapshot.entries.filter(closed_here=True).count()
        messages.success(request, f"已结束{closed}个项目的专家评审，排名已锁定（第{snapshot.version}版）。")
    return redirect("reviews:ranking", year=call.year)


@login_required
@require_POST
def select(request, year):
    call = _call_or_404(request, year)
    snapshot = latest_ranking(call)
    version = request.POST.get("version", "")
    if snapshot is None or str(snapshot.version) != version:
        messages.error(request, "排名已更新，请按最新排名重新确定公示名单。")
        return redirect("reviews:ranking", year=call.year)
    selected = [v for v in request.POST.getlist("selected") if v.isdigit() and len(v) < 12]
    try:
        outcome = selection_confirm(
            snapshot=snapshot, by=request.user, selected_ids=selected, reason=request.POST.get("reason", "")
        )
    except (ValidationError, PermissionDenied) as exc:
        flash_errors(request, exc)
    else:
        messages.success(
            request, f"已将{outcome['selected']}个项目列入公示，{outcome['not_selected']}个项目评审未入选。"
        )
    return redirect("reviews:ranking", year=call.year)


@login_required
def summary_pdf(request, year):
    """评审汇总表 of the latest (or a chosen) ranking; with ``?names=1`` the experts' names beside their scores."""
    call = _call_or_404(request, year)
    snapshot = _version(call, request)
    if snapshot is None:
        messages.error(request, "尚未结束评审，没有可汇总的排名。")
        return redirect("reviews:ranking", year=call.year)
    kind = SUMMARY_NAMED if request.GET.get("names") == "1" else SUMMARY
    document = document_request(kind=kind, target=snapshot)
    document.refresh_from_db()
    if document.is_ready:
        return redirect("documents:document_download", pk=document.pk)
    return redirect(f"{reverse('documents:document', args=[document.pk])}?wait=1")


# ---- one application ------------------------------------------------------------------------------------------
def _bureau_project(request, pk):
    project = project_visible_or_404(request.user, pk)
    require(is_bureau, request.user, ONLY_BUREAU)
    return project


@login_required
def project_review(request, pk):
    """An application's experts: their sheets (reopen a submitted one), the figures, and the candidates to assign
    by hand with their organisation, fields, load and any conflict."""
    project = _bureau_project(request, pk)
    call = project.call
    assignments = list(
        project.expert_assignments.select_related("expert__expert_profile", "sheet", "replaces__expert").order_by(
            "conflict_of_interest", "pk"
        )
    )
    [result] = call_results(Project.objects.filter(pk=project.pk), Rules.of(call))
    totals = {s.expert_id: s for s in result.sheets}
    field = request.GET.get("field", "")
    q = request.GET.get("q", "").strip()
    profiles = active_profiles()
    if q:
        profiles = profiles.filter(Q(user__name__icontains=q) | Q(organisation__icontains=q))
    if field == "matched" and project.industry_id:
        profiles = profiles.filter(expertise=project.industry_id)
    page = Paginator(profiles, PAGE_SIZE).get_page(request.GET.get("page"))
    candidates = candidates_for(project, page.object_list, call_loads(call), assignments)
    return render(
        request,
        "reviews/project_review.html",
        {
            "project": project,
            "call": call,
            "assignments": [(a, getattr(a, "sheet", None), totals.get(a.expert_id)) for a in assignments],
            "result": result,
            "complete": result.is_complete(call.min_experts_per_project),
            "candidates": candidates,
            "page": page,
            "filters": {"q": q, "field": field},
            "reopen_form": ReasonForm(),
            "open": project.status == Status.IN_REVIEW,
        },
    )


@login_required
@require_POST
def project_assign(request, pk):
    project = _bureau_project(request, pk)
    ids = [int(v) for v in request.POST.getlist("experts") if v.isdigit() and len(v) < 12]
    experts = list(User.objects.filter(pk__in=ids).order_by("pk")) if ids else []
    if len(experts) != len(set(ids)):
        messages.error(request, "所选专家不存在，页面可能已过期，请刷新。")
        return redirect("reviews:project_review", pk=project.pk)
    try:
        created = assignment_add(project=project, experts=experts, by=request.user)
    except (ValidationError, PermissionDenied) as exc:
        flash_errors(request, exc)
    else:
        names = "、".join(a.expert.name or a.expert.username for a in created)
        messages.success(request, f"已为{project.number}分配评审专家：{names}。")
    return redirect("reviews:project_review", pk=project.pk)


@login_required
@require_POST
def project_unassign(request, pk):
    project = _bureau_project(request, pk)
    raw = request.POST.get("assignment", "")
    assignment = (
        project.expert_assignments.select_related("expert").filter(pk=int(raw)).first()
        if raw.isdigit() and len(raw) < 12
        else None
    )
    if assignment is None:
        messages.error(request, "该分配不存在，页面可能已过期，请刷新。")
        return redirect("reviews:project_review", pk=project.pk)
    try:
        assignment_remove(assignment=assignment, by=request.user)
    except (ValidationError, PermissionDenied) as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, f"已撤销{assignment.expert}的评审分配。")
    return redirect("reviews:project_review", pk=project.pk)


@login_required
@require_POST
def sheet_reopen(request, pk):
    """退回评分表: the bureau sends a submitted sheet back to its expert, with a reason (the expert is told)."""
    if not is_bureau.test(request.user):
        raise Http404("评分表不存在或您无权查看。")
    sheet = ScoreSheet.objects.select_related("project", "expert").filter(pk=pk).first()
    if sheet is None:
        raise Http404("评分表不存在或您无权查看。")
    try:
        score_sheet_reopen(sheet=sheet, by=request.user, reason=request.POST.get("reason", ""))
    except (ValidationError, PermissionDenied) as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, f"已将{sheet.expert}的评分表退回修改，并通知该专家。")
    return redirect("reviews:project_review", pk=sheet.project_id)
