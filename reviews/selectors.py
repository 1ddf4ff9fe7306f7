"""Reads for the review queues: always on top of the access layer's queryset."""

from dataclasses import dataclass

from django.db.models import F, Func, IntegerField, Max, OuterRef, Subquery
from django.utils import timezone

from common.cached_figures import CachedFigures
from projects.enums import Status
from projects.lifecycle.review import call_district_deadline
from projects.models import AnnualCall
from projects.models.project import project_number
from projects.selectors import projects_visible_to

from .models import DistrictDeadlineExtension, FormalReview

# An expert's lists and figures (its portal's home and pages), renewed by projects (a review closing moves them to
# the history), calls (deadlines), assignments and score sheets (connected in ``ReviewsConfig.ready``).
EXPERT_LISTS = CachedFigures("reviews:experts")


# ---- the district's formal-review page -------------------------------------------------------------------------
# The call under review and the districts' extensions of its formal review: the same few rows on every request of
# the page, kept in the shared cache, renewed by any change to a call or an extension (``ReviewsConfig.ready``).
DISTRICT_CALLS = CachedFigures("reviews:district-calls")


def call_under_review():
    """The call the districts review: the newest one whose applications have opened (a next year's call published
    early does not take the district's current work away); None without any call."""
    calls = AnnualCall.objects.order_by("-year")
    return calls.filter(application_opens_on__lte=timezone.localdate()).first() or calls.first()


@dataclass(frozen=True)
class DistrictCalls:
    """What the district's page shows of the calls: the call under review, and the latest day the bureau extended
    each call's formal review to for the district (``{call_id: date}``; a call it did not extend is not in it)."""

    call: object
    extensions: dict


def district_calls(district_id) -> DistrictCalls:
    """``DistrictCalls`` of a district for today, from the shared cache."""
    return DISTRICT_CALLS.cached(
        "calls",
        (timezone.localdate().isoformat(), district_id),
        lambda: DistrictCalls(call_under_review(), _extensions(district_id)),
    )


def district_page_deadline(calls: DistrictCalls, queue, recommended):
    """The deadline the district's page shows: that of its first queued application (its call's, with the
    district's extension), else that of the recommended ones (the call under review's, with the extension), else
    the call's own; None without a call."""
    call = calls.call
    if call is None:
        return None
    if queue:
        if queue[0].call_id != call.pk:  # an earlier call's application still waiting
            call = AnnualCall.objects.get(pk=queue[0].call_id)
    elif not recommended:
        return call.district_review_deadline
    return call_district_deadline(call, calls.extensions.get(call.pk))


def _extensions(district_id) -> dict:
    granted = DistrictDeadlineExtension.objects.filter(district_id=district_id).order_by().values("call_id")
    return dict(granted.annotate(latest=Max("until")).values_list("call_id", "latest"))


def district_queue(user):
    """A district official's submitted applications waiting for formal review (its own district only), oldest
    first."""
    return projects_visible_to(user).filter(status=Status.SUBMITTED).order_by("submitted_at", "pk")


@dataclass(frozen=True)
class QueueRow:
    """An application in the district's queue, as its page shows it (``{% formal_review_queue_rows %}``)."""

    pk: int
    number: str
    call_id: int
    enterprise_name: str
    uscc: str
    title: str
    eligibility_verdict: str
    eligibility_track: str
    has_priority: bool
    may_be_relaxed: bool
    submitted_at: object
    review_round: int  # the round this review is: the rounds decided so far, plus one


def district_queue_rows(user, keys) -> list[QueueRow]:
    """The applications of the district's queue whose keys are ``keys`` (a page of it), in that order: one query
    that reads only what the page shows, with the call's year, the enterprise's name and code, and the rounds
    decided so far counted in it — no model rows built, no prefetch."""
    if not keys:
        return []
    decided = FormalReview.objects.filter(project=OuterRef("pk")).order_by()
    rounds = Subquery(decided.annotate(n=Func(F("pk"), function="COUNT")).values("n"), output_field=IntegerField())
    rows = (
        district_queue(user)
        .filter(pk__in=keys)
        .order_by()
        .annotate(decided_rounds=rounds)
        .values_list(
            "pk",
            "call_id",
            "call__year",
            "enterprise__name",
            "enterprise__uscc",
            "title",
            "eligibility_verdict",
            "eligibility_track",
            "has_priority",
            "may_be_relaxed",
            "submitted_at",
            "decided_rounds",
        )
    )
    by_key = {
        pk: QueueRow(pk, project_number(year, pk), call_id, *shown, decided + 1)
        for pk, call_id, year, *shown, decided in rows
    }
    return [by_key[key] for key in keys if key in by_key]


def district_recommended(user, call):
    """The district's recommended applications of a call, in its recommendation order."""
    return (
        projects_visible_to(user)
        .filter(call=call, status=Status.RECOMMENDED)
        .order_by("recommendation_order", "submitted_at", "pk")
    )


