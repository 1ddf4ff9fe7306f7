"""The checks' pages: one page per project and phase (中期检查, 期满验收) that shows each role its part, the wind-up
of a suspended project, the district's and the bureau's lists, and the lists and results as xlsx and PDF.
A project the user may not see is a 404 (the access layer); the services decide everything else."""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from accounts.rules import acts_for_district, acts_for_enterprise, is_bureau, is_district_official
from activity.audit import record
from activity.models import AuditEvent
from common.feedback import flash_errors, require
from documents.pdf import render_pdf
from documents.xlsx import write_xlsx
from funding import selectors as ledger
from funding.services import reward_cap
from projects.enums import Status
from projects.filters import ProjectFilter
from projects.models import AnnualCall, Project
from projects.selectors import project_visible_or_404, projects_visible_to

from .exports import ACCEPTANCE_COLUMNS, CONTINUE_COLUMNS, SUSPEND_COLUMNS
from .forms import AssessmentForm, MidtermDecisionForm, ReportFileForm, ReportForm, VerifyForm, WindUpForm
from .models import REQUIRED_SLOTS, AcceptanceAssessment, FileSlot, ReportFile, ReportKind, WindUp
from .schedule import acceptance_window, midterm_window
from .selectors import (
    ACCEPTANCE_STATES,
    BUREAU_ACCEPTANCE_WORK,
    BUREAU_MIDTERM_WORK,
    DISTRICT_WORK,
    MIDTERM_STATES,
    acceptance_results,
    midterm_lists,
    report_with_rows,
    with_check_columns,
)
from .services import (
    EDITABLE,
    acceptance_assess,
    completion,
    midterm_decide,
    report_file_add,
    report_file_remove,
    report_of,
    report_problems,
    report_return,
    report_save,
    report_send,
    report_verify,
    windup_complete,
)

PAGE_SIZE = 25
DISTRICT_STATES = {
    ReportKind.MIDTERM: Status.MIDTERM_REPORTED,
    ReportKind.ACCEPTANCE: Status.ACCEPTANCE_REQUESTED,
}
TITLES = {ReportKind.MIDTERM: "中期检查", ReportKind.ACCEPTANCE: "期满验收"}


# ---- one project's page -----------------------------------------------------------------------------------------
def _page(
    request,
    project,
    kind,
    *,
    form=None,
    file_form=None,
    verify_form=None,
    decision_form=None,
    assess_form=None,
    status=200,
):
    user = request.user
    editable = project.status in EDITABLE[kind] and acts_for_enterprise.test(user, project)
    if editable:
        report_of(project, kind)  # created empty, one line per target indicator, the first time
    report = report_with_rows(project, kind)
    window = (midterm_window if kind == ReportKind.MIDTERM else acceptance_window)(project)
    context = {
        "project": project,
        "kind": kind,
        "title": TITLES[kind],
        "report": report,
        "window": window,
        "today": timezone.localdate(),
        "editable": editable,
        "rule_hints": not user.is_enterprise_user,
        "own_investment_so_far": ledger.own_investment_total(project),
        "disbursed": ledger.government_money_disbursed(project),
        "required_slots": [FileSlot(s).label for s in REQUIRED_SLOTS[kind]],
    }
    if editable:
        context["form"] = form or ReportForm(report=report)
        context["file_form"] = file_form or ReportFileForm(kind=kind)
        context["problems"] = report_problems(report)
    if acts_for_district.test(user, project) and project.status == DISTRICT_STATES[kind]:
        context["verify_form"] = verify_form or VerifyForm()
    if kind == ReportKind.MIDTERM:
        context["decisions"] = list(project.midterm_decisions.select_related("decided_by").order_by("pk"))
        context["windup"] = WindUp.objects.filter(project=project).first()
        if is_bureau.test(user) and project.status in (Status.MIDTERM_VERIFIED, Status.MIDTERM_RETURNED):
            context["decision_form"] = decision_form or MidtermDecisionForm()
            context["suspend_only"] = project.status == Status.MIDTERM_RETURNED
    else:
        context["completion"] = completion(report) if report else None
        context["assessment"] = (
            AcceptanceAssessment.objects.filter(project=project).select_related("decided_by").first()
        )
        context["grades"] = project.call.grade_table
        context["reward_cap"] = reward_cap(project)
        if is_bureau.test(user) and project.status == Status.ACCEPTANCE_VERIFIED:
            context["assess_form"] = assess_form or AssessmentForm(grades=project.call.grade_table)
    return render(request, "checks/report.html", context, status=status)


