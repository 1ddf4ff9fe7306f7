"""The funding pages: the funded-projects list (finance officer, bureau; an enterprise its own), a project's ledger,
the task letter page, and the ledger's forms. Thin: access through the access layer, decisions in the services."""

import tempfile

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.rules import acts_for_enterprise, is_bureau, is_finance
from activity.audit import record
from activity.models import AuditEvent
from common.feedback import flash_errors
from common.pagination import TwoStepPaginator
from documents.generation import document_request
from projects.choices import filter_choices
from projects.enums import Status

from . import exports, selectors
from .forms import (
    DisbursementForm,
    LedgerFilterForm,
    OwnInvestmentForm,
    OwnInvestmentReversalForm,
    ReturnForm,
    ReversalForm,
    ScanForm,
)
from .models import Disbursement, OwnInvestment, TaskLetterScan, Tranche
from .services import (
    disbursement_record,
    disbursement_reverse,
    own_investment_record,
    own_investment_reverse,
    task_letter_confirm,
    task_letter_return,
    task_letter_submit,
)
from .task_letter import TASK_LETTER_DOCUMENT

PAGE_SIZE = 25


def may_pay(user):
    return is_finance.test(user) or is_bureau.test(user)


# ---- the funded-projects list ------------------------------------------------------------------------------------
def _filter_form(request):
    choices = filter_choices()  # from the cache: the calls' years and the districts
    districts = choices.districts if (is_bureau.test(request.user) or is_finance.test(request.user)) else ()
    form = LedgerFilterForm(request.GET or None, years=choices.years, districts=districts)
    values = form.cleaned_data if form.is_valid() else {}
    return form, {k: v for k, v in values.items() if v not in (None, "")}


@login_required
def funded_list(request):
    """Every funded project the user may see, with its money, filtered and paged (a bounded number of queries)."""
    form, filters = _filter_form(request)
    projects = selectors.funded_projects_filtered(request.user, **filters)
    paginator = TwoStepPaginator(
        selectors.funded_table(projects),
        PAGE_SIZE,
        figures=selectors.LEDGER_FIGURES,
        also_kept=[selectors.LEDGER_TOTALS_KEPT],  # the totals' kept value read with the count and the page's keys
    )
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "funding/funded_list.html",
        {
            "form": form,
            "page": page,
            "totals": selectors.ledger_totals_cached(projects, paginator.query_figures),
            "filtered": bool(filters),
            "may_pay": may_pay(request.user),
        },
    )


def _xlsx_response(request, *, filename, write, detail):
    tmp = tempfile.TemporaryFile()  # noqa: SIM115 - the FileResponse closes it once sent
    write(tmp)
    tmp.seek(0)
    record(AuditEvent.Kind.EXPORT, request=request, detail=detail)
    response = FileResponse(
        tmp,
        as_attachment=True,
        filename=filename,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def funded_list_export(request):
    """The filtered list and every ledger line behind it, as xlsx (text-safe, numbers as numbers)."""
    _, filters = _filter_form(request)
    projects = selectors.funded_projects_filtered(request.user, **filters)
    today = timezone.localdate()
    return _xlsx_response(
        request,
        filename=f"经费台账_{today:%Y%m%d}.xlsx",
        write=lambda file: exports.write_summary(file, projects),
        detail="导出经费台账（已立项项目）",
    )


# ---- one project's ledger -------------------------------------------------------------------------------------------
@login_required
def ledger(request, pk):
    project = selectors.ledger_project_or_404(request.user, pk)
    data = selectors.ledger_of(project)
    return render(
        request,
        "funding/ledger.html",
        {
            "project": project,
            **data,
            "letter": selectors.task_letter_of(project),
            "may_pay": may_pay(request.user) and project.is_funded,
            "may_invest": acts_for_enterprise.test(request.user, project),
            "disbursement_form": DisbursementForm(initial={"paid_on": timezone.localdate()}),
            "reversal_form": ReversalForm(),
            "investment_form": OwnInvestmentForm(initial={"spent_on": timezone.localdate()}),
            "investment_reversal_form": OwnInvestmentReversalForm(),
        },
    )


@login_required
def ledger_export(request, pk):
    project = selectors.ledger_project_or_404(request.user, pk)
    projects = selectors.ledger_projects_visible_to(request.user).filter(pk=project.pk)
    return _xlsx_response(
        request,
        filename=f"{project.number}_经费台账.xlsx",
        write=lambda file: exports.write_entries(file, projects),
        detail=f"导出{project.number}经费台账",
    )


def _back(project):
    return redirect(reverse("funding:ledger", args=[project.pk]))


def _entry_of_visible_project(request, model, pk):
    return get_object_or_404(
        model.objects.select_related("project__call", "project__enterprise").filter(
            project__in=selectors.ledger_projects_visible_to(request.user)
        ),
        pk=pk,
    )


@login_required
@require_POST
def record_payment(request, pk):
    """The finance officer records a disbursement of tranche ``pk`` (only of projects the user may see)."""
    tranche = _entry_of_visible_project(request, Tranche, pk)
    form = DisbursementForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return _back(tranche.project)
    try:
        entry = disbursement_record(tranche=tranche, by=request.user, **form.cleaned_data)
    except (ValidationError, PermissionDenied) as exc:
        flash_errors(request, exc)
    else:
        messages.success(
            request,
            f"已登记{tranche.project.number}的{tranche.get_kind_display()}拨付，凭证号{entry.voucher_number}。",
        )
    return _back(tranche.project)


@login_required
@require_POST
def reverse_disbursement(request, pk):
    entry = _entry_of_visible_project(request, Disbursement, pk)
    form = ReversalForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return _back(entry.project)
    try:
        disbursement_reverse(entry=entry, by=request.user, **form.cleaned_data)
    except (ValidationError, PermissionDenied) as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, f"已冲销凭证号{entry.voucher_number}的拨付。")
    return _back(entry.project)


