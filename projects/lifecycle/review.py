"""Phases 2–4: formal review by the district (形式审查, S2), screening by the bureau (初选, S3) and expert review
(专家评审, R1–R2). The district decides on its own page (the call's checklist, ``reviews:formal_review``)."""

import functools

from django.utils import timezone

from accounts.models import Role
from common.formatting import zh_date
from common.queries import KeyedQuery

from ..enums import DISTRICT_UNDECIDED_STATES, Status
from ..reads import once
from .application import APPLICATION_CONDITIONS
from .conditions import condition
from .steps import step


def district_deadline(project):
    """The day the district's formal review closes: the call's deadline, or a later one the bureau granted."""
    extended = once(project, "district_extension", lambda: _extension(project.call, project.district_id))
    return call_district_deadline(project.call, extended)


def call_district_deadline(call, extended):
    """The day a district's formal review of ``call`` closes, given the latest day the bureau extended it to for
    the district (None: never)."""
    return max(call.district_review_deadline, extended) if extended else call.district_review_deadline


def _extension(call, district_id):
    """The latest day the bureau extended the district's formal review of ``call`` to, or None."""
    extensions = call.district_extensions.filter(district_id=district_id).order_by("-until")
    return extensions.values_list("until", flat=True).first()


@condition(lambda p: f"形式审查已于{zh_date(district_deadline(p))}截止，如需继续审查，请联系市知识产权局重新开放。")
def within_district_deadline(project):
    """S2: a district's work after the review deadline needs the bureau to reopen it."""
    return timezone.localdate() <= district_deadline(project)


def recommended_count(project):
    """How many of the call's applications the project's district has recommended (this one aside)."""
    return once(
        project,
        "recommended_count",
        lambda: (
            project.call.projects.filter(district_id=project.district_id)
            .exclude(status__in=DISTRICT_UNDECIDED_STATES)
            .exclude(pk=project.pk)
            .count()
        ),
    )


@condition(
    lambda p: (
        f"本年度每个市、区最多推荐{p.call.district_recommendation_limit}个项目，{p.district}已推荐"
        f"{recommended_count(p)}个，不能再推荐。"
    )
)
def within_district_limit(project):
    """The call's per-district recommendation limit, when it sets one."""
    limit = project.call.district_recommendation_limit
    return limit is None or recommended_count(project) < limit


def scoring_progress(project) -> tuple[int, int]:
    """(submitted, not yet submitted) score sheets of the project's unconflicted experts (R2), counted on
    ``expert_assignments`` (the rows the project page's experts panel shows too)."""
    active = [a for a in expert_assignments(project) if not a.conflict_of_interest]
    submitted = sum(1 for a in active if getattr(a, "sheet", None) is not None and a.sheet.status == "submitted")
    return submitted, len(active) - submitted


def expert_assignments(project) -> list:
    """The project's expert assignments with their experts and score sheets, the conflicted last: one query (once
    while the project's reads are shared, ``projects.reads``), however many experts, compiled once."""
    query = _assignments_query(type(project))
    return once(project, "expert_assignments", lambda: query.all(project.pk, project=project))


@functools.cache
def _assignments_query(project_model) -> KeyedQuery:
    """``expert_assignments``' query for the project model (the reviews room's model, read through the relation:
    this room does not import the rooms above it)."""
    assignments = project_model._meta.get_field("expert_assignments").related_model.objects
    return KeyedQuery(
        lambda pk: (
            assignments.filter(project_id=pk).select_related("expert", "sheet").order_by("conflict_of_interest", "pk")
        )
    )


def closed_with_override(project) -> bool:
    """The bureau closes an incomplete review only with a reason, written on the ranking it freezes first."""
    return once(project, "closed_with_override", lambda: project.ranking_entries.exclude(override_reason="").exists())


def _scoring_unfinished(project):
    submitted, outstanding = scoring_progress(project)
    wanted = project.call.min_experts_per_project
    parts = [f"应至少有{wanted}份已提交的专家评分表，现有{submitted}份"]
    if outstanding:
        parts.append(f"另有{outstanding}份尚未提交")
    return f"R2：{'，'.join(parts)}。请等待专家评完，或在评审结果页面写明理由后强制结束评审。"


