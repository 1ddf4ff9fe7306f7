"""The project pages: the home page of each role, the project list, the project page with its timeline and the
lifecycle action forms, and the health check.

Every page starts from the access layer (``projects_visible_to`` / ``project_visible_or_404``): a project the
user may not see is a 404, never a 403 that would confirm it exists. State changes go through
``projects.services.project_act``; its Chinese errors become messages.
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import DatabaseError, connection
from django.db.models import Count, Prefetch, Q, Sum
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from accounts.models import Role
from accounts.rules import acts_for_enterprise, is_bureau
from dengfeng.feedback import error_messages
from funding.models import Tranche

from .conditions import unmet
from .eligibility import Track, Verdict
from .enums import (
    DISTRICT_QUEUE_STATES,
    EDITABLE_STATES,
    ENDED_STATES,
    ENTERPRISE_QUEUE_STATES,
    FUNDED_STATES,
    PHASE_OF_STATUS,
    QUOTA_STATES,
    Phase,
    Status,
)
from .filters import ProjectFilter
from .forms import ProjectActionForm
from .models import AnnualCall, Application, District, Enterprise, Project
from .selectors import phase_counts, project_timeline, project_visible_or_404, projects_visible_to, status_counts
from .services import project_act, project_available_steps
from .submission import assess
from .workflow import STEPS

PAGE_SIZE = 20
HOME_LIST_LIMIT = 20


# ---- the lifecycle read for display -------------------------------------------------------------------------------
def _steps_by_source():
    """{state: [transition names in workflow order]} for every transition of the lifecycle."""
    order = list(STEPS)
    by_source = defaultdict(list)
    for transition in Project._meta.get_field("status").get_all_transitions(Project):
        by_source[transition.source].append(transition.name)
    return {source: sorted(names, key=order.index) for source, names in by_source.items()}


STEPS_BY_SOURCE = _steps_by_source()
# Waiting for the bureau: a bureau step leads out and neither the enterprise nor the district has the turn.
BUREAU_QUEUE_STATES = frozenset(
    status
    for status, names in STEPS_BY_SOURCE.items()
    if any(STEPS[n].actor == Role.BUREAU for n in names)
    and status not in ENTERPRISE_QUEUE_STATES | DISTRICT_QUEUE_STATES | ENDED_STATES
)
WAITING_FOR = [
    (ENDED_STATES, "已结束"),
    (ENTERPRISE_QUEUE_STATES, "待申报企业办理"),
    (DISTRICT_QUEUE_STATES, "待市、区主管部门办理"),
    (BUREAU_QUEUE_STATES, "待市知识产权局办理"),
]


def waiting_for(status):
    """Whose turn it is, in words."""
    for states, text in WAITING_FOR:
        if status in states:
            return text
    return ""


def steps_of_role(status, role):
    """The steps ``role`` owns out of ``status`` (without the rule checks: for lists; the project page checks)."""
    return [STEPS[name] for name in STEPS_BY_SOURCE.get(status, ()) if STEPS[name].actor == role]


@dataclass
class Row:
    """A project in a list, with whose turn it is and the next steps of the viewer's role."""

    project: Project
    waiting_for: str
    next_steps: list


def _rows(projects, role):
    return [Row(p, waiting_for(p.status), steps_of_role(p.status, role)) for p in projects]


# ---- home --------------------------------------------------------------------------------------------------------
@login_required
def home(request):
    """One page per role, showing that role's work."""
    user = request.user
    build = HOME_PAGES.get(user.role)
    if build is None:
        return render(request, "projects/home/none.html")
    template, context = build(user)
    return render(request, template, context)


def _enterprise_home(user):
    enterprise = Enterprise.objects.select_related("district", "industry").get(pk=user.enterprise_id)
    projects = list(projects_visible_to(user).order_by("-call__year", "pk"))
    started = {p.call_id: p for p in projects}
    return "projects/home/enterprise.html", {
        "enterprise": enterprise,
        "rows": _rows(projects, Role.ENTERPRISE),
        "open_calls": [(call, started.get(call.pk)) for call in _open_calls()],
    }


def _open_calls():
    today = timezone.localdate()
    return list(
        AnnualCall.objects.filter(application_opens_on__lte=today, application_closes_on__gte=today).order_by("-year")
    )


def _district_home(user):
    projects = projects_visible_to(user)
    queue = projects.filter(status__in=DISTRICT_QUEUE_STATES).order_by("submitted_at", "pk")
    recent = projects.exclude(status__in=DISTRICT_QUEUE_STATES).order_by("-updated_at", "-pk")[:HOME_LIST_LIMIT]
    phases = phase_counts(projects)
    return "projects/home/district.html", {
        "district": user.district,
        "queue": _rows(queue, Role.DISTRICT),
        "recent": _rows(recent, Role.DISTRICT),
        "phases": phases,
        "total": sum(n for _, n in phases),
    }


