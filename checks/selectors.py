"""Reads of the checks: the lists of the district and the bureau (access layer first, a bounded number of queries
whatever their length), one project's report with its figures and files, the continue and suspend lists and the
acceptance results of a call."""

from django.db.models import OuterRef, Prefetch, Subquery

from projects.enums import Status
from projects.models import Project
from projects.selectors import projects_visible_to

from .models import AcceptanceAssessment, IndicatorFigure, MidtermDecision, Report, ReportKind
from .schedule import started_subquery

MIDTERM_STATES = (
    Status.UNDER_WAY,
    Status.MIDTERM_REPORTED,
    Status.MIDTERM_RETURNED,
    Status.MIDTERM_VERIFIED,
    Status.CONTINUING,
    Status.SUSPENDED,
)
ACCEPTANCE_STATES = (
    Status.CONTINUING,
    Status.ACCEPTANCE_REQUESTED,
    Status.ACCEPTANCE_RETURNED,
    Status.ACCEPTANCE_VERIFIED,
    Status.ACCEPTED,
    Status.FAILED,
)
DISTRICT_WORK = (Status.MIDTERM_REPORTED, Status.ACCEPTANCE_REQUESTED)
BUREAU_MIDTERM_WORK = (Status.MIDTERM_VERIFIED,)
BUREAU_ACCEPTANCE_WORK = (Status.ACCEPTANCE_VERIFIED,)


def _sent_at(kind):
    return Subquery(Report.objects.filter(project=OuterRef("pk"), kind=kind).order_by().values("submitted_at")[:1])


def with_check_columns(queryset):
    """What the lists show beside the project: when it got under way, when each report was sent, the last
    mid-term decision, the acceptance grade: annotations, so a page of any length costs the same queries."""
    last_decision = MidtermDecision.objects.filter(project=OuterRef("pk")).order_by("-pk")
    assessment = AcceptanceAssessment.objects.filter(project=OuterRef("pk")).order_by()
    return queryset.select_related("call", "enterprise", "district").annotate(
        started_at=started_subquery(),
        midterm_sent_at=_sent_at(ReportKind.MIDTERM),
        acceptance_sent_at=_sent_at(ReportKind.ACCEPTANCE),
        last_outcome=Subquery(last_decision.values("outcome")[:1]),
        last_deadline=Subquery(last_decision.values("deadline")[:1]),
        grade=Subquery(assessment.values("grade")[:1]),
    )


def checks_visible_to(user, states):
    return with_check_columns(projects_visible_to(user).filter(status__in=states))


def report_with_rows(project, kind):
    """The report of ``kind`` with its figures (and their indicators) and files, or None."""
    return (
        Report.objects.filter(project=project, kind=kind)
        .select_related("submitted_by")
        .prefetch_related(
            Prefetch("figures", queryset=IndicatorFigure.objects.select_related("indicator").order_by("indicator_id")),
            "files",
        )
        .first()
    )


def midterm_lists(call):
    """S5: the continue list and the suspend list of a call, each with its decision."""
    decisions = MidtermDecision.objects.select_related("decided_by").order_by("-pk")
    base = (
        Project.objects.filter(call=call)
        .select_related("enterprise", "district", "call")
        .prefetch_related(Prefetch("midterm_decisions", queryset=decisions))
        .order_by("district__sort_order", "enterprise__name", "pk")
    )
    continued = base.filter(midterm_decisions__outcome="continue").exclude(status=Status.SUSPENDED).distinct()
    suspended = base.filter(status__in=(Status.SUSPENDED,)).select_related("wind_up") | base.filter(
        status=Status.CLOSED, midterm_decisions__outcome="suspend"
    )
    return list(continued), list(suspended.distinct().select_related("wind_up"))


def acceptance_results(call):
    """S6: the acceptance results of a call, for the city government."""
    return list(
        AcceptanceAssessment.objects.filter(project__call=call)
        .select_related("project__enterprise", "project__district", "project__call", "decided_by")
        .order_by("outcome", "project__district__sort_order", "project__enterprise__name")
    )
