"""Each role's home page: the work waiting for it, and the figures of its part of the programme.

Every figure starts from the access layer (``projects_visible_to``); counts are one grouped query each.
"""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.db.models import Count, F, Q
from django.shortcuts import render
from django.utils import timezone

from accounts.models import Role
from directory.models import District, Enterprise
from funding.selectors import funded_projects, ledger_totals
from projects.enums import (
    DISTRICT_QUEUE_STATES,
    ENDED_STATES,
    FUNDED_STATES,
    PHASE_OF_STATUS,
    QUOTA_STATES,
    Phase,
    Status,
)
from projects.lifecycle.queues import bureau_queue_states, project_rows
from projects.models import AnnualCall
from projects.selectors import phase_counts, projects_visible_to, status_counts

HOME_LIST_LIMIT = 20


# ---- home --------------------------------------------------------------------------------------------------------
@login_required
def home(request):
    """One page per role, showing that role's work."""
    user = request.user
    build = HOME_PAGES.get(user.role)
    if build is None:
        return render(request, "dashboard/none.html")
    template, context = build(user)
    return render(request, template, context)


def _enterprise_home(user):
    enterprise = Enterprise.objects.select_related("district", "industry").get(pk=user.enterprise_id)
    projects = list(projects_visible_to(user).order_by("-call__year", "pk"))
    started = {p.call_id: p for p in projects}
    return "dashboard/enterprise.html", {
        "enterprise": enterprise,
        "rows": project_rows(projects, Role.ENTERPRISE),
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
    return "dashboard/district.html", {
        "district": user.district,
        "queue": project_rows(queue, Role.DISTRICT),
        "recent": project_rows(recent, Role.DISTRICT),
        "phases": phases,
        "total": sum(n for _, n in phases),
    }


def _bureau_home(user):
    projects = projects_visible_to(user)
    phases = phase_counts(projects)
    by_status = status_counts(projects)
    queue_counts = [(Status(s), by_status[s]) for s in Status.values if s in bureau_queue_states() and by_status.get(s)]
    queue = projects.filter(status__in=bureau_queue_states()).order_by("call__year", "status", "pk")[:HOME_LIST_LIMIT]
    return "dashboard/bureau.html", {
        "phases": phases,
        "total": sum(n for _, n in phases),
        "districts": _district_counts(projects),
        "queue_counts": queue_counts,
        "queue_total": sum(n for _, n in queue_counts),
        "queue": project_rows(queue, Role.BUREAU),
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
    """The expert portal's home: the current assignments with their deadline (the first ones; the rest paged on
    the list page), what is done and late, and the way to the history of finished reviews."""
    from reviews.selectors import expert_current, expert_history, expert_rows

    current = expert_current(user)
    rows = expert_rows(current[:HOME_LIST_LIMIT])
    counts = current.aggregate(
        total=Count("pk"),
        submitted=Count("pk", filter=Q(sheet__status="submitted")),
        drafts=Count("pk", filter=Q(sheet__status="draft")),
    )
    return "dashboard/expert.html", {
        "rows": rows,
        "counts": counts,
        "not_started": counts["total"] - counts["submitted"] - counts["drafts"],
        "late": sum(1 for r in rows if r.late),
        "more": counts["total"] > len(rows),
        "history_count": expert_history(user).count(),
        "deadline": next((r.deadline for r in rows if r.deadline), None),
    }


def _finance_home(user):
    """The finance officer's home: the programme's money in figures and the first funded projects with money left
    to pay; the whole list, filtered and paged, is the ledger's (``funding:list``). Bounded queries."""
    funded = funded_projects(user)
    to_pay = funded.filter(ledger_committed__gt=F("ledger_disbursed")).order_by("-call__year", "pk")
    totals = ledger_totals(funded)
    return "dashboard/finance.html", {
        "projects": list(to_pay[:HOME_LIST_LIMIT]),
        "to_pay_count": to_pay.count(),
        "funded_count": funded.count(),
        "totals": totals,
        "decided_total": totals["committed"],
        "paid_total": totals["disbursed"],
    }


HOME_PAGES = {
    Role.ENTERPRISE: _enterprise_home,
    Role.DISTRICT: _district_home,
    Role.BUREAU: _bureau_home,
    Role.EXPERT: _expert_home,
    Role.FINANCE: _finance_home,
}
