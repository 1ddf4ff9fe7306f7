"""Each role's home page: the work waiting for it, and the figures of its part of the programme.

Every figure starts from the access layer (``projects_visible_to``); counts are one grouped query each.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.db.models import Count, F, Q
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from directory.models import District, Enterprise
from funding.selectors import funded_projects, ledger_totals
from projects.counts import project_counts
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
from projects.selectors import projects_visible_to

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
    """The district's waiting applications (the first ones; the whole queue is the paginated formal-review page),
    the latest decided ones, and the counts per phase."""
    projects = projects_visible_to(user)
    queue = projects.filter(status__in=DISTRICT_QUEUE_STATES).order_by("submitted_at", "pk")
    recent = projects.exclude(status__in=DISTRICT_QUEUE_STATES).order_by("-updated_at", "-pk")[:HOME_LIST_LIMIT]
    counts = project_counts(user)
    waiting = sum(n for status, n in counts.by_status().items() if status in DISTRICT_QUEUE_STATES)
    return "dashboard/district.html", {
        "district": user.district,
        "queue": project_rows(queue[:HOME_LIST_LIMIT], Role.DISTRICT),
        "queue_total": waiting,
        "queue_more": waiting > HOME_LIST_LIMIT,
        "queue_url": reverse("projects:list") + "?" + urlencode([("status", s) for s in DISTRICT_QUEUE_STATES]),
        "recent": project_rows(recent, Role.DISTRICT),
        "phases": counts.by_phase(),
        "total": counts.total,
    }


def _bureau_home(user):
    """The bureau's figures come from one cached grouped count (``projects.counts``); the queue is its first rows."""
    projects = projects_visible_to(user)
    counts = project_counts(user)
    by_status = counts.by_status()
    queue_counts = [(Status(s), by_status[s]) for s in Status.values if s in bureau_queue_states() and by_status.get(s)]
    queue = projects.filter(status__in=bureau_queue_states()).order_by("call__year", "status", "pk")[:HOME_LIST_LIMIT]
    return "dashboard/bureau.html", {
        "phases": counts.by_phase(),
        "total": counts.total,
        "districts": _district_counts(counts),
        "queue_counts": queue_counts,
        "queue_total": sum(n for _, n in queue_counts),
        "queue": project_rows(queue, Role.BUREAU),
        "calls": _call_progress(counts),
    }


@dataclass
class DistrictCounts:
    district: District
    total: int = 0
    waiting: int = 0  # in formal review at the district
    recommended: int = 0  # past formal review and still in the running or funded
    funded: int = 0


def _district_counts(counts):
    """Per district: applications, waiting for formal review, recommended, funded (every active district)."""
    past_review = {s for s, p in PHASE_OF_STATUS.items() if p >= Phase.SCREENING and s not in ENDED_STATES}
    figures = {
        "total": counts.sum_by("district_id"),
        "waiting": counts.sum_by("district_id", DISTRICT_QUEUE_STATES),
        "recommended": counts.sum_by("district_id", past_review),
        "funded": counts.sum_by("district_id", FUNDED_STATES),
    }
    seen = figures["total"]
    districts = District.objects.filter(Q(is_active=True) | Q(pk__in=list(seen)))
    return [DistrictCounts(d, **{name: per.get(d.pk, 0) for name, per in figures.items()}) for d in districts]


@dataclass
class CallProgress:
    call: AnnualCall
    total: int
    approved: int  # counted against F1
    cumulative: int  # funded projects of this and earlier calls, against G1


def _call_progress(counts):
    """Per call: approved projects against the yearly quota F1 and the cumulative count against the G1 target."""
    totals, approved = counts.sum_by("call_id"), counts.sum_by("call_id", QUOTA_STATES)
    progress, cumulative = [], 0
    for call in AnnualCall.objects.order_by("year"):
        cumulative += approved.get(call.pk, 0)
        progress.append(CallProgress(call, totals.get(call.pk, 0), approved.get(call.pk, 0), cumulative))
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
