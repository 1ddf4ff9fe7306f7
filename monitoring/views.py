"""The monitoring pages (S7, F6): the list of funded enterprises, an enterprise's yearly records, the record form,
the import (preview → confirm), the evaluation on the project page, the F6 recommendations and their yearly report.

Every page starts from the access layer (``monitoring.selectors``, ``projects.selectors``): what the user may not
see is a 404; what the user may see but not change is a 403 with a Chinese message. Services decide the rules."""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from accounts.rules import is_bureau, is_enterprise_user
from activity.audit import record as audit
from activity.models import AuditEvent
from common.feedback import NotVisible, flash_errors, require
from common.pagination import TwoStepPaginator
from common.uploads import EXPIRED as UPLOAD_EXPIRED
from common.uploads import claimed_upload, stage_upload
from documents.xlsx import write_xlsx
from projects.choices import filter_choices
from projects.selectors import project_visible_or_404

from .exports import RECOMMENDATION_COLUMNS
from .forms import EvaluationForm, IndicatorRecordForm, RecommendationForm
from .indicators import INDICATORS, this_year
from .interfaces.indicator_import import indicator_import_confirm, indicator_import_preview, indicator_template_xlsx
from .models import Recommendation
from .rules import BUREAU_ONLY, may_see_monitoring_list
from .selectors import (
    MONITORING_LISTS,
    enterprise_records_visible_or_404,
    funded_enterprises,
    monitored_enterprises_visible_to,
    recommendation_summary,
    recommendation_years,
    recommendations,
    record_visible_or_404,
    records_with_growth,
    with_list_figures,
)
from .services import evaluation_record, indicator_record_save, recommendation_save

PAGE_SIZE = 20
IMPORT_KIND = "indicator_import"
F6_ONLY = "只有市知识产权局可以查看和登记推荐申报情况。"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _int_or_none(value):
    value = (value or "").strip()
    return int(value) if value.isdigit() and len(value) <= 6 else None


# ---- the list and an enterprise's records -----------------------------------------------------------------------
@login_required
def monitoring_home(request):
    """The bureau's (a district's: its own) funded enterprises, their latest record year; paginated, filtered by
    the funded project's year, the district and a name or code. An enterprise user goes to its own records."""
    user = request.user
    if is_enterprise_user.test(user):
        if user.enterprise_id and funded_enterprises().filter(pk=user.enterprise_id).exists():
            return redirect("monitoring:enterprise", pk=user.enterprise_id)
        return render(request, "monitoring/not_funded.html")
    require(may_see_monitoring_list, user, "您无权查看考评监测。")
    year = _int_or_none(request.GET.get("year"))
    district = _int_or_none(request.GET.get("district")) if is_bureau.test(user) else None
    q = (request.GET.get("q") or "").strip()[:50]
    missing = _int_or_none(request.GET.get("missing"))
    recorded = _int_or_none(request.GET.get("recorded"))  # the dashboard's links: enterprises with that year's record
    enterprises = monitored_enterprises_visible_to(
        user, year=year, district=district, q=q, missing=missing, recorded=recorded
    )
    page = TwoStepPaginator(enterprises, PAGE_SIZE, figures=MONITORING_LISTS).get_page(request.GET.get("page"))
    with_list_figures(page.object_list)  # the page's funded projects and records' figures, two queries
    choices = filter_choices()
    return render(
        request,
        "monitoring/home.html",
        {
            "page": page,
            "years": choices.years,  # the cached filter choices (no query): newest first
            "districts": choices.districts if is_bureau.test(user) else None,  # (pk, name) pairs
            "filter_values": {
                "year": year or "",
                "district": district or "",
                "q": q,
                "missing": missing or "",
                "recorded": recorded or "",
            },
            "filtered": bool(year or district or q or missing or recorded),
            "record_years": list(range(this_year(), this_year() - 6, -1)),
            "may_manage": is_bureau.test(user),
        },
    )