@login_required
@require_POST
def record_own_investment(request, pk):
    project = selectors.ledger_project_or_404(request.user, pk)
    form = OwnInvestmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            own_investment_record(project=project, by=request.user, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            if isinstance(exc, PermissionDenied):
                raise
            form.add_service_error(exc)
        else:
            messages.success(request, "已登记自筹投入。")
            return _back(project)
    data = selectors.ledger_of(project)
    return render(
        request,
        "funding/ledger.html",
        {
            "project": project,
            **data,
            "letter": selectors.task_letter_of(project),
            "may_pay": False,
            "may_invest": True,
            "investment_form": form,
            "investment_reversal_form": OwnInvestmentReversalForm(),
        },
        status=400,
    )


@login_required
@require_POST
def reverse_own_investment(request, pk):
    entry = _entry_of_visible_project(request, OwnInvestment, pk)
    form = OwnInvestmentReversalForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写冲销理由。")
        return _back(entry.project)
    try:
        own_investment_reverse(entry=entry, by=request.user, **form.cleaned_data)
    except (ValidationError, PermissionDenied) as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, "已冲销该笔自筹投入。")
    return _back(entry.project)


def _download(request, file, name, content_type):
    record(AuditEvent.Kind.DOWNLOAD, request=request, detail=f"下载{name}"[:500])
    response = FileResponse(file.open("rb"), as_attachment=True, filename=name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def evidence_download(request, pk):
    entry = _entry_of_visible_project(request, OwnInvestment, pk)
    if not entry.evidence:
        raise Http404("该记录没有上传凭证。")
    return _download(request, entry.evidence, entry.evidence_name, "application/octet-stream")


# ---- the task letter ------------------------------------------------------------------------------------------------
@login_required
def task_letter(request, pk):
    """The task letter page: its content and dates, the PDF, the scans; the enterprise uploads its signed scan,
    the bureau confirms or returns it."""
    project = selectors.ledger_project_or_404(request.user, pk)
    letter = selectors.task_letter_of(project)
    may_upload = acts_for_enterprise.test(request.user, project) and project.status in (
        Status.TASK_LETTER_ISSUED,
        Status.TASK_LETTER_RETURNED,
    )
    may_decide = is_bureau.test(request.user) and project.status == Status.TASK_LETTER_SUBMITTED
    scan_form, return_form = ScanForm(), ReturnForm()
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "upload" and may_upload:
                scan_form = ScanForm(request.POST, request.FILES)
                if scan_form.is_valid():
                    task_letter_submit(project=project, by=request.user, upload=scan_form.cleaned_data["scan"])
                    messages.success(request, "已上传签章任务书，等待市知识产权局确认。")
                    return redirect("funding:task_letter", pk=project.pk)
            elif action == "confirm" and may_decide:
                task_letter_confirm(project=project, by=request.user)
                messages.success(request, "已确认任务书，项目开始实施，首期经费已列入计划。")
                return redirect("funding:task_letter", pk=project.pk)
            elif action == "return" and may_decide:
                return_form = ReturnForm(request.POST)
                if return_form.is_valid():
                    task_letter_return(project=project, by=request.user, reason=return_form.cleaned_data["reason"])
                    messages.success(request, "已退回签章件，企业将重新上传。")
                    return redirect("funding:task_letter", pk=project.pk)
            else:
                raise PermissionDenied("您无权办理该事项，或项目当前状态不能办理。")
        except ValidationError as exc:
            (scan_form if action == "upload" else return_form).add_service_error(exc)
            if action == "confirm":
                flash_errors(request, exc)
    scans = list(letter.scans.select_related("uploaded_by", "returned_by")) if letter else []
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "funding/task_letter.html",
        {
            "project": project,
            "letter": letter,
            "c": letter.content if letter else {},
            "scans": scans,
            "may_upload": may_upload,
            "may_decide": may_decide,
            "scan_form": scan_form,
            "return_form": return_form,
        },
        status=status,
    )


@login_required
def task_letter_pdf(request, pk):
    """The frozen task letter as PDF, from the documents engine."""
    project = selectors.ledger_project_or_404(request.user, pk)
    letter = selectors.task_letter_of(project)
    if letter is None:
        raise Http404("该项目尚未下达任务书。")
    document = document_request(kind=TASK_LETTER_DOCUMENT, target=letter)
    document.refresh_from_db()  # rendered in-process already when Celery is eager and no transaction is open
    if document.is_ready:
        return redirect("documents:document_download", pk=document.pk)
    return redirect(f"{reverse('documents:document', args=[document.pk])}?wait=1")


@login_required
def task_letter_scan(request, pk):
    scan = get_object_or_404(
        TaskLetterScan.objects.filter(
            letter__project__in=selectors.ledger_projects_visible_to(request.user)
        ).select_related("letter"),
        pk=pk,
    )
    return _download(request, scan.file, scan.original_name, scan.content_type)
