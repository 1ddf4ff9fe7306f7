"""Each role's home page: the work waiting for it, and the figures of its part of the programme.

Every figure starts from the access layer (``projects_visible_to``); counts are one grouped query each.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from accounts.rules import is_bureau
from common.feedback import require
from common.formatting import percent, yuan
from common.pagination import rows_by_keys
from directory.models import District, Enterprise
from funding.selectors import funded_projects, funded_table, ledger_totals, money_to_pay
from projects.access import visible_q
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
from projects.selectors import as_list_rows, projects_visible_to

from . import figures, whatif
from .forms import MONEY_FIELDS, PolicyDraftForm, initial_for
from .models import NUMBER_FIELDS, PolicyDraft
from .services import draft_defaults, policy_draft_save
from .statistics import city_dashboard_for
from .whatif import cached_compare, funded_per_call, rows_by_year

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
    projects = list(as_list_rows(projects_visible_to(user)).order_by("-call__year", "pk"))
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


def _first_rows_cached(kind, user, queryset):
    """A home list's first rows: their keys from the figures cache (renewed by any project's change,
    ``dashboard.figures``), the rows themselves read fresh."""
    keys = figures.cached(
        kind, (user.role, str(visible_q(user))), lambda: list(queryset.values_list("pk", flat=True)[:HOME_LIST_LIMIT])
    )
    return rows_by_keys(queryset, keys)


def _district_home(user):
    """The district's waiting applications (the first ones; the whole queue is the paginated formal-review page),
    the latest decided ones, and the counts per phase. Both lists' first keys are one value of the figures cache
    (renewed by any project's change, ``dashboard.figures``); their rows are read fresh, together, in one query of
    what the table shows (``as_list_rows``)."""
    projects = projects_visible_to(user)
    queue = projects.filter(status__in=DISTRICT_QUEUE_STATES).order_by("submitted_at", "pk")
    recent = projects.exclude(status__in=DISTRICT_QUEUE_STATES).order_by("-updated_at", "-pk")
    queue_keys, recent_keys = figures.cached(
        "district_lists",
        (user.role, str(visible_q(user))),
        lambda: tuple(list(q.values_list("pk", flat=True)[:HOME_LIST_LIMIT]) for q in (queue, recent)),
    )
    rows = {p.pk: p for p in rows_by_keys(as_list_rows(projects), [*queue_keys, *recent_keys])}
    counts = project_counts(user)
    waiting = sum(n for status, n in counts.by_status().items() if status in DISTRICT_QUEUE_STATES)
    return "dashboard/district.html", {
        "district": user.district,
        "queue": project_rows([rows[k] for k in queue_keys if k in rows], Role.DISTRICT),
        "queue_total": waiting,
        "queue_more": waiting > HOME_LIST_LIMIT,
        "queue_url": reverse("projects:list") + "?" + urlencode([("status", s) for s in DISTRICT_QUEUE_STATES]),
        "recent": project_rows([rows[k] for k in recent_keys if k in rows], Role.DISTRICT),
        "phases": counts.by_phase(),
        "total": counts.total,
    }


def _bureau_home(user):
    """The bureau's figures come from one cached grouped count (``projects.counts``); the queue is its first rows."""
    projects = projects_visible_to(user)
    counts = project_counts(user)
    by_status = counts.by_status()
    queue_counts = [(Status(s), by_status[s]) for s in Status.values if s in bureau_queue_states() and by_status.get(s)]
    queue = _first_rows_cached(
        "bureau_queue",
        user,
        as_list_rows(projects.filter(status__in=bureau_queue_states())).order_by("call__year", "status", "pk"),
    )
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
    per_district = {
        "total": counts.sum_by("district_id"),
        "waiting": counts.sum_by("district_id", DISTRICT_QUEUE_STATES),
        "recommended": counts.sum_by("district_id", past_review),
        "funded": counts.sum_by("district_id", FUNDED_STATES),
    }
    seen = per_district["total"]
    districts = District.objects.filter(Q(is_active=True) | Q(pk__in=list(seen)))
    return [DistrictCounts(d, **{name: per.get(d.pk, 0) for name, per in per_district.items()}) for d in districts]


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
    for call in AnnualCall.objects.only("year", "title", "max_projects", "programme_target").order_by("year"):
        cumulative += approved.get(call.pk, 0)
        progress.append(CallProgress(call, totals.get(call.pk, 0), approved.get(call.pk, 0), cumulative))
    return list(reversed(progress))


def _expert_home(user):
    """The expert portal's home: the current assignments with their deadline (the first ones; the rest paged on
    the list page), what is done and late, and the way to the history of finished reviews."""
    from reviews.selectors import EXPERT_LISTS, expert_current, expert_history, expert_rows

    current = expert_current(user)

    def figures_of_expert():
        return {
            "keys": list(current.values_list("pk", flat=True)[:HOME_LIST_LIMIT]),
            "counts": current.aggregate(
                total=Count("pk"),
                submitted=Count("pk", filter=Q(sheet__status="submitted")),
                drafts=Count("pk", filter=Q(sheet__status="draft")),
            ),
            "history_count": expert_history(user).count(),
        }

    kept = EXPERT_LISTS.cached("home", (user.pk,), figures_of_expert)  # the rows themselves are read fresh
    rows, counts = expert_rows(rows_by_keys(current, kept["keys"])), kept["counts"]
    return "dashboard/expert.html", {
        "rows": rows,
        "counts": counts,
        "not_started": counts["total"] - counts["submitted"] - counts["drafts"],
        "late": sum(1 for r in rows if r.late),
        "more": counts["total"] > len(rows),
        "history_count": kept["history_count"],
        "deadline": next((r.deadline for r in rows if r.deadline), None),
    }


def _finance_home(user):
    """The finance officer's home: the programme's money in figures and the first funded projects with money left
    to pay; the whole list, filtered and paged, is the ledger's (``funding:list``). The figures and the first
    projects' keys are kept in the shared cache until the ledger or a project changes (``dashboard.figures``);
    the rows themselves are read fresh."""
    funded = funded_projects(user)
    to_pay = funded.filter(money_to_pay()).order_by("-call__year", "pk")

    def money():
        return {
            "keys": list(to_pay.values_list("pk", flat=True)[:HOME_LIST_LIMIT]),
            "to_pay_count": to_pay.count(),
            "funded_count": funded.count(),
            "totals": ledger_totals(funded),
        }

    figures_now = figures.cached("finance", (user.role, str(visible_q(user))), money)
    totals = figures_now["totals"]
    return "dashboard/finance.html", {
        "projects": rows_by_keys(funded_table(funded), figures_now["keys"]),
        "to_pay_count": figures_now["to_pay_count"],
        "funded_count": figures_now["funded_count"],
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


# ---- the bureau's statistics dashboard and the policy what-if ----------------------------------------------------
BUREAU_ONLY = "只有市知识产权局可以查看该页面。"
CHANGE_PAGE_SIZE = 20


@login_required
def statistics(request):
    """局领导看板 (G1, phases, districts, industries, money, indicators): bureau only."""
    require(is_bureau, request.user, BUREAU_ONLY)
    year = request.GET.get("year", "")
    board, charts = city_dashboard_for(request.user, year=int(year) if year.isdigit() else None)
    scope = f"（{board.year}年度）" if board.year else "（全部年度）"
    groups = [
        ("districts", f"各市、区申报与立项{scope}", board.districts, "推荐单位"),
        ("industries", f"各产业集群/产业链申报与立项{scope}", board.industries, "产业集群/产业链"),
    ]
    return render(request, "dashboard/statistics.html", {"board": board, "charts": charts, "groups": groups})


@login_required
def policy_whatif(request):
    """政策模拟: the drafts, one draft's numbers against its base call's, and who changes side. A POST saves the
    draft (all or nothing); a GET with ``?draft=`` shows one, ``?new=1`` an empty form from the latest call."""
    require(is_bureau, request.user, BUREAU_ONLY)
    drafts = list(PolicyDraft.objects.select_related("base_call", "created_by"))
    calls = list(AnnualCall.objects.order_by("-year"))  # the form's choices, the latest call, the closing dates
    draft = _chosen_draft(request, drafts)
    if request.method == "POST":
        form = PolicyDraftForm(request.POST)
        if form.is_valid():
            try:
                saved = policy_draft_save(
                    by=request.user,
                    base_call=form.cleaned_data["base_call"],
                    title=form.cleaned_data["title"],
                    note=form.cleaned_data["note"],
                    numbers=form.numbers(),
                    draft=draft,
                )
            except ValidationError as exc:
                form.add_service_error(exc)
            else:
                messages.success(request, f"政策模拟草案“{saved.title}”已保存。")
                return redirect(f"{reverse('policy_whatif')}?draft={saved.pk}")
        return render(request, "dashboard/whatif.html", _whatif_context(request, drafts, draft, form, None), status=400)
    base = draft.base_call if draft else (calls[0] if calls else None)
    form = PolicyDraftForm(initial=initial_for(draft, base, draft_defaults(base) if base else None), calls=calls)
    comparison = cached_compare(draft, calls=calls, funded=funded_per_call(request.user)) if draft else None
    return render(request, "dashboard/whatif.html", _whatif_context(request, drafts, draft, form, comparison))


def _chosen_draft(request, drafts):
    """The draft asked for (``draft`` in the query or the form), else the latest one (none for ``?new=1``)."""
    wanted = request.POST.get("draft") if request.method == "POST" else request.GET.get("draft")
    if request.method == "GET" and request.GET.get("new"):
        return None
    if wanted:
        found = next((d for d in drafts if str(d.pk) == str(wanted)), None)
        if found is None:
            raise Http404("政策模拟草案不存在。")
        return found
    return drafts[0] if drafts and request.method == "GET" else None


def _whatif_context(request, drafts, draft, form, comparison):
    side = "gained" if request.GET.get("side") == "gained" else "lost"
    # The page keeps its costly parts rendered (``{% cache %}``): the unbound form's fields under
    # ``PolicyDraftForm.render_key``, the comparison's tables under its cache key (``cached_compare``: every input
    # of the comparison is in it), so a warm request renders only what is read afresh (F1, the draft list).
    context = {"drafts": drafts, "draft": draft, "form": form, "comparison": comparison, "side": side}
    context["fragment_seconds"] = whatif.CACHE_SECONDS
    if comparison is not None:
        changes = comparison.gained if side == "gained" else comparison.lost
        context["page"] = Paginator(changes, CHANGE_PAGE_SIZE).get_page(request.GET.get("page"))
        context["rule_rows"] = rows_by_year(comparison)
        context["numbers"] = [
            (
                PolicyDraft._meta.get_field(name).verbose_name,
                *(_shown(name, getattr(o, name)) for o in (draft.base_call, draft)),
            )
            for name in NUMBER_FIELDS
        ]
    return context


def _shown(name, value):
    """A number of the comparison table as people read it: money in 元, F3 as a percentage."""
    if name in MONEY_FIELDS:
        return yuan(value)
    if name == "min_own_investment_percent":
        return percent(value)
    return value