@login_required
def enterprise_records(request, pk):
    enterprise = enterprise_records_visible_or_404(request.user, pk)
    records, table, baseline, growth = records_with_growth(enterprise)
    return render(
        request,
        "monitoring/enterprise.html",
        {
            "enterprise": enterprise,
            "records": records,
            "table": table,
            "latest_year": records[-1].year if records else None,
            "baseline": baseline,
            "growth": growth,
            "may_manage": is_bureau.test(request.user),
            "recommendations": list(enterprise.recommendations.order_by("-recommended_on", "-pk")),
        },
    )


@login_required
def record_new(request, pk):
    enterprise = enterprise_records_visible_or_404(request.user, pk)
    require(is_bureau, request.user, BUREAU_ONLY)
    form = IndicatorRecordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            record = indicator_record_save(
                by=request.user,
                enterprise=enterprise,
                year=form.cleaned_data["year"],
                values=form.values(),
            )
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, f"已录入{enterprise.name}{record.year}年度的监测指标。")
            return redirect("monitoring:enterprise", pk=enterprise.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "monitoring/record_form.html", {"form": form, "enterprise": enterprise, "record": None}, status=status
    )


@login_required
def record_edit(request, pk):
    record = record_visible_or_404(request.user, pk)
    require(is_bureau, request.user, BUREAU_ONLY)
    initial = {i.field: getattr(record, i.field) for i in INDICATORS}
    form = IndicatorRecordForm(request.POST or None, initial=initial, with_year=False)
    if request.method == "POST" and form.is_valid():
        try:
            indicator_record_save(
                by=request.user, enterprise=record.enterprise, year=record.year, values=form.values(), record=record
            )
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, f"已修改{record.enterprise.name}{record.year}年度的监测指标。")
            return redirect("monitoring:enterprise", pk=record.enterprise_id)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "monitoring/record_form.html",
        {"form": form, "enterprise": record.enterprise, "record": record},
        status=status,
    )


# ---- import -------------------------------------------------------------------------------------------------------
@login_required
def indicator_import(request):
    """Upload → preview (every row checked, nothing saved) → confirm (all rows or none), as the enterprise import:
    each preview's file is kept under its own token, which confirms once."""
    require(is_bureau, request.user, BUREAU_ONLY)
    report = token = None
    if request.method == "POST" and request.POST.get("step") == "confirm":
        claimed = claimed_upload(request, request.POST.get("token", ""), kind=IMPORT_KIND, owner=request.user.pk)
        with claimed as stored:
            if stored is None:
                messages.error(request, UPLOAD_EXPIRED)
                return redirect("monitoring:import")
            try:
                report = indicator_import_confirm(by=request.user, uploaded_file=stored)
            except (ValidationError, PermissionDenied) as exc:
                flash_errors(request, exc)
                return redirect("monitoring:import")
        years = "、".join(str(y) for y in report.years)
        messages.success(request, f"已导入{report.total}条考评监测记录（{years}年度）。")
        return redirect("monitoring:home")
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            messages.error(request, "请选择要上传的文件。")
        else:
            try:
                report = indicator_import_preview(by=request.user, uploaded_file=upload)
            except ValidationError as exc:
                flash_errors(request, exc)
            else:
                if report.ok and report.total:
                    token = stage_upload(request, upload, kind=IMPORT_KIND, owner=request.user.pk)
    return render(request, "monitoring/import.html", {"report": report, "token": token})


@login_required
def indicator_import_template(request):
    require(is_bureau, request.user, BUREAU_ONLY)
    return HttpResponse(
        indicator_template_xlsx(),
        content_type=XLSX,
        headers={"Content-Disposition": content_disposition_header(True, "考评监测指标导入模板.xlsx")},
    )


# ---- evaluation (a panel of the project page) -------------------------------------------------------------------
@login_required
@require_POST
def evaluate(request, pk):
    project = project_visible_or_404(request.user, pk)
    form = EvaluationForm(request.POST)
    form.is_valid()
    try:
        evaluation_record(
            project=project,
            by=request.user,
            conclusion=form.cleaned_data.get("conclusion", ""),
            opinion=form.cleaned_data.get("opinion", ""),
        )
    except (ValidationError, PermissionDenied) as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, "已保存考评结论。")
    return redirect("projects:detail", pk=project.pk)