@login_required
def report_page(request, pk, kind):
    project = project_visible_or_404(request.user, pk)
    return _page(request, project, kind)


@login_required
@require_POST
def report_save_view(request, pk, kind):
    """The enterprise saves its report (``send`` in the POST: and sends it to the district)."""
    project = project_visible_or_404(request.user, pk)
    if not (project.status in EDITABLE[kind] and acts_for_enterprise.test(request.user, project)):
        messages.error(request, "当前不能修改该报告。页面可能已过期，请刷新后查看。")
        return redirect(f"checks:{kind}", pk=project.pk)
    form = ReportForm(request.POST, report=report_of(project, kind))
    form.is_valid()  # every field is optional text: the service checks what was typed
    try:
        report_save(
            project=project,
            kind=kind,
            by=request.user,
            figures=form.figures(),
            texts=form.texts(),
            audited=form.audited(),
        )
        if "send" in request.POST:
            report_send(project=project, kind=kind, by=request.user)
    except (ValidationError, PermissionDenied) as exc:
        flash_errors(request, exc)
        project.refresh_from_db()
        return _page(request, project, kind, form=form, status=400)
    if "send" in request.POST:
        messages.success(request, f"{TITLES[kind]}材料已提交，等待{project.district.name}核实。")
    else:
        messages.success(request, "已保存。")
    return redirect(f"checks:{kind}", pk=project.pk)


@login_required
@require_POST
def report_file_add_view(request, pk, kind):
    project = project_visible_or_404(request.user, pk)
    form = ReportFileForm(request.POST, request.FILES, kind=kind)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return _page(request, project, kind, file_form=form, status=400)
    try:
        item = report_file_add(
            project=project,
            kind=kind,
            by=request.user,
            slot=form.cleaned_data["slot"],
            upload=form.cleaned_data["file"],
        )
    except (ValidationError, PermissionDenied) as exc:
        flash_errors(request, exc)
        return _page(request, project, kind, file_form=form, status=400)
    messages.success(request, f"已上传“{item.original_name}”。")
    return redirect(f"checks:{kind}", pk=project.pk)


@login_required
@require_POST
def report_file_remove_view(request, pk, kind, file_pk):
    project = project_visible_or_404(request.user, pk)
    try:
        report_file_remove(project=project, kind=kind, by=request.user, file_pk=file_pk)
    except (ValidationError, PermissionDenied) as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, "附件已删除。")
    return redirect(f"checks:{kind}", pk=project.pk)


@login_required
def report_file_download(request, pk, kind, file_pk):
    project = project_visible_or_404(request.user, pk)
    item = get_object_or_404(ReportFile, pk=file_pk, report__project=project, report__kind=kind)
    record(AuditEvent.Kind.DOWNLOAD, request=request, target=project, detail=f"下载{item.original_name}")
    response = FileResponse(item.file.open("rb"), content_type=item.content_type)
    response["Content-Disposition"] = content_disposition_header(True, item.original_name)
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def verify_view(request, pk, kind):
    """The district's verification: forward to the bureau, or return with reasons."""
    project = project_visible_or_404(request.user, pk)
    form = VerifyForm(request.POST)
    if not form.is_valid():
        return _page(request, project, kind, verify_form=form, status=400)
    try:
        if form.cleaned_data["decision"] == "verify":
            report_verify(project=project, kind=kind, by=request.user, comment=form.cleaned_data["reasons"])
        else:
            report_return(project=project, kind=kind, by=request.user, reasons=form.cleaned_data["reasons"])
    except (ValidationError, PermissionDenied) as exc:
        if isinstance(exc, ValidationError):
            form.add_service_error(exc)
        flash_errors(request, exc)
        project.refresh_from_db()
        return _page(request, project, kind, verify_form=form, status=400)
    messages.success(request, f"已办理。项目当前状态：{project.get_status_display()}。")
    return redirect("checks:district")