def _bureau_home(user):
    projects = projects_visible_to(user)
    phases = phase_counts(projects)
    by_status = status_counts(projects)
    queue_counts = [(Status(s), by_status[s]) for s in Status.values if s in BUREAU_QUEUE_STATES and by_status.get(s)]
    queue = projects.filter(status__in=BUREAU_QUEUE_STATES).order_by("call__year", "status", "pk")[:HOME_LIST_LIMIT]
    return "projects/home/bureau.html", {
        "phases": phases,
        "total": sum(n for _, n in phases),
        "districts": _district_counts(projects),
        "queue_counts": queue_counts,
        "queue_total": sum(n for _, n in queue_counts),
        "queue": _rows(queue, Role.BUREAU),
        "calls": _call_progress(projects),
    }


@dataclass
class DistrictCounts:
    district: District
    total: int = 0
    waiting: int = 0  # in formal review at the district
    recommended: int = 0  # past formal review and still in the running or funded
    funded: int = 0


def _district_counts(projects):
    """Per district: applications, waiting for formal review, recommended, funded (one query, every district)."""
    past_review = [s for s, p in PHASE_OF_STATUS.items() if p >= Phase.SCREENING and s not in ENDED_STATES]
    rows = (
        projects.order_by()
        .values("district_id")
        .annotate(
            total=Count("pk"),
            waiting=Count("pk", filter=Q(status__in=DISTRICT_QUEUE_STATES)),
            recommended=Count("pk", filter=Q(status__in=past_review)),
            funded=Count("pk", filter=Q(status__in=FUNDED_STATES)),
        )
    )
    counts = {row.pop("district_id"): row for row in rows}
    districts = District.objects.filter(Q(is_active=True) | Q(pk__in=counts))
    return [DistrictCounts(d, **counts.get(d.pk, {})) for d in districts]


@dataclass
class CallProgress:
    call: AnnualCall
    total: int
    approved: int  # counted against F1
    cumulative: int  # funded projects of this and earlier calls, against G1


def _call_progress(projects):
    """Per call: approved projects against the yearly quota F1 and the cumulative count against the G1 target."""
    per_call = {
        row["call_id"]: row
        for row in projects.order_by()
        .values("call_id")
        .annotate(total=Count("pk"), approved=Count("pk", filter=Q(status__in=QUOTA_STATES)))
    }
    progress, cumulative = [], 0
    for call in AnnualCall.objects.order_by("year"):
        row = per_call.get(call.pk, {"total": 0, "approved": 0})
        cumulative += row["approved"]
        progress.append(CallProgress(call, row["total"], row["approved"], cumulative))
    return list(reversed(progress))


def _expert_home(user):
    projects = projects_visible_to(user).order_by("-call__year", "status", "pk")
    return "projects/home/expert.html", {"rows": _rows(projects, Role.EXPERT)}


def _finance_home(user):
    projects = (
        projects_visible_to(user)
        .order_by("-call__year", "district__sort_order", "pk")
        .prefetch_related(Prefetch("tranches", queryset=Tranche.objects.select_related("decided_by")))
    )
    totals = Tranche.objects.filter(project__in=projects_visible_to(user)).aggregate(
        decided=Sum("amount"), paid=Sum("amount", filter=Q(paid_on__isnull=False))
    )
    return "projects/home/finance.html", {
        "projects": projects,
        "decided_total": totals["decided"] or Decimal("0"),
        "paid_total": totals["paid"] or Decimal("0"),
    }


HOME_PAGES = {
    Role.ENTERPRISE: _enterprise_home,
    Role.DISTRICT: _district_home,
    Role.BUREAU: _bureau_home,
    Role.EXPERT: _expert_home,
    Role.FINANCE: _finance_home,
}


# ---- list ---------------------------------------------------------------------------------------------------------
@login_required
def project_list(request):
    """The projects the user may see, filtered (year, phase, state, district for the bureau, search) and paged."""
    visible = projects_visible_to(request.user)
    filterset = ProjectFilter(request.GET or None, queryset=visible)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    form = filterset.form
    return render(
        request,
        "projects/project_list.html",
        {
            "page": page,
            "rows": _rows(page.object_list, request.user.role),
            "filter_values": {
                **{name: form[name].value() or "" for name in ("q", "year", "phase", "district")},
                "status": form["status"].value() or [],
            },
            "years": AnnualCall.objects.order_by("-year").values_list("year", flat=True),
            "phases": Phase.choices,
            "statuses": Status.choices,
            "districts": District.objects.all() if is_bureau.test(request.user) else None,
            "filtered": any(request.GET.get(k) for k in ("q", "year", "phase", "status", "district")),
        },
    )