# ---- F6 -----------------------------------------------------------------------------------------------------------
def _f6_filters(request):
    level = request.GET.get("level", "")
    outcome = request.GET.get("outcome", "")
    return {
        "year": _int_or_none(request.GET.get("year")),
        "level": level if level in Recommendation.Level.values else "",
        "outcome": outcome if outcome in Recommendation.Outcome.values else "",
    }


@login_required
def recommendation_list(request):
    """F6: the recommendations, per year (the report), filtered by year, level and outcome; paginated."""
    require(is_bureau, request.user, F6_ONLY)
    filters = _f6_filters(request)
    page = Paginator(recommendations(**filters), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "monitoring/recommendations.html",
        {
            "page": page,
            "summary": recommendation_summary(year=filters["year"]),
            "years": recommendation_years(),
            "levels": Recommendation.Level.choices,
            "outcomes": Recommendation.Outcome.choices,
            "filter_values": {k: v or "" for k, v in filters.items()},
            "filtered": any(filters.values()),
        },
    )


def _recommendation_form_page(request, *, recommendation=None):
    require(is_bureau, request.user, F6_ONLY)
    enterprises = None
    if recommendation is None:
        enterprises = list(funded_enterprises().order_by("name", "pk").only("pk", "name"))
    initial = {}
    if recommendation is not None:
        initial = {
            "kind": recommendation.kind,
            "programme": recommendation.programme,
            "level": recommendation.level,
            "recommended_on": recommendation.recommended_on,
            "outcome": recommendation.outcome,
            "note": recommendation.note,
        }
    else:
        wanted = _int_or_none(request.GET.get("enterprise"))
        if wanted and any(e.pk == wanted for e in enterprises):
            initial["enterprise"] = str(wanted)
    form = RecommendationForm(request.POST or None, initial=initial, enterprises=enterprises)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        enterprise = None
        if recommendation is None:
            chosen = _int_or_none(data.pop("enterprise", ""))
            enterprise = next((e for e in enterprises if e.pk == chosen), None)
        try:
            saved = recommendation_save(by=request.user, enterprise=enterprise, recommendation=recommendation, **data)
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, f"已登记：推荐{saved.enterprise.name}申报{saved.programme}。")
            return redirect(f"{_url('monitoring:recommendations')}?year={saved.year}")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "monitoring/recommendation_form.html",
        {"form": form, "recommendation": recommendation},
        status=status,
    )


def _url(name, **kwargs):
    from django.urls import reverse

    return reverse(name, kwargs=kwargs or None)


@login_required
def recommendation_new(request):
    return _recommendation_form_page(request)


@login_required
def recommendation_edit(request, pk):
    if not is_bureau.test(request.user):  # only the bureau sees recommendations: to others one is not there
        raise NotVisible("推荐记录不存在或您无权查看。")
    recommendation = get_object_or_404(Recommendation.objects.select_related("enterprise"), pk=pk)
    return _recommendation_form_page(request, recommendation=recommendation)


@login_required
def recommendation_export(request):
    """The F6 report as xlsx (``documents.xlsx``: text cells stay text, dates are dates)."""
    require(is_bureau, request.user, F6_ONLY)
    filters = _f6_filters(request)
    buffer = io.BytesIO()
    rows = write_xlsx(buffer, title="推荐申报情况", columns=RECOMMENDATION_COLUMNS, rows=recommendations(**filters))
    described = f"{filters['year']}年度" if filters["year"] else "全部年度"
    audit(AuditEvent.Kind.EXPORT, request=request, detail=f"导出推荐申报情况（{described}，{rows}条）")
    name = f"推荐申报情况（{described}）.xlsx"
    return HttpResponse(
        buffer.getvalue(), content_type=XLSX, headers={"Content-Disposition": content_disposition_header(True, name)}
    )
