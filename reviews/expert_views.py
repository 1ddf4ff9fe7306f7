"""The expert portal (专家工作台): the expert's current assignments (its home page, ``dashboard``), the history of
finished ones, the scoring page of one application — the submitted snapshot, its attachments and the eligibility
result beside the score sheet — the declaration of a conflict, its own sheets after the review closed, and the
printable score sheet.

An application is opened only through the access layer (an unassigned, conflicted or closed application is a
404); a sheet only by its own expert and the bureau (``reviews.rules.may_read_sheet``), never by another expert.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from accounts.models import User
from accounts.rules import is_bureau, is_expert
from activity.audit import record
from activity.models import AuditEvent
from common.feedback import flash_errors, require
from common.pagination import TwoStepPaginator
from projects.eligibility import assessment_from_dict
from projects.models import AnnualCall
from projects.selectors import project_visible_or_404

from .assignment import assignment_declare_conflict
from .criteria import criteria_of
from .forms import ReasonForm, ScoreSheetForm
from .models import ExpertAssignment, Score, ScoreSheet
from .pdf import score_sheet_filename, score_sheet_pdf
from .rules import may_read_sheet
from .scoring import score_sheet_save
from .selectors import EXPERT_LISTS, current_review_call, expert_current, expert_history, expert_rows

PAGE_SIZE = 25
ONLY_EXPERTS = "只有评审专家可以使用专家工作台。"


@login_required
def expert_tasks(request):
    """Every current assignment, paged (the home page shows the first ones)."""
    require(is_expert, request.user, ONLY_EXPERTS)
    page = TwoStepPaginator(expert_current(request.user), PAGE_SIZE, figures=EXPERT_LISTS).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "reviews/expert_list.html",
        {"page": page, "rows": expert_rows(page.object_list), "mode": "current"},
    )


@login_required
def expert_history_view(request):
    """The finished ones: sheets of applications whose review closed, and the declared conflicts."""
    require(is_expert, request.user, ONLY_EXPERTS)
    page = TwoStepPaginator(expert_history(request.user), PAGE_SIZE, figures=EXPERT_LISTS).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "reviews/expert_list.html",
        {"page": page, "rows": expert_rows(page.object_list), "mode": "history"},
    )


def _assignment_or_404(user, project):
    assignment = (
        ExpertAssignment.objects.filter(project=project, expert=user, conflict_of_interest=False)
        .select_related("project__call")
        .first()
    )
    if assignment is None:  # the access layer let a non-expert (or another expert) through: not this page's
        raise Http404("没有分配给您的评分表。")
    return assignment


def _sheet_of(assignment):
    return (
        ScoreSheet.objects.filter(assignment=assignment)
        .prefetch_related(Prefetch("scores", queryset=Score.objects.order_by("criterion__position")))
        .first()
    )


@login_required
def score(request, pk):
    """Score one assigned application: its submitted snapshot, attachments and eligibility result beside the sheet
    (save a draft, or submit it: then it is locked)."""
    project = project_visible_or_404(request.user, pk)
    require(is_expert, request.user, ONLY_EXPERTS)
    assignment = _assignment_or_404(request.user, project)
    criteria = criteria_of(project.call)
    sheet = _sheet_of(assignment)
    form = ScoreSheetForm(request.POST or None, criteria=criteria, sheet=sheet)
    if request.method == "POST":
        submit = request.POST.get("action") == "submit"
        try:
            sheet = score_sheet_save(
                assignment=assignment,
                by=request.user,
                scores=form.raw_scores(),
                comments=form.raw_comments(),
                opinion=request.POST.get("opinion", ""),
                submit=submit,
            )
        except ValidationError as exc:
            form.is_valid()
            form.add_service_error(exc)
            messages.error(request, "未保存：请按红色提示修改后再保存。")
        except PermissionDenied as exc:
            flash_errors(request, exc)
            return redirect("home")
        else:
            if submit:
                messages.success(request, f"已提交对{project.number}（{project.enterprise.name}）的评分表。")
                return redirect("home")
            messages.success(request, "评分草稿已保存，可以继续修改，确认无误后请提交。")
            return redirect("reviews:score", pk=project.pk)
    snapshot = project.snapshots.order_by("-version").first()
    data = snapshot.data if snapshot else None
    return render(
        request,
        "reviews/score.html",
        {
            "project": project,
            "call": project.call,
            "assignment": assignment,
            "sheet": sheet,
            "form": form,
            "locked": bool(sheet and sheet.is_submitted),
            "snapshot": snapshot,
            "data": data,
            "assessment": assessment_from_dict(data["eligibility"]) if data else None,
            "joint_partners": [p["name"] for p in (data or {}).get("partners", []) if p.get("is_joint_applicant")],
            "attachments": list(project.attachments.order_by("slot", "pk")),
            "reopenings": list(sheet.reopenings.order_by("at")) if sheet else [],
            "total_max": sum(c.max_score for c in criteria),
            "conflict_form": ReasonForm(),
        },
    )


@login_required
@require_POST
def declare_conflict(request, pk):
    """回避: the expert declares a conflict on an assigned application; it loses access at once."""
    project = project_visible_or_404(request.user, pk)
    require(is_expert, request.user, ONLY_EXPERTS)
    assignment = _assignment_or_404(request.user, project)
    try:
        assignment_declare_conflict(assignment=assignment, by=request.user, reason=request.POST.get("reason", ""))
    except (ValidationError, PermissionDenied) as exc:
        flash_errors(request, exc)
        return redirect("reviews:score", pk=project.pk)
    messages.success(request, f"已声明回避{project.number}，您将不再看到该项目，市知识产权局将另行安排专家。")
    return redirect("home")


def _sheet_or_404(user, pk):
    sheet = (
        ScoreSheet.objects.select_related("project__call", "project__enterprise", "expert", "assignment")
        .prefetch_related(Prefetch("scores", queryset=Score.objects.select_related("criterion")))
        .filter(pk=pk)
        .first()
    )
    if sheet is None or not may_read_sheet.test(user, sheet):
        raise Http404("评分表不存在或您无权查看。")
    return sheet


@login_required
def sheet_detail(request, pk):
    """A sheet read-only: its expert keeps it after the review closed; the bureau reads every one."""
    sheet = _sheet_or_404(request.user, pk)
    scores = {s.criterion_id: s for s in sheet.scores.all()}
    criteria = criteria_of(sheet.project.call)
    return render(
        request,
        "reviews/sheet.html",
        {
            "sheet": sheet,
            "project": sheet.project,
            "items": [(c, scores.get(c.pk)) for c in criteria],
            "total_max": sum(c.max_score for c in criteria),
            "reopenings": list(sheet.reopenings.select_related("by").order_by("at")),
        },
    )


@login_required
def expert_score_pdf(request, pk):
    """专家评分表: one expert's (user ``pk``) sheets of a call (``?year=``, default the call under review),
    printable for signature. Its own expert and the bureau only."""
    year = request.GET.get("year", "")
    call = (
        AnnualCall.objects.filter(year=int(year)).first()
        if year.isdigit() and len(year) == 4
        else current_review_call()
    )
    if call is None:
        raise Http404("没有这一年度的专家评审。")
    expert = User.objects.filter(pk=pk).select_related("expert_profile").first()
    allowed = expert is not None and (
        is_bureau.test(request.user) or (is_expert.test(request.user) and expert == request.user)
    )
    if not allowed:
        raise Http404("评分表不存在或您无权查看。")
    filename = score_sheet_filename(call, expert)
    pdf = score_sheet_pdf(call, expert)
    record(AuditEvent.Kind.DOWNLOAD, request=request, target=expert, detail=f"下载{filename}")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "private, no-store"
    return response
