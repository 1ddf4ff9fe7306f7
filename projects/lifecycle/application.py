"""Phase 1 申报 (apply): the enterprise submits its application, may withdraw it until the district decides, and
reopen a withdrawn one while the call is open. S1, F2, F3, F5, E1–E3/T/X."""

from django.utils import timezone

from accounts.models import Role
from common.formatting import percent, yuan, zh_date

from ..eligibility import least_own_investment
from ..enums import Status
from ..submission import completeness_problems, eligibility_problems
from .conditions import condition
from .steps import step


@condition(
    lambda p: (
        f"申报时间为{zh_date(p.call.application_opens_on)}至{zh_date(p.call.application_closes_on)}，当前不在申报期内。"
    )
)
def call_is_open(project):
    """S1: applications are accepted only while the call is open (the bureau may extend it)."""
    return project.call.is_open_on(timezone.localdate())


@condition(
    lambda p: (
        "请填写申请市级资金（元）。"
        if p.government_funding <= 0
        else f"每个项目的资金支持不超过{yuan(p.call.max_government_funding)}，当前申请{yuan(p.government_funding)}。"
    )
)
def government_funding_within_cap(project):
    """F2: at most the call's cap of government money per project."""
    return 0 < project.government_funding <= project.call.max_government_funding


@condition(
    lambda p: (
        f"企业知识产权投入应不少于政府财政投入的{percent(p.call.min_own_investment_percent)}，"
        f"即至少{yuan(least_own_investment(p.government_funding, p.call))}，当前为{yuan(p.own_investment)}。"
    )
)
def own_investment_sufficient(project):
    """F3: own IP investment at least the call's percentage of the government money."""
    return project.own_investment >= least_own_investment(project.government_funding, project.call)


@condition(lambda p: [problem.message for problem in completeness_problems(p)])
def application_complete(project):
    """Every required section, the budget split (F5) and the call's required attachments."""
    return not completeness_problems(project)


@condition(lambda p: [problem.message for problem in eligibility_problems(p)])
def eligible_or_for_judgement(project):
    """E1–E3 or T met; an X-flagged applicant that misses the numbers goes on for judgement (X)."""
    return not eligibility_problems(project)


# What a submitted application must hold (the resubmission checks the same, whatever the call's dates).
APPLICATION_CONDITIONS = [
    government_funding_within_cap,
    own_investment_sufficient,
    application_complete,
    eligible_or_for_judgement,
]
SUBMIT_CONDITIONS = [call_is_open, *APPLICATION_CONDITIONS]


class ApplicationSteps:
    @step(
        source=Status.DRAFT,
        target=Status.SUBMITTED,
        actor=Role.ENTERPRISE,
        label="提交申报",
        style="success",
        conditions=SUBMIT_CONDITIONS,
    )
    def submit(self, by=None, description=None):
        """The enterprise submits its application to its district."""
        self.submitted_at = timezone.now()

    @step(
        source=[Status.SUBMITTED, Status.RETURNED],
        target=Status.WITHDRAWN,
        actor=Role.ENTERPRISE,
        label="撤回申报",
        style="secondary",
    )
    def withdraw(self, by=None, description=None):
        """Withdrawn by the enterprise before the district decides."""

    @step(
        source=Status.WITHDRAWN,
        target=Status.DRAFT,
        actor=Role.ENTERPRISE,
        label="重新编辑",
        style="secondary",
        conditions=[call_is_open],
    )
    def reopen_draft(self, by=None, description=None):
        """A withdrawn application becomes a draft again while the call is open."""


def submission_problems(project) -> list[str]:
    """Every reason the project cannot be submitted now: the submit step's own checks, in order."""
    from .conditions import unmet

    return unmet(SUBMIT_CONDITIONS, project)