@login_required
@require_POST
def midterm_decide_view(request, pk):
    project = project_visible_or_404(request.user, pk)
    form = MidtermDecisionForm(request.POST)
    if not form.is_valid():
        return _page(request, project, ReportKind.MIDTERM, decision_form=form, status=400)
    try:
        midterm_decide(
            project=project,
            by=request.user,
            outcome=form.cleaned_data["outcome"],
            reason=form.cleaned_data["reason"],
            deadline=form.cleaned_data["deadline"],
        )
    except (ValidationError, PermissionDenied) as exc:
        if isinstance(exc, ValidationError):
            form.add_service_error(exc)
        flash_errors(request, exc)
        project.refresh_from_db()
        return _page(request, project, ReportKind.MIDTERM, decision_form=form, status=400)
    messages.success(request, f"已作出中期检查结论。项目当前状态：{project.get_status_display()}。")
    if project.status == Status.SUSPENDED:
        return redirect("checks:windup", pk=project.pk)
    return redirect("checks:bureau_midterm")


@login_required
@require_POST
def assess_view(request, pk):
    project = project_visible_or_404(request.user, pk)
    grades = project.call.grade_table
    form = AssessmentForm(request.POST, grades=grades)
    if not form.is_valid():
        return _page(request, project, ReportKind.ACCEPTANCE, assess_form=form, status=400)
    try:
        acceptance_assess(
            project=project,
            by=request.user,
            outcome=form.cleaned_data["outcome"],
            grade=form.cleaned_data["grade"],
            reason=form.cleaned_data["reason"],
            capped=form.cleaned_data["capped"],
        )
    except (ValidationError, PermissionDenied) as exc:
        if isinstance(exc, ValidationError):
            form.add_service_error(exc)
        flash_errors(request, exc)
        project.refresh_from_db()
        return _page(request, project, ReportKind.ACCEPTANCE, assess_form=form, status=400)
    messages.success(request, f"已作出验收结论。项目当前状态：{project.get_status_display()}。")
    return redirect("checks:bureau_acceptance")


@login_required
def windup_view(request, pk):
    """清理: the bureau completes the wind-up of a suspended project; others who see the project read it."""
    project = project_visible_or_404(request.user, pk)
    windup = WindUp.objects.filter(project=project).select_related("completed_by").first()
    may_complete = windup is not None and not windup.is_completed and is_bureau.test(request.user)
    initial = {"amount_to_recover": f"{windup.amount_to_recover:f}"} if windup and windup.amount_to_recover else {}
    form = WindUpForm(request.POST or None, initial=initial) if may_complete else None
    status = 200
    if request.method == "POST":
        if form is None:
            raise Http404("没有需要办理的清理事项。")
        if form.is_valid():
            try:
                windup_complete(project=project, by=request.user, **form.cleaned_data)
            except (ValidationError, PermissionDenied) as exc:
                if isinstance(exc, ValidationError):
                    form.add_service_error(exc)
                flash_errors(request, exc)
                status = 400
            else:
                messages.success(request, "清理已办结。")
                return redirect("checks:windup", pk=project.pk)
        else:
            status = 400
    return render(request, "checks/windup.html", {"project": project, "windup": windup, "form": form}, status=status)


# ---- lists --------------------------------------------------------------------------------------------------------
def _ordering(filterset):
    """The sort the user chose in the filter (model paths), or None."""
    if not (filterset.is_bound and filterset.form.is_valid()):
        return None
    chosen = filterset.form.cleaned_data.get("ordering") or []
    sort = filterset.filters["ordering"]
    return [sort.get_ordering_value(param) for param in chosen] or None


LINK_TO_ACCEPTANCE = tuple(s for s in ACCEPTANCE_STATES if s != Status.CONTINUING)


def _list(request, states, default_states, template, extra=None):
    data = request.GET.copy()
    if "status" not in data and not data.get("phase"):
        data.setlist("status", list(default_states))
    filterset = ProjectFilter(data, queryset=projects_visible_to(request.user).filter(status__in=states))
    # The page is chosen on the projects alone (the filter's DISTINCT stays inside a subquery); its columns are
    # then computed for its 25 rows only, whatever the list's length.
    ordered = Project.objects.filter(pk__in=filterset.qs.order_by().values("pk"))
    ordering = _ordering(filterset)
    ordered = ordered.order_by(*ordering) if ordering else ordered.order_by("district__sort_order", "pk")
    page = Paginator(ordered.values_list("pk", flat=True), PAGE_SIZE).get_page(request.GET.get("page"))
    by_pk = {p.pk: p for p in with_check_columns(Project.objects.filter(pk__in=list(page.object_list)))}
    page.object_list = [by_pk[pk] for pk in page.object_list]
    years = AnnualCall.objects.order_by("-year").values_list("year", flat=True)
    context = {"filter": filterset, "page": page, "years": list(years), "acceptance_states": LINK_TO_ACCEPTANCE}
    return render(request, template, {**context, **(extra or {})})


