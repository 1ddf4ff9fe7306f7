"""Reads of the funding ledger. Sums are done by the database, never in Python floats.

The API other rooms call (checks, dashboard):
- ``own_investment_total(project)``, ``government_money_disbursed(project)``, ``government_money_committed(project)``
  (the planned tranches), ``government_money_approved(project)`` (the grant, F2) — one query each, a ``Decimal``;
- ``ledger_totals(projects)`` for a queryset of projects: a dict of Decimals (approved, committed, disbursed,
  own_investment), in three queries (``ledger_totals_cached``: the ledger list's, from the shared cache);
  ``ledger_totals_by(projects, field)`` the same sums per value of a
  project field (e.g. ``"call__year"``), still one grouped query per figure.
"""

import functools
import re
from decimal import Decimal

from django.db.models import DecimalField, Exists, ExpressionWrapper, F, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from accounts.models import Role
from common.cached_figures import CachedFigures
from common.feedback import NotVisible
from common.fields import MONEY
from projects.access import may_view_project
from projects.enums import FUNDED_STATES
from projects.models import Project
from projects.selectors import as_list_rows, project_visible_or_404, projects_visible_to

from .models import Disbursement, Grant, OwnInvestment, TaskLetter, Tranche

ZERO = Decimal("0.00")
MONEY_FIELD = DecimalField(**MONEY)


def _sum(queryset, field="amount") -> Decimal:
    total = queryset.order_by().aggregate(total=Sum(field))["total"]
    return (total if total is not None else ZERO).quantize(Decimal("0.01"))


# ---- one project ---------------------------------------------------------------------------------------------------
def own_investment_total(project) -> Decimal:
    """F3: the enterprise's own IP investment recorded so far (reversals included)."""
    return _sum(OwnInvestment.objects.filter(project=project))


def government_money_disbursed(project) -> Decimal:
    """What the finance department has paid out (reversals included)."""
    return _sum(Disbursement.objects.filter(project=project))


def government_money_committed(project) -> Decimal:
    """The planned tranches (F4): first tranche plus reward, once each is set."""
    return _sum(Tranche.objects.filter(project=project))


def government_money_approved(project) -> Decimal:
    """F2: the government money approved on issuing (zero before)."""
    amount = Grant.objects.filter(project=project).values_list("amount", flat=True).first()
    return amount if amount is not None else ZERO


def own_investment_ratio(own, base) -> Decimal | None:
    """F3: own investment as a percentage of the government money (one decimal); None when there is none."""
    if not base:
        return None
    return (Decimal(own) * 100 / Decimal(base)).quantize(Decimal("0.1"))


def own_investment_required(project, base) -> Decimal:
    """F3: the own investment the call requires for ``base`` of government money."""
    return (Decimal(base) * project.call.min_own_investment_percent / 100).quantize(Decimal("0.01"))


def ledger_of(project) -> dict:
    """Everything the ledger page of one project shows, in a bounded number of queries."""
    grant = Grant.objects.filter(project=project).select_related("decided_by").first()
    tranches = list(Tranche.objects.filter(project=project).select_related("decided_by").order_by("pk"))
    disbursements = list(
        Disbursement.objects.filter(project=project)
        .select_related("tranche", "recorded_by", "reverses")
        .prefetch_related("reversal")
        .order_by("paid_on", "pk")
    )
    investments = list(
        OwnInvestment.objects.filter(project=project)
        .select_related("recorded_by", "reverses")
        .prefetch_related("reversal")
        .order_by("spent_on", "pk")
    )
    approved = grant.amount if grant else ZERO
    own = sum((i.amount for i in investments), ZERO)
    disbursed = sum((d.amount for d in disbursements), ZERO)
    committed = sum((t.amount for t in tranches), ZERO)
    running, rows = ZERO, []
    for item in investments:  # F3: the running ratio after each record
        running += item.amount
        rows.append((item, running, own_investment_ratio(running, approved)))
    return {
        "grant": grant,
        "tranches": tranches,
        "disbursements": disbursements,
        "investments": rows,
        "approved": approved,
        "committed": committed,
        "disbursed": disbursed,
        "own_total": own,
        "own_ratio": own_investment_ratio(own, approved),
        "own_required": own_investment_required(project, approved),
        "required_percent": project.call.min_own_investment_percent,
        "ratio_met": bool(approved) and own >= own_investment_required(project, approved),
    }