@dataclass(frozen=True)
class NamedProject:
    """A project in a list of names (the district's recommended order, its returned applications): its key, its
    number and its enterprise's name."""

    pk: int
    number: str
    enterprise_name: str


def named_projects(projects) -> list[NamedProject]:
    """The projects of ``projects`` (ordered, perhaps sliced) as ``NamedProject``: one narrow query (key, the call's
    year, the enterprise's name), no model rows built — the recommended list holds every recommended application of
    the district, for the ordering form."""
    rows = projects.values_list("pk", "call__year", "enterprise__name")
    return [NamedProject(pk, project_number(year, pk), name) for pk, year, name in rows]


# ---- expert review (phase 4) ------------------------------------------------------------------------------------
def current_review_call():
    """The call whose expert review the bureau works on: the newest with applications in expert review, else the
    newest whose applications have opened (a next year's call published early waits its turn)."""
    from django.utils import timezone

    from projects.models import AnnualCall

    calls = AnnualCall.objects.order_by("-year")
    return (
        calls.filter(projects__status=Status.IN_REVIEW).distinct().first()
        or calls.filter(application_opens_on__lte=timezone.localdate()).first()
        or calls.first()
    )


def expert_assignments(user):
    """An expert's assignments with their application, enterprise and sheet (one query)."""
    from .models import ExpertAssignment

    return ExpertAssignment.objects.filter(expert=user).select_related(
        "project__call", "project__enterprise", "project__industry", "sheet"
    )


def expert_current(user):
    """What the expert has to score now: unconflicted assignments of applications it may still open (in expert
    review: ``reviews.rules``), by deadline (the call's expert review end) then number."""
    from .rules import OPEN_TO_EXPERTS

    return (
        expert_assignments(user)
        .filter(conflict_of_interest=False, project__status__in=OPEN_TO_EXPERTS)
        .order_by("project__call__expert_review_ends_on", "project__call__year", "project_id")
    )


def expert_history(user):
    """What the expert has finished: its assignments of applications whose review has closed (it keeps its sheets),
    and those it declared a conflict on; newest first."""
    from django.db.models import Q

    from .rules import OPEN_TO_EXPERTS

    return (
        expert_assignments(user)
        .filter(Q(conflict_of_interest=True) | ~Q(project__status__in=OPEN_TO_EXPERTS))
        .order_by("-project__call__year", "-project_id")
    )


@dataclass
class ExpertRow:
    """An assignment in an expert's list: its application, its sheet (or None), its deadline, whether it is late."""

    assignment: object
    project: object
    sheet: object
    deadline: object
    late: bool


def expert_rows(assignments) -> list[ExpertRow]:
    from django.utils import timezone

    today = timezone.localdate()
    rows = []
    for a in assignments:
        sheet = getattr(a, "sheet", None)  # the reverse one-to-one, selected with it (missing: AttributeError)
        deadline = a.project.call.expert_review_ends_on
        submitted = sheet is not None and sheet.is_submitted
        late = bool(deadline and deadline < today and not submitted and not a.conflict_of_interest)
        rows.append(ExpertRow(a, a.project, sheet, deadline, late))
    return rows


def profiles_filtered(*, q="", field=None, active=None):
    """The expert pool, filtered (name, username, organisation; field of expertise; in the pool or not)."""
    from django.db.models import Q

    from .models import ExpertProfile

    profiles = ExpertProfile.objects.select_related("user").prefetch_related("expertise")
    q = (q or "").strip()
    if q:
        profiles = profiles.filter(
            Q(user__name__icontains=q) | Q(user__username__icontains=q) | Q(organisation__icontains=q)
        )
    if field:
        profiles = profiles.filter(expertise=field)
    if active is not None:
        profiles = profiles.filter(is_active=active)
    return profiles.order_by("-is_active", "pk")


def expert_progress(call, experts=None):
    """Per expert of ``call``: assigned (unconflicted), submitted, drafts, not started, declared conflicts, last
    saved (one grouped query)."""
    from django.db.models import Count, F, Max, Q

    from accounts.models import User

    in_call = Q(expert_assignments__project__call=call)
    unconflicted = in_call & Q(expert_assignments__conflict_of_interest=False)
    rows = (
        User.objects.filter(in_call)
        .annotate(
            assigned=Count("expert_assignments", filter=unconflicted, distinct=True),
            submitted=Count(
                "expert_assignments",
                filter=unconflicted & Q(expert_assignments__sheet__status="submitted"),
                distinct=True,
            ),
            drafts=Count(
                "expert_assignments",
                filter=unconflicted & Q(expert_assignments__sheet__status="draft"),
                distinct=True,
            ),
            conflicts=Count(
                "expert_assignments", filter=in_call & Q(expert_assignments__conflict_of_interest=True), distinct=True
            ),
            last_saved=Max("expert_assignments__sheet__updated_at", filter=in_call),
        )
        .annotate(not_started=F("assigned") - F("submitted") - F("drafts"))
        .select_related("expert_profile")
        .order_by("pk")
    )
    return rows if experts is None else rows.filter(pk__in=experts)
