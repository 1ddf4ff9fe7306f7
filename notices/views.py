"""The notices room's pages.

Public (no login): the notices (公示) current and past, each with its PDF and, during its period, the objection form
(rate-limited); the official lists of the city government's decisions (PDF, CSV).
The bureau: the notices, a notice with its entries and objections (publish a draft), an objection with its finding,
the calendar overrides, the government approval of a year (proposed list PDF, the decision form).
"""

import csv
import io

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from accounts.rules import is_bureau
from activity.audit import record
from activity.models import AuditEvent
from common.feedback import flash_errors, require
from common.formatting import zh_date
from common.views import client_ip
from documents.pdf import render_pdf
from projects.enums import QUOTA_STATES, Status
from projects.models import AnnualCall, Project

from . import selectors, services
from .forms import CalendarOverrideForm, DecisionForm, FindingForm, ObjectionForm, PublishForm
from .models import CalendarOverride, DecisionEntry

PAGE_SIZE = 20
BUREAU_ONLY = "只有市知识产权局可以办理公示与审定。"


def _pdf_response(pdf, filename, *, inline=True):
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(not inline, filename)
    return response


# ---- public --------------------------------------------------------------------------------------------------------
def public_home(request):
    today = timezone.localdate()
    notices = selectors.public_notices().select_related(None)  # the lists show no figure of the call
    current = [n for n in notices.filter(ends_on__gte=today).order_by("starts_on", "pk")]
    past = Paginator(notices.filter(ends_on__lt=today).order_by("-ends_on", "-pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    decisions = selectors.public_decisions().select_related(None).order_by("-decided_on", "-pk")
    return render(
        request,
        "notices/public_home.html",
        {"current": current, "page": past, "decisions": decisions, "today": today},
    )


def _public_notice_or_404(notice_pk):
    return get_object_or_404(selectors.public_notices(), pk=notice_pk)


def public_notice(request, notice_pk):
    notice = _public_notice_or_404(notice_pk)
    return render(
        request,
        "notices/public_notice.html",
        {
            "notice": notice,
            "entries": selectors.public_entries(notice),
            "state": services.period_state(notice),
        },
    )


def notice_pdf_context(notice):
    return {"notice": notice, "entries": list(selectors.public_entries(notice)), "call": notice.call}


def public_notice_pdf(request, notice_pk):
    notice = _public_notice_or_404(notice_pk)
    pdf = render_pdf("notices/pdf/notice.html", notice_pdf_context(notice))
    return _pdf_response(pdf, f"{notice.title}.pdf")


@ratelimit(key=client_ip, rate=settings.PUBLIC_FORM_RATE, method="POST", block=True)
def objection_new(request, notice_pk):
    notice = _public_notice_or_404(notice_pk)
    entries = list(selectors.public_entries(notice))
    state = services.period_state(notice)
    form = ObjectionForm(request.POST or None, request.FILES or None, entries=entries)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            objection = services.objection_file(
                notice=notice,
                entry_id=data["entry"],
                kind=data["kind"],
                name=data["name"],
                unit=data["unit"],
                contact_person=data["contact_person"],
                address=data["address"],
                phone=data["phone"],
                email=data["email"],
                content=data["content"],
                sealed_letter=data["sealed_letter"],
                evidence=data["evidence"],
            )
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            return render(request, "notices/objection_done.html", {"notice": notice, "objection": objection})
    return render(request, "notices/objection_form.html", {"notice": notice, "form": form, "state": state})


def _public_decision_or_404(decision_pk):
    return get_object_or_404(selectors.public_decisions(), pk=decision_pk)


def decision_context(decision):
    groups = selectors.approved_by_district(decision)
    return {"decision": decision, "groups": groups, "count": sum(len(g) for _, g in groups)}


def public_decision(request, decision_pk):
    decision = _public_decision_or_404(decision_pk)
    return render(request, "notices/public_decision.html", decision_context(decision))


def public_decision_pdf(request, decision_pk):
    decision = _public_decision_or_404(decision_pk)
    pdf = render_pdf("notices/pdf/official_list.html", decision_context(decision))
    return _pdf_response(pdf, f"{decision.call.year}年度登峰行动计划立项名单（{decision.document_number}）.pdf")


CSV_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def text_safe(value) -> str:
    """A CSV cell that a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(CSV_DANGEROUS) else text


def public_decision_csv(request, decision_pk):
    decision = _public_decision_or_404(decision_pk)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["序号", "所属地区", "企业名称", "项目名称", "发文字号", "发文日期"])
    n = 0
    for district, entries in selectors.approved_by_district(decision):
        for entry in entries:
            n += 1
            writer.writerow(
                [
                    n,
                    text_safe(district),
                    text_safe(entry.enterprise_name),
                    text_safe(entry.project_title),
                    text_safe(decision.document_number),
                    decision.decided_on.isoformat(),
                ]
            )
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(
        True, f"{decision.call.year}年度登峰行动计划立项名单.csv"
    )
    return response


# ---- the bureau: notices ---------------------------------------------------------------------------------------------
@login_required
def notices(request):
    require(is_bureau, request.user, BUREAU_ONLY)
    rows = selectors.notices_visible_to(request.user)
    years = list(AnnualCall.objects.order_by("-year").values_list("year", flat=True))
    year = request.GET.get("year", "")
    if year.isdigit():
        rows = rows.filter(call__year=int(year))
    shown = request.GET.get("state", "")
    today = timezone.localdate()
    if shown == "draft":
        rows = rows.filter(published_at__isnull=True)
    elif shown == "open":
        rows = rows.filter(published_at__isnull=False, starts_on__lte=today, ends_on__gte=today)
    elif shown == "ended":
        rows = rows.filter(published_at__isnull=False, ends_on__lt=today)
    page = Paginator(rows.order_by("-created_at", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "notices/notices.html",
        {"page": page, "years": years, "year": year, "shown": shown, "today": today},
    )


def _notice_or_404(user, pk):
    return get_object_or_404(selectors.notices_visible_to(user), pk=pk)


@login_required
def notice_detail(request, pk):
    notice = _notice_or_404(request.user, pk)
    entries = list(notice.entries.select_related("project").order_by("position"))
    objections = list(
        notice.objections.select_related("entry").order_by("state", "-filed_at")
    )  # identity shown to the bureau only (this page is bureau-only)
    form = PublishForm(request.GET or None) if not notice.is_published else None
    preview = None
    if form is not None and request.GET and form.is_valid():
        preview = services.notice_period_preview(call=notice.call, starts_on=form.cleaned_data["starts_on"])
    return render(
        request,
        "notices/notice_detail.html",
        {
            "notice": notice,
            "entries": entries,
            "objections": objections,
            "form": form,
            "preview": preview,
            "state": services.period_state(notice),
            "call": notice.call,
        },
    )


@login_required
@require_POST
def notice_publish(request, pk):
    notice = _notice_or_404(request.user, pk)
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写正确的公示开始日期。")
        return redirect("notices:notice", pk=notice.pk)
    try:
        services.notice_publish(notice=notice, by=request.user, starts_on=form.cleaned_data["starts_on"])
    except (ValidationError, PermissionDenied) as exc:
        flash_errors(request, exc)
    else:
        notice.refresh_from_db()
        messages.success(request, f"公示已发布：{zh_date(notice.starts_on)}至{zh_date(notice.ends_on)}。")
    return redirect("notices:notice", pk=notice.pk)


@login_required
def notice_bureau_pdf(request, pk):
    notice = _notice_or_404(request.user, pk)
    pdf = render_pdf("notices/pdf/notice.html", notice_pdf_context(notice))
    return _pdf_response(pdf, f"{notice.title}.pdf")


@login_required
def for_project(request, pk):
    """The page a project's notice or approval step is taken on (the project page links here)."""
    if not is_bureau.test(request.user):
        raise Http404
    project = get_object_or_404(Project.objects.select_related("call"), pk=pk)
    entry = getattr(project, "notice_entry", None)
    if project.status == Status.PROPOSED:
        return redirect("notices:approval", year=project.call.year)
    if entry is not None:
        return redirect("notices:notice", pk=entry.notice_id)
    return redirect("notices:notices")


# ---- the bureau: objections --------------------------------------------------------------------------------------
def _objection_or_404(user, pk):
    return get_object_or_404(selectors.objections_visible_to(user), pk=pk)


@login_required
def objection_detail(request, pk):
    objection = _objection_or_404(request.user, pk)
    form = FindingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.objection_decide(
                objection=objection,
                by=request.user,
                decision=form.cleaned_data["decision"],
                finding=form.cleaned_data["finding"],
                told_by=form.cleaned_data["told_by"],
            )
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, "核查结论已记录，并已告知异议人。")
            return redirect("notices:objection", pk=objection.pk)
    return render(
        request,
        "notices/objection_detail.html",
        {"objection": objection, "form": form, "evidence": list(objection.evidence.all())},
    )


def _file_response(request, field, name, target, what):
    if not field or not default_storage.exists(field.name):
        raise Http404
    record(AuditEvent.Kind.DOWNLOAD, request=request, target=target, detail=f"下载{target}的{what}")
    return FileResponse(default_storage.open(field.name, "rb"), as_attachment=True, filename=name or "file")


@login_required
def objection_letter(request, pk):
    objection = _objection_or_404(request.user, pk)
    return _file_response(request, objection.sealed_letter, objection.sealed_letter_name, objection, "书面异议材料")


@login_required
def objection_evidence(request, pk):
    item = get_object_or_404(selectors.evidence_visible_to(request.user), pk=pk)
    return _file_response(request, item.file, item.original_name, item.objection, "证据材料")


# ---- the bureau: calendar overrides -------------------------------------------------------------------------------
@login_required
def calendar_overrides(request):
    require(is_bureau, request.user, BUREAU_ONLY)
    form = CalendarOverrideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        override = form.save(commit=False)
        override.created_by = request.user
        override.save()
        messages.success(request, f"已记录：{override}。")
        return redirect("notices:calendar")
    page = Paginator(CalendarOverride.objects.select_related("created_by").order_by("-day"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "notices/calendar.html", {"form": form, "page": page})


@login_required
@require_POST
def calendar_override_delete(request, pk):
    if not is_bureau.test(request.user):
        raise Http404
    override = get_object_or_404(CalendarOverride, pk=pk)
    override.delete()
    messages.success(request, "已删除该日的工作日调整。")
    return redirect("notices:calendar")


# ---- the bureau: government approval -----------------------------------------------------------------------------
@login_required
def approval_home(request):
    require(is_bureau, request.user, BUREAU_ONLY)
    call = AnnualCall.objects.order_by("-year").first()
    if call is None:
        messages.info(request, "尚无年度申报指南。")
        return redirect("notices:notices")
    return redirect("notices:approval", year=call.year)


def _call_or_404(year):
    return get_object_or_404(AnnualCall, year=year)


def _outcomes_from(post, projects):
    return {
        p.pk: (post.get(f"outcome-{p.pk}", ""), post.get(f"reason-{p.pk}", ""))
        for p in projects
        if post.get(f"outcome-{p.pk}", "")
    }


@login_required
def approval(request, year):
    require(is_bureau, request.user, BUREAU_ONLY)
    call = _call_or_404(year)
    proposed = list(services.proposed_projects(call))
    form = DecisionForm(request.POST or None)
    chosen = {}
    if request.method == "POST" and form.is_valid():
        chosen = _outcomes_from(request.POST, proposed)
        try:
            decision = services.decision_record(
                call=call,
                by=request.user,
                document_number=form.cleaned_data["document_number"],
                decided_on=form.cleaned_data["decided_on"],
                outcomes=chosen,
            )
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, f"已录入市政府审定结果（{decision.document_number}），立项名单已在公示页面公布。")
            return redirect("notices:approval", year=call.year)
    decisions = list(call.decisions.prefetch_related("entries").order_by("-decided_on", "-pk"))
    approved = call.projects.filter(status__in=QUOTA_STATES).count()
    rows = [
        {
            "project": p,
            "outcome": request.POST.get(f"outcome-{p.pk}", ""),
            "reason": request.POST.get(f"reason-{p.pk}", ""),
        }
        for p in proposed
    ]
    return render(
        request,
        "notices/approval.html",
        {
            "call": call,
            "rows": rows,
            "form": form,
            "decisions": decisions,
            "approved": approved,
            "remaining": max(call.max_projects - approved, 0),
            "years": list(AnnualCall.objects.order_by("-year").values_list("year", flat=True)),
            "outcomes": DecisionEntry.Outcome.choices,
        },
    )


@login_required
def proposed_pdf(request, year):
    require(is_bureau, request.user, BUREAU_ONLY)
    call = _call_or_404(year)
    proposed = list(services.proposed_projects(call))
    pdf = render_pdf(
        "notices/pdf/proposed_list.html",
        {"call": call, "projects": proposed, "today": timezone.localdate()},
    )
    return _pdf_response(pdf, f"{call.year}年度登峰行动计划报市政府审定名单.pdf")