# ---- many projects -------------------------------------------------------------------------------------------------
def ledger_totals(projects) -> dict:
    """Sums over a queryset of projects: approved (grants, F2), committed (tranches, F4), disbursed, own_investment
    (F3). Three aggregate queries, the projects as a subquery: committed and disbursed both from the tranches (a
    tranche's ``disbursed`` is the sum of its disbursements, reversals included, kept by the services)."""
    ids = projects.order_by().values("pk")
    tranches = Tranche.objects.filter(project__in=ids).order_by().aggregate(c=Sum("amount"), d=Sum("disbursed"))
    return {
        "approved": _sum(Grant.objects.filter(project__in=ids)),
        "committed": _money(tranches["c"]),
        "disbursed": _money(tranches["d"]),
        "own_investment": _sum(OwnInvestment.objects.filter(project__in=ids)),
    }


# The ledger list's totals, kept until a project, an enterprise (the search by name) or a ledger row changes
# (connected in ``FundingConfig.ready``).
LEDGER_FIGURES = CachedFigures("funding:ledger")
LEDGER_TOTALS_KEPT = ("list_totals", ())  # (kind, parts) of the list's totals in LEDGER_FIGURES


def ledger_totals_cached(projects, query_figures=None) -> dict:
    """``ledger_totals(projects)`` from the cache, kept under the projects' own SQL (the user's access and filters);
    ``query_figures``: the list paginator's (``LEDGER_FIGURES.of(projects)``), whose SQL and version are read."""
    figures = query_figures or LEDGER_FIGURES.of(projects)
    return figures.cached(*LEDGER_TOTALS_KEPT, lambda: ledger_totals(projects))


def _money(total) -> Decimal:
    return (total if total is not None else ZERO).quantize(Decimal("0.01"))


def money_to_pay():
    """A project has money to pay when one of its tranches is not paid in full (a tranche never holds more than
    planned, so this is "committed > disbursed", asked of an indexed table rather than of two sums per project)."""
    return Exists(Tranche.objects.filter(project=OuterRef("pk"), amount__gt=F("disbursed")))


def money_committed():
    """A project has money committed when one of its tranches plans more than nothing (tranches are never
    negative, so this is "committed > 0")."""
    return Exists(Tranche.objects.filter(project=OuterRef("pk"), amount__gt=0))


LEDGER_MODELS = (
    ("approved", Grant),
    ("committed", Tranche),
    ("disbursed", Disbursement),
    ("own_investment", OwnInvestment),
)


def ledger_totals_by(projects, field) -> dict:
    """``ledger_totals`` per value of the project field ``field`` (``"call__year"``): {value: {approved, committed,
    disbursed, own_investment}}, values with no ledger row left out. One grouped query per figure."""
    ids = projects.order_by().values("pk")
    grouped = {}
    for key, model in LEDGER_MODELS:
        rows = (
            model.objects.filter(project__in=ids).order_by().values_list(f"project__{field}").annotate(t=Sum("amount"))
        )
        for value, total in rows:
            figures = grouped.setdefault(value, dict.fromkeys(dict(LEDGER_MODELS), ZERO))
            figures[key] = _money(total)
    return grouped


def _summed(model, field="amount"):
    return Coalesce(
        Subquery(
            model.objects.filter(project=OuterRef("pk"))
            .order_by()
            .values("project")
            .annotate(total=Sum(field))
            .values("total"),
            output_field=MONEY_FIELD,
        ),
        Value(ZERO),
        output_field=MONEY_FIELD,
    )


def with_ledger_figures(projects):
    """Projects annotated with their ledger figures (one correlated subquery each: no row multiplication)."""
    annotated = projects.annotate(
        ledger_approved=Coalesce(
            Subquery(  # one grant per project: no ordering (Grant's default one joined the projects again)
                Grant.objects.filter(project=OuterRef("pk")).order_by().values("amount")[:1], output_field=MONEY_FIELD
            ),
            Value(ZERO),
            output_field=MONEY_FIELD,
        ),
        ledger_committed=_summed(Tranche),
        ledger_disbursed=_summed(Disbursement),
        ledger_own=_summed(OwnInvestment),
    )
    return annotated.annotate(
        ledger_to_pay=ExpressionWrapper(F("ledger_committed") - F("ledger_disbursed"), output_field=MONEY_FIELD)
    )


# Who reads the ledger: the bureau and finance all of it, a district its own district's, an enterprise its own.
# An expert sees the applications it reviews, never their money.
LEDGER_ROLES = frozenset({Role.BUREAU, Role.FINANCE, Role.DISTRICT, Role.ENTERPRISE})


def may_read_ledger(user, project) -> bool:
    return getattr(user, "role", None) in LEDGER_ROLES and may_view_project.test(user, project)


