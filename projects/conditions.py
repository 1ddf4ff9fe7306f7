"""Rule checks attached to the lifecycle's transitions (``conditions=``).

Each check takes the project and returns True when the rule holds; its ``message(project)`` says in Chinese
why not. The numbers come from the project's annual call (rules are data), never from code.
"""

from decimal import Decimal

from django.utils import timezone

from .enums import QUOTA_STATES


def condition(message):
    """Attach a Chinese explanation to a check; ``message`` is a string or a callable(project)."""

    def decorate(check):
        check.message = message if callable(message) else (lambda project: message)
        return check

    return decorate


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


@condition("请填写项目名称。")
def has_title(project):
    return bool(project.title.strip())


@condition(
    lambda p: f"申请市级资金不得超过{p.call.max_government_funding:,.2f}元（F2），当前为{p.government_funding:,.2f}元。"
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


SUBMIT_CONDITIONS = [has_title, call_is_open, government_funding_within_cap, own_investment_sufficient]
RESUBMIT_CONDITIONS = [has_title, government_funding_within_cap, own_investment_sufficient]
APPROVE_CONDITIONS = [within_yearly_quota]
