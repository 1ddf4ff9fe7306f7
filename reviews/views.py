"""District formal review and bureau screening pages. Lists start from the access layer; decisions go through
``reviews.services``; a project the user may not see is a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.rules import is_bureau, is_district_official
from common.feedback import flash_errors, require
from common.formatting import zh_date
from common.pagination import TwoStepPaginator
from projects.choices import widget_options
from projects.counts import project_counts
from projects.eligibility import assessment_from_dict
from projects.enums import Status
from projects.filters import ProjectFilter
from projects.selectors import PROJECT_LISTS, project_visible_or_404, projects_visible_to
from projects.submission import assess

from .forms import ExtensionForm, FormalReviewForm, ScreeningBulkForm
from .selectors import (
    call_under_review,
    district_calls,
    district_page_deadline,
    district_queue,
    district_queue_rows,
    district_recommended,
    named_projects,
)
from .services import (
    district_reopen,
    district_set_order,
    formal_review_decide,
    formal_review_respond,
    screening_bulk,
    screening_decide,
)

PAGE_SIZE = 25
RETURNED_SHOWN = 20  # the district's formal-review page lists the latest returned ones; the rest are on the list
BULK_RESULT_KEY = "screening_bulk_outcomes"
BULK_BACK_KEY = "screening_bulk_back"


def _review_context(project):
    """What the district and the bureau both see of an application under review: the submitted version's
    eligibility outcome and flags (the enterprise may edit its profile afterwards), and the review rounds."""
    snapshot = project.snapshots.order_by("-version").first()
    submitted = snapshot.data if snapshot else None
    return {
        "project": project,
        "assessment": assessment_from_dict(submitted["eligibility"]) if submitted else assess(project),
        "flags": submitted["enterprise"]
        if submitted
        else {
            "priority_flags": project.enterprise.priority_flags,
            "relaxation_flags": project.enterprise.relaxation_flags,
        },
        "rounds": project.formal_reviews.select_related("reviewer").order_by("-round"),
        "snapshot": snapshot,
    }


# ---- district formal review ---------------------------------------------------------------------------------------
@login_required
def district_home(request):
    """The district's formal-review page: a page of its queue, every recommended application of the call under
    review (the ordering form posts them all), the latest returned ones. The counts come from the shared cache
    (``projects.counts``), the call and the extensions too (``reviews.selectors.district_calls``); each list is
    one narrow query of what the page shows."""
    user = request.user
    require(is_district_official, user, "只有市、区主管部门可以进行形式审查。")
    calls = district_calls(user.district_id)
    counts = project_counts(user).by_status()
    paginator = Paginator(district_queue(user).values_list("pk", flat=True), PAGE_SIZE)  # the keys of the queue
    paginator.count = counts.get(Status.SUBMITTED, 0)  # its rows: the district's submitted applications
    page = paginator.get_page(request.GET.get("page"))
    queue = district_queue_rows(user, list(page.object_list))
    returned = projects_visible_to(user).filter(status=Status.RETURNED).order_by("-updated_at", "pk")
    recommended = named_projects(district_recommended(user, calls.call)) if calls.call else []
    return render(
        request,
        "reviews/district_home.html",
        {
            "call": calls.call,
            "page": page,
            "queue": queue,
            "returned": named_projects(returned[:RETURNED_SHOWN]),
            "returned_total": counts.get(Status.RETURNED, 0),
            "returned_url": reverse("projects:list") + f"?status={Status.RETURNED}",
            "recommended": recommended,
            "deadline": district_page_deadline(calls, queue, recommended),
        },
    )


@login_required
def formal_review(request, pk):
    project = project_visible_or_404(request.user, pk)
    require(is_district_official, request.user, "只有市、区主管部门可以进行形式审查。")
    form = FormalReviewForm(request.POST or None, checklist=project.call.review_checklist)
    if request.method == "POST" and form.is_valid():
        try:
            formal_review_decide(
                project=project,
                by=request.user,
                decision=form.cleaned_data["decision"],
                items=form.items(),
                opinion=form.cleaned_data["opinion"],
            )
        except (ValidationError, PermissionDenied) as exc:
            flash_errors(request, exc)
        else:
            messages.success(
                request, f"已对{project.enterprise.name}作出形式审查结论：{project.get_status_display()}。"
            )
            return redirect("reviews:district")
    return render(
        request,
        "reviews/formal_review.html",
        {**_review_context(project), "form": form},
    )


@login_required
@require_POST
def district_order(request):
    require(is_district_official, request.user, "只有市、区主管部门可以调整推荐顺序。")
    call = call_under_review()
    try:
        district_set_order(
            call=call, district=request.user.district, by=request.user, project_ids=request.POST.getlist("order")
        )
    except (ValidationError, PermissionDenied, ValueError) as exc:
        flash_errors(request, exc if not isinstance(exc, ValueError) else ValidationError("推荐顺序格式不正确。"))
    else:
        messages.success(request, "推荐顺序已保存。")
    return redirect("reviews:district")


# ---- bureau screening ---------------------------------------------------------------------------------------------
SCREENING_SELECTS = ("district", "industry", "track", "verdict", "flag", "status", "ordering")
# What a row of the screening list shows (templates/reviews/screening_list.html); the rest of the joined rows'
# columns (a call has 52) is not read.
SCREENING_ROW_FIELDS = (
    "id",
    "status",
    "eligibility_track",
    "eligibility_verdict",
    "has_priority",
    "may_be_relaxed",
    "recommendation_order",
    "call__year",
    "enterprise__name",
    "enterprise__uscc",
    "district__name",
    "industry__name",
)


@login_required
def screening_list(request):
    require(is_bureau, request.user, "只有市知识产权局可以进行初选。")
    data = request.GET.copy()
    if "status" not in data and not data.get("phase"):
        data.setlist("status", [Status.RECOMMENDED])
    filterset = ProjectFilter(data, queryset=projects_visible_to(request.user))
    queryset = filterset.qs
    if not data.get("ordering"):
        queryset = queryset.order_by("district__sort_order", "recommendation_order", "pk")
    rows = queryset.only(*SCREENING_ROW_FIELDS)
    page = TwoStepPaginator(rows, PAGE_SIZE, figures=PROJECT_LISTS).get_page(request.GET.get("page"))
    return render(
        request,
        "reviews/screening_list.html",
        {
            "filter": filterset,
            "selects": {name: widget_options(filterset.form, name) for name in SCREENING_SELECTS},
            "page": page,
            "bulk_form": ScreeningBulkForm(),
            "query": data.urlencode(),
            "query_without_page": _without(data, "page"),
        },
    )


def _without(querydict, key):
    copy = querydict.copy()
    copy.pop(key, None)
    return copy.urlencode()


@login_required
@require_POST
def screening_bulk_view(request):
    require(is_bureau, request.user, "只有市知识产权局可以进行初选。")
    visible = projects_visible_to(request.user)
    ids = [int(v) for v in request.POST.getlist("projects") if v.isdigit() and len(v) <= 18]
    form = ScreeningBulkForm(request.POST, project_ids=list(visible.filter(pk__in=ids).values_list("pk", flat=True)))
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("reviews:screening")
    projects = list(visible.filter(pk__in=form.cleaned_data["projects"]).order_by("pk"))
    outcomes = screening_bulk(
        projects=projects, by=request.user, decision=form.cleaned_data["decision"], reason=form.cleaned_data["reason"]
    )
    done = sum(1 for _, ok, _ in outcomes if ok)
    messages.info(request, f"共处理{len(outcomes)}个项目：成功{done}个，未成功{len(outcomes) - done}个。")
    # Post/redirect/get: reloading the result page must not send the batch again.
    request.session[BULK_RESULT_KEY] = [
        {"number": p.number, "enterprise": p.enterprise.name, "ok": ok, "message": message}
        for p, ok, message in outcomes
    ]
    request.session[BULK_BACK_KEY] = request.POST.get("back", "")
    return redirect("reviews:screening_results")


@login_required
def screening_results(request):
    require(is_bureau, request.user, "只有市知识产权局可以进行初选。")
    back = request.session.get(BULK_BACK_KEY, "")
    return render(
        request,
        "reviews/screening_results.html",
        {
            "outcomes": request.session.get(BULK_RESULT_KEY, []),
            "back": back if back.startswith("?") else "",
        },
    )


@login_required
def screening_detail(request, pk):
    project = project_visible_or_404(request.user, pk)
    require(is_bureau, request.user, "只有市知识产权局可以进行初选。")
    if request.method == "POST":
        try:
            screening_decide(
                project=project,
                by=request.user,
                decision=request.POST.get("decision", ""),
                reason=request.POST.get("reason", ""),
            )
        except (ValidationError, PermissionDenied) as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, f"{project.enterprise.name}：{project.get_status_display()}。")
            return redirect("reviews:screening")
    return render(
        request,
        "reviews/screening_detail.html",
        _review_context(project),
    )


@login_required
def extensions(request):
    require(is_bureau, request.user, "只有市知识产权局可以重新开放形式审查。")
    call = call_under_review()
    form = ExtensionForm(request.POST or None)
    if request.method == "POST" and call is None:
        messages.error(request, "尚未发布年度申报指南，无需延期。")
    elif request.method == "POST" and form.is_valid():
        district = form.cleaned_data["district"]
        try:
            district_reopen(call=call, by=request.user, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, f"已将{district}的形式审查延长至{zh_date(form.cleaned_data['until'])}。")
            return redirect("reviews:extensions")
    return render(
        request,
        "reviews/extensions.html",
        {
            "call": call,
            "form": form,
            "extensions": call.district_extensions.select_related("district", "granted_by") if call else [],
        },
    )


# ---- the enterprise's answer to a return ------------------------------------------------------------------------
@login_required
@require_POST
def return_response(request, pk):
    """The enterprise answers the district's return: what it changed (shown to the district with the resubmission)."""
    project = project_visible_or_404(request.user, pk)
    try:
        formal_review_respond(project=project, by=request.user, response=request.POST.get("response", ""))
    except (ValidationError, PermissionDenied) as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, "修改说明已保存，重新提交后市、区主管部门可以看到。")
    return redirect("projects:application", pk=project.pk, section=request.POST.get("section") or "basic")