@condition(_scoring_unfinished)
def scoring_complete(project):
    """R2: every unconflicted expert's sheet submitted and at least the call's number of them, or an override."""
    submitted, outstanding = scoring_progress(project)
    complete = submitted >= project.call.min_experts_per_project and outstanding == 0
    return complete or closed_with_override(project)


@condition("该项目不在评审排名中，请先结束评审并排名。")
def ranked(project):
    """Not selected means ranked below the line: the project is in a frozen ranking."""
    return once(project, "ranked", lambda: project.ranking_entries.exists())


DISTRICT_DECISION_CONDITIONS = [within_district_deadline]
RECOMMEND_CONDITIONS = [within_district_deadline, within_district_limit]
FORMAL_REVIEW_PAGE = {"page": "reviews:formal_review", "page_title": "形式审查", "page_hint": "逐项填写审查要点"}


class ReviewSteps:
    # ---- 2 形式审查 -------------------------------------------------------------------------------------------
    @step(
        source=Status.SUBMITTED,
        target=Status.RECOMMENDED,
        actor=Role.DISTRICT,
        label="推荐",
        style="success",
        **FORMAL_REVIEW_PAGE,
        conditions=RECOMMEND_CONDITIONS,
    )
    def recommend(self, by=None, description=None):
        """S2: the district passes formal review and recommends."""

    @step(
        source=Status.SUBMITTED,
        target=Status.RETURNED,
        actor=Role.DISTRICT,
        label="退回修改",
        requires_comment=True,
        style="warning",
        **FORMAL_REVIEW_PAGE,
        conditions=DISTRICT_DECISION_CONDITIONS,
    )
    def return_for_correction(self, by=None, description=None):
        """The district returns the application for correction; the enterprise resubmits."""

    @step(
        source=Status.RETURNED,
        target=Status.SUBMITTED,
        actor=Role.ENTERPRISE,
        label="重新提交",
        style="success",
        conditions=APPLICATION_CONDITIONS,
    )
    def resubmit(self, by=None, description=None):
        """The enterprise resubmits after correction."""
        self.submitted_at = timezone.now()

    @step(
        source=Status.SUBMITTED,
        target=Status.NOT_RECOMMENDED,
        actor=Role.DISTRICT,
        label="不予推荐",
        requires_comment=True,
        style="danger",
        **FORMAL_REVIEW_PAGE,
        conditions=DISTRICT_DECISION_CONDITIONS,
    )
    def not_recommend(self, by=None, description=None):
        """The district does not recommend (with a reason)."""

    # ---- 3 初选 -----------------------------------------------------------------------------------------------
    @step(
        source=Status.RECOMMENDED,
        target=Status.IN_REVIEW,
        actor=Role.BUREAU,
        label="初选通过，进入专家评审",
        style="success",
    )
    def pass_screening(self, by=None, description=None):
        """S3: the bureau's initial screening passes the application to expert review."""

    @step(
        source=Status.RECOMMENDED,
        target=Status.SCREENED_OUT,
        actor=Role.BUREAU,
        label="初选不通过",
        requires_comment=True,
        style="danger",
    )
    def screen_out(self, by=None, description=None):
        """The bureau screens the application out (with a reason)."""

    # ---- 4 专家评审 -------------------------------------------------------------------------------------------
    @step(
        source=Status.IN_REVIEW,
        target=Status.REVIEWED,
        actor=Role.BUREAU,
        label="结束评审并排名",
        page="reviews:project_review",
        page_title="专家评审",
        page_hint="核对评分，在评审结果页面统一结束评审",
        conditions=[scoring_complete],
    )
    def close_review(self, by=None, description=None):
        """Scoring is closed and the application is ranked (the call's ranking is frozen first, ``reviews``)."""

    @step(
        source=Status.REVIEWED,
        target=Status.NOT_SELECTED,
        actor=Role.BUREAU,
        label="评审未入选",
        requires_comment=True,
        style="danger",
        conditions=[ranked],
    )
    def not_select(self, by=None, description=None):
        """Ranked below the line: not put on public notice."""