def ledger_project_or_404(user, pk):
    """The project whose ledger or task letter ``user`` may read; otherwise the access layer's 404."""
    project = project_visible_or_404(user, pk)
    if getattr(user, "role", None) not in LEDGER_ROLES:
        raise NotVisible("项目不存在或您无权查看。")
    return project


def ledger_projects_visible_to(user, projects=None):
    """``projects_visible_to`` for the ledger's readers (no project at all for any other role); ``projects``: the
    queryset to narrow (all projects by default)."""
    projects = projects_visible_to(user, projects)
    return projects if getattr(user, "role", None) in LEDGER_ROLES else projects.none()


@functools.cache
def _projects_with_ledger_figures():
    """Every project with its ledger figures, built once per process: resolving the four subqueries took the ORM
    longer than the database takes to run them (1.4 ms of the ledger page, issue 10). Each use narrows a clone of
    it (a queryset is never evaluated here); the figures are correlated subqueries, so filtering after them is the
    same query as filtering before."""
    return with_ledger_figures(Project.objects.all())


def funded_projects(user):
    """Funded projects ``user`` may see (finance and the bureau all, an enterprise its own), with their figures."""
    return ledger_projects_visible_to(user, _projects_with_ledger_figures()).filter(status__in=FUNDED_STATES)


# What the funded-projects table shows (``funding/_funded_rows.html``: number, enterprise, district, state and the
# ledger figures): a page of rows reads these columns, not the hundred of the project, its call and its enterprise.
FUNDED_ROW_FIELDS = ("status", "call__year", "enterprise__name", "district__name")


def funded_table(projects):
    """``projects`` (``funded_projects``…) reading only what the funded-projects table shows, for a page of rows
    (``rows_by_keys``)."""
    return as_list_rows(projects, FUNDED_ROW_FIELDS)


def funded_projects_filtered(user, *, q="", year=None, district=None, tranche="", payment=""):
    """The funded-projects list of the ledger pages, filtered; figures annotated, ordered newest year first."""
    projects = funded_projects(user)
    if q:
        match = Q(enterprise__name__icontains=q) | Q(enterprise__uscc__icontains=q) | Q(title__icontains=q)
        number = re.fullmatch(r"(?:DF)?(\d{4})-(\d+)", q.strip().upper())  # 项目编号 DF2026-0012
        if number:
            match |= Q(call__year=int(number[1]), pk=int(number[2]))
        projects = projects.filter(match)
    if year:
        projects = projects.filter(call__year=year)
    if district:
        projects = projects.filter(district_id=district)
    if tranche:
        projects = projects.filter(pk__in=Tranche.objects.filter(kind=tranche).values("project"))
    if payment == "to_pay":
        projects = projects.filter(money_to_pay())
    elif payment == "paid":
        projects = projects.filter(money_committed(), ~money_to_pay())
    elif payment == "no_tranche":
        projects = projects.filter(~money_committed())
    elif payment == "below_f3":  # F3: own investment below the call's percentage of the approved money
        projects = projects.filter(
            ledger_approved__gt=0,
            ledger_own__lt=ExpressionWrapper(
                F("ledger_approved") * F("call__min_own_investment_percent") / 100, output_field=MONEY_FIELD
            ),
        )
    return projects.order_by("-call__year", "district__sort_order", "pk")


def ledger_entries(projects):
    """Every ledger line of ``projects`` for the xlsx export, in order: tranches, disbursements, own investment.
    Three queries, whatever the number of projects."""
    ids = projects.order_by().values("pk")
    related = ("project__enterprise", "project__district", "project__call")
    return (
        list(
            Tranche.objects.filter(project__in=ids).select_related(*related, "decided_by").order_by("project_id", "pk")
        ),
        list(
            Disbursement.objects.filter(project__in=ids)
            .select_related(*related, "tranche", "reverses", "recorded_by")
            .order_by("project_id", "paid_on", "pk")
        ),
        list(
            OwnInvestment.objects.filter(project__in=ids)
            .select_related(*related, "reverses", "recorded_by")
            .order_by("project_id", "spent_on", "pk")
        ),
    )


def task_letter_of(project) -> TaskLetter | None:
    """The task letter (G2 dates: ``starts_on``, ``ends_on``, ``midterm_on``, ``acceptance_due_on``) or None."""
    return TaskLetter.objects.filter(project=project).first()


__all__ = [
    "funded_projects",
    "funded_projects_filtered",
    "funded_table",
    "government_money_approved",
    "government_money_committed",
    "government_money_disbursed",
    "ledger_entries",
    "ledger_of",
    "ledger_totals",
    "ledger_totals_by",
    "own_investment_ratio",
    "own_investment_total",
    "task_letter_of",
    "with_ledger_figures",
]