@login_required
def bureau_midterm(request):
    require(is_bureau, request.user, "只有市知识产权局可以查看中期检查工作台。")
    return _list(request, MIDTERM_STATES, BUREAU_MIDTERM_WORK, "checks/bureau_midterm.html")


@login_required
def bureau_acceptance(request):
    require(is_bureau, request.user, "只有市知识产权局可以查看期满验收工作台。")
    return _list(
        request,
        ACCEPTANCE_STATES,
        BUREAU_ACCEPTANCE_WORK,
        "checks/bureau_acceptance.html",
        {"acceptance_states": ACCEPTANCE_STATES},
    )


@login_required
def district_home(request):
    require(is_district_official, request.user, "只有市、区主管部门可以核实中期检查和验收材料。")
    return _list(request, MIDTERM_STATES + ACCEPTANCE_STATES, DISTRICT_WORK, "checks/district.html")


def _call_or_404(year):
    call = AnnualCall.objects.filter(year=year).first()
    if call is None:
        raise Http404("没有这一年度的申报指南。")
    return call


@login_required
def lists_page(request, year):
    """S5: the continue and suspend lists of a call (with their exports)."""
    require(is_bureau, request.user, "只有市知识产权局可以查看继续实施和中止名单。")
    call = _call_or_404(year)
    continued, suspended = midterm_lists(call)
    return render(
        request,
        "checks/lists.html",
        {
            "call": call,
            "continued": continued,
            "suspended": suspended,
            "results": acceptance_results(call),
            "years": list(AnnualCall.objects.order_by("-year").values_list("year", flat=True)),
        },
    )


def _download(request, content, filename, content_type, target):
    record(AuditEvent.Kind.EXPORT, request=request, target=target, detail=f"导出{filename}")
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "private, no-store"
    return response


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def lists_xlsx(request, year, which):
    require(is_bureau, request.user, "只有市知识产权局可以导出名单。")
    call = _call_or_404(year)
    continued, suspended = midterm_lists(call)
    if which == "continue":
        title, columns, rows = f"{year}年度继续实施名单", CONTINUE_COLUMNS, continued
    elif which == "suspend":
        title, columns, rows = f"{year}年度中止项目名单", SUSPEND_COLUMNS, suspended
    else:
        title, columns, rows = f"{year}年度期满验收结果", ACCEPTANCE_COLUMNS, acceptance_results(call)
    buffer = io.BytesIO()
    write_xlsx(buffer, title=title, columns=columns, rows=rows)
    return _download(request, buffer.getvalue(), f"{title}.xlsx", XLSX, call)


@login_required
def lists_pdf(request, year):
    require(is_bureau, request.user, "只有市知识产权局可以打印名单。")
    call = _call_or_404(year)
    continued, suspended = midterm_lists(call)
    pdf = render_pdf(
        "checks/pdf/midterm_lists.html",
        {"call": call, "continued": continued, "suspended": suspended, "printed_on": timezone.localdate()},
    )
    return _download(request, pdf, f"{year}年度中期检查继续实施和中止名单.pdf", "application/pdf", call)


@login_required
def acceptance_pdf(request, year):
    """S6: the acceptance results of a call, reported to the city government."""
    require(is_bureau, request.user, "只有市知识产权局可以打印验收结果。")
    call = _call_or_404(year)
    results = acceptance_results(call)
    pdf = render_pdf(
        "checks/pdf/acceptance_results.html",
        {
            "call": call,
            "accepted": [r for r in results if r.outcome == "accepted"],
            "failed": [r for r in results if r.outcome == "failed"],
            "total_reward": sum((r.reward_amount or 0 for r in results), 0),
            "printed_on": timezone.localdate(),
        },
    )
    return _download(request, pdf, f"{year}年度登峰行动计划项目期满验收结果.pdf", "application/pdf", call)
