"""Reads: querysets that agree with the predicates of ``accounts/rules.py`` (a test checks they do)."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, OuterRef
from django.http import Http404
from django_fsm_log.models import StateLog

from common.cached_figures import CachedFigures
from common.feedback import NotVisible
from common.queries import KeyedQuery

from .access import visible_q
from .enums import PHASE_OF_STATUS, Phase
from .models import Project, Snapshot
from .panels import MAIN, SIDE, panel_relations

# The project lists' counts and page keys (common.pagination.TwoStepPaginator), renewed by any change to what
# their filters and orderings read: projects, enterprises (searched by name and code), districts, industries, calls
# (connected in ``ProjectsConfig.ready``).
PROJECT_LISTS = CachedFigures("projects:lists")


def projects_visible_to(user, projects=None):
    """Projects ``user`` may see (``projects.access``): the bureau all, a district its own (not drafts), an
    enterprise its own, an expert what it was assigned and is not conflicted on (R2), finance the funded ones.
    ``projects``: the queryset to narrow (all projects by default; e.g. one annotated once per process)."""
    return _projects_matching(visible_q(user), projects)


def _projects_matching(visible, projects=None):
    """``projects`` narrowed by the filter ``visible`` (``access.visible_q``; None: nothing)."""
    projects = (Project.objects.all() if projects is None else projects).select_related(
        "call", "enterprise", "district", "industry"
    )
    return projects.none() if visible is None else projects.filter(visible)


# What a row of a project list shows (``{% project_table %}``, ``lifecycle.queues.project_rows``):
# its number, year, enterprise, title, district, funding and state. The rest of the joined rows' columns (a call
# has 52) was read, built into models and thrown away on every list page.
LIST_ROW_FIELDS = (
    "id",
    "title",
    "government_funding",
    "status",
    "call__year",
    "enterprise__name",
    "enterprise__uscc",
    "district__name",
)


def as_list_rows(projects, fields=LIST_ROW_FIELDS):
    """``projects`` read as a list's rows: only the columns ``fields`` names (``LIST_ROW_FIELDS`` by default), with
    the call, the enterprise and the district joined. Their count and keys are the same query: ``values_list("pk")``
    ignores the narrowing."""
    return projects.select_related(None).select_related("call", "enterprise", "district").only(*fields)


def project_visible_or_404(user, pk, *, select_related=(), **annotations):
    """The project if ``user`` may see it; otherwise 404, so that its existence and title do not leak.
    ``select_related`` and ``annotations``: more of what the page reads, in the same query."""
    projects = projects_visible_to(user)
    if select_related:
        projects = projects.select_related(*select_related)
    if annotations:
        projects = projects.annotate(**annotations)
    try:
        return projects.get(pk=pk)
    except Project.DoesNotExist as exc:
        _not_found(pk, exc)


def _page_project(pk, visible):
    """The project page's project: what ``project_page_relations`` names read with it, and whether an application
    was ever submitted (a function of its arguments alone: ``PAGE_PROJECT`` compiles it once per filter)."""
    return (
        _projects_matching(visible)
        .select_related(*project_page_relations())
        .annotate(has_snapshots=Exists(Snapshot.objects.filter(project=OuterRef("pk"))))
        .filter(pk=pk)
    )


# 1.4 ms of the ORM's work for 0.3 ms of the database's (eleven joined rows and 260 columns): compiled once for each
# visibility filter (the bureau's one, each district's, each enterprise's; ``common.queries``).
PAGE_PROJECT = KeyedQuery(_page_project)


def project_for_page(user, pk):
    """``project_visible_or_404`` with the project page's rows (``_page_project``), from SQL compiled once."""
    visible = visible_q(user)
    try:
        if visible is None:
            raise Project.DoesNotExist
        return PAGE_PROJECT.get(pk, visible)
    except Project.DoesNotExist as exc:
        _not_found(pk, exc)


def _not_found(pk, exc):
    if Project.objects.filter(pk=pk).exists():  # the same 404 for the user; the audit tells them apart
        raise NotVisible("项目不存在或您无权查看。") from exc
    raise Http404("项目不存在或您无权查看。") from exc


def project_timeline(project):
    """The audit trail of a project's state changes, oldest first."""
    return StateLog.objects.for_(project).select_related("by").order_by("timestamp", "pk")


# The timeline of the project page, by the project's key and the projects' content type (compiled once).
TIMELINE = KeyedQuery(
    lambda pk, content_type_id: (
        StateLog.objects.filter(content_type_id=content_type_id, object_id=pk)
        .select_related("by")
        .order_by("timestamp", "pk")
    )
)


def project_page_timeline(project) -> list:
    """``project_timeline(project)`` as a list, from SQL compiled once."""
    return TIMELINE.all(project.pk, ContentType.objects.get_for_model(project).pk)


def project_page_relations():
    """The rows the project page shows beside the project, read with it in one query: its call, enterprise (and
    the enterprise's district), district, industry, application, and what the phases' panels declared."""
    return ("enterprise__district", "application", *panel_relations(MAIN, SIDE))


def phase_counts(projects):
    """Counts per lifecycle phase for a queryset of projects: [(Phase, count)], every phase listed."""
    by_status = dict(projects.order_by().values_list("status").annotate(n=Count("pk")))
    counts = {phase: 0 for phase in Phase}
    for status, n in by_status.items():
        counts[PHASE_OF_STATUS[status]] += n
    return list(counts.items())


def status_counts(projects):
    """Counts per state for a queryset of projects: {status: count}."""
    return dict(projects.order_by().values_list("status").annotate(n=Count("pk")))