# ---- detail and actions -------------------------------------------------------------------------------------------
@dataclass
class TimelineEntry:
    at: object
    actor: object
    source: str
    target: str
    transition: str
    comment: str


@dataclass
class BlockedStep:
    """A step the user's role owns from this state but a rule does not allow now, with the reasons."""

    name: str
    step: object
    reasons: list


def _blocked_steps(project, user, available):
    blocked = []
    for transition in project.get_all_status_transitions():
        if transition.source != project.status or transition.name in available:
            continue
        if not transition.has_perm(project, user):
            continue
        blocked.append(BlockedStep(transition.name, STEPS[transition.name], unmet(transition.conditions, project)))
    order = list(STEPS)
    return sorted(blocked, key=lambda b: order.index(b.name))


@login_required
def project_detail(request, pk):
    """Everything about one project: data, enterprise, money, tranches, audit timeline and the action forms."""
    user = request.user
    project = project_visible_or_404(user, pk)
    steps = project_available_steps(project=project, user=user)
    available = {name for name, _ in steps}
    timeline = [
        TimelineEntry(log.timestamp, log.by, log.source_state, log.state, log.transition, log.description or "")
        for log in project_timeline(project)
    ]
    context = {
        "project": project,
        "enterprise": project.enterprise,
        "call": project.call,
        "application": Application.objects.filter(project=project).first(),
        "budget_lines": list(project.budget_lines.all()),
        "tranches": list(project.tranches.select_related("decided_by")),
        "formal_reviews": list(project.formal_reviews.select_related("reviewer").order_by("round")),
        "timeline": timeline,
        "actions": [ProjectActionForm(transition=name, project=project) for name, step in steps if not step.page],
        # Steps taken on a page of their own (the formal review checklist): one link per page.
        "page_steps": {step.page: [s for _, s in steps if s.page == step.page] for _, step in steps if step.page},
        "blocked": _blocked_steps(project, user, available),
        "waiting_for": waiting_for(project.status),
        "may_edit_application": project.status in EDITABLE_STATES and acts_for_enterprise.test(user, project),
        "has_snapshots": project.snapshots.exists(),
        "track_label": _label(Track, project.eligibility_track),
        "verdict_label": _label(Verdict, project.eligibility_verdict),
        # Before the first submission nothing is recorded: show the engine's reading of the current draft.
        "live_assessment": assess(project) if not project.eligibility_verdict else None,
        "experts": (
            list(project.expert_assignments.select_related("expert").order_by("pk")) if is_bureau.test(user) else None
        ),
    }
    context["budget_government"] = sum((b.government_amount for b in context["budget_lines"]), Decimal("0"))
    context["budget_own"] = sum((b.own_amount for b in context["budget_lines"]), Decimal("0"))
    context["tranche_total"] = sum((t.amount for t in context["tranches"]), Decimal("0"))
    context["own_investment_ok"] = project.own_investment >= project.required_own_investment
    context["funding_ok"] = project.government_funding <= project.call.max_government_funding
    return render(request, "projects/project_detail.html", context)


def _label(enum, value):
    try:
        return enum(value).label if value else ""
    except ValueError:
        return value


@login_required
def project_act_view(request, pk, transition):
    """POST one lifecycle step. Visibility first (404 for anyone who may not see the project, whatever the
    method); then the service decides; its refusal is shown as a message and nothing changes."""
    project = project_visible_or_404(request.user, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    step = STEPS.get(transition)
    if step is None:
        messages.error(request, "未知的操作。")
        return redirect("projects:detail", pk=project.pk)
    form = ProjectActionForm(request.POST, transition=transition, project=project)
    if not form.is_valid():
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
        return redirect("projects:detail", pk=project.pk)
    try:
        project_act(
            project=project,
            transition=transition,
            by=request.user,
            comment=form.cleaned_data["comment"],
            reward_amount=form.cleaned_data.get("reward_amount"),
        )
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, "；".join(error_messages(exc)))
    else:
        messages.success(request, f"已完成“{step.label}”。项目当前状态：{project.get_status_display()}。")
    return redirect("projects:detail", pk=project.pk)


# ---- health -------------------------------------------------------------------------------------------------------
@never_cache
def healthz(request):
    """200 "ok" when the database answers; 503 otherwise. No login: for the load balancer and monitoring."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("database unavailable", status=503, content_type="text/plain; charset=utf-8")
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")
