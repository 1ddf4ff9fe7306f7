"""Rule checks attached to the lifecycle's transitions (``conditions=``).

Each check takes the project and returns True when the rule holds; its ``message(project)`` says in Chinese
why not. The numbers come from the project's annual call (rules are data), never from code.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from .enums import QUOTA_STATES


def condition(message):
    """Attach a Chinese explanation to a check; ``message`` is a string or a callable(project)."""

    def decorate(check):
        check.message = message if callable(message) else (lambda project: message)
        return check

    return decorate


def unmet(checks, project) -> list[str]:
    """The Chinese reasons of every check that does not hold for ``project``, in order."""
    reasons = []
    for check in checks:
        if not check(project):
            message = check.message(project)
            reasons += message if isinstance(message, list) else [message]
    return reasons


def least_own_investment(government_funding, call):
    """F3: the least own investment for an amount of government money, to the cent (half up)."""
    ratio = call.min_own_investment_percent / Decimal("100")
    return (government_funding * ratio).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _date(d):
    return f"{d.year}年{d.month}月{d.day}日"


@condition(
    lambda p: (
        f"申报时间为{_date(p.call.application_opens_on)}至{_date(p.call.application_closes_on)}，当前不在申报期内。"
    )
)
def call_is_open(project):
    """S1: applications are accepted only while the call is open (the bureau may extend it)."""
    return project.call.is_open_on(timezone.localdate())


@condition(
    lambda p: (
        "请填写申请市级资金（元）。"
        if p.government_funding <= 0
        else f"申请市级资金不得超过{p.call.max_government_funding:,.2f}元（F2），当前为{p.government_funding:,.2f}元。"
    )
)
def government_funding_within_cap(project):
    """F2: at most the call's cap of government money per project."""
    return Decimal("0") < project.government_funding <= project.call.max_government_funding


@condition(
    lambda p: (
        f"自筹知识产权投入应不低于申请市级资金的{p.call.min_own_investment_percent}%（F3），"
        f"至少{p.required_own_investment:,.2f}元，当前为{p.own_investment:,.2f}元。"
    )
)
def own_investment_sufficient(project):
    """F3: own IP investment at least the call's percentage of the government money."""
    return project.own_investment >= project.required_own_investment


@condition(lambda p: f"本年度立项数量已达上限{p.call.max_projects}个（F1），不能再批准。")
def within_yearly_quota(project):
    """F1: at most the call's number of projects a year."""
    approved = project.call.projects.filter(status__in=QUOTA_STATES).exclude(pk=project.pk).count()
    return approved < project.call.max_projects


def district_deadline(project):
    """The day the district's formal review closes: the call's deadline, or a later one the bureau granted."""
    extended = (
        project.call.district_extensions.filter(district_id=project.district_id)
        .order_by("-until")
        .values_list("until", flat=True)
        .first()
    )
    deadline = project.call.district_review_deadline
    return max(deadline, extended) if extended else deadline


@condition(lambda p: f"形式审查已于{_date(district_deadline(p))}截止，如需继续审查，请联系市知识产权局重新开放。")
def within_district_deadline(project):
    """S2: a district's work after the review deadline needs the bureau to reopen it."""
    return timezone.localdate() <= district_deadline(project)


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


def recommended_count(project):
    from .enums import Status

    return (
        project.call.projects.filter(district_id=project.district_id)
        .exclude(status__in=[Status.DRAFT, Status.WITHDRAWN, Status.SUBMITTED, Status.RETURNED, Status.NOT_RECOMMENDED])
        .exclude(pk=project.pk)
        .count()
    )


@condition(lambda p: [problem.message for problem in _completeness(p)])
def application_complete(project):
    """Every required section, the budget split (F5) and the call's required attachments."""
    return not _completeness(project)


@condition(lambda p: [problem.message for problem in _eligibility(p)])
def eligible_or_for_judgement(project):
    """E1–E3 or T met; an X-flagged applicant that misses the numbers goes on for judgement (X)."""
    return not _eligibility(project)


def _completeness(project):
    from .submission import completeness_problems

    return completeness_problems(project)


def _eligibility(project):
    from .submission import eligibility_problems

    return eligibility_problems(project)


SUBMIT_CONDITIONS = [
    call_is_open,
    government_funding_within_cap,
    own_investment_sufficient,
    application_complete,
    eligible_or_for_judgement,
]
RESUBMIT_CONDITIONS = [
    government_funding_within_cap,
    own_investment_sufficient,
    application_complete,
    eligible_or_for_judgement,
]
APPROVE_CONDITIONS = [within_yearly_quota]
DISTRICT_DECISION_CONDITIONS = [within_district_deadline]
RECOMMEND_CONDITIONS = [within_district_deadline, within_district_limit]
