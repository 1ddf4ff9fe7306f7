"""The demo's share of the funding ledger (issue 13, points 5–6), through the services the pages call.

Along each walk (``after_step``, called by the seeder after every step):
- when the signed task letter is confirmed, the first tranche (F4) is paid by the finance officer some weeks later
  (one project of each call has a wrong amount first, corrected by a reversing entry; this year's, confirmed
  days ago, are still to be paid: the finance officer's work), and the enterprise records
  its first year's own investment (F3, by F5 use, with evidence);
- when acceptance is requested, the second year's own investment; when accepted, the reward is paid.
A suspended or failed project keeps its first tranche but is paid nothing more (the services refuse it).

A previous year's project is dated in its call's calendar (``STEP_CALENDAR``, handed in by the seeder): the
tranche's decision is moved to the day of its step before anything is paid against it, and ``backdate`` moves the
task letter (its G2 period from the issue date), the grant and the scans to the dates of their steps once the
timeline is dated.
"""

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_fsm_log.models import StateLog

from accounts.models import User
from funding.models import Grant, TaskLetter, TaskLetterScan, Tranche
from funding.services import disbursement_record, disbursement_reverse, own_investment_record
from funding.task_letter import task_letter_dates
from projects.enums import BudgetUse

from .road import SIGNED_SCAN_PDF

FINANCE = "demo-finance"
PAID_AFTER = datetime.timedelta(days=20)  # the finance department pays some weeks after the decision
# (F5 use, share of the year's own investment, what was bought)
FIRST_YEAR = (
    (BudgetUse.BIG_DATA, Decimal("0.35"), "委托专利导航机构开展核心技术全球专利分析"),
    (BudgetUse.HIGH_VALUE, Decimal("0.65"), "PCT国际专利申请及国内发明专利申请代理费、官费"),
)
SECOND_YEAR = (
    (BudgetUse.ACQUISITION, Decimal("0.4"), "收购高校相关发明专利2件并办理许可备案"),
    (BudgetUse.BRAND, Decimal("0.25"), "国际商标注册及品牌推广"),
    (BudgetUse.STANDARDS, Decimal("0.35"), "主导起草团体标准并完成发布"),
)


def _day(project, step, calendar) -> datetime.date:
    """The day of ``step`` in the demo's story: today for the current call, the call's calendar for a previous one."""
    today = timezone.localdate()
    if project.call.year >= today.year:
        return today
    years, month, day = calendar[step]
    return min(datetime.date(project.call.year + years, month, day), today)


def _moment(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))


def _evidence(project, n):
    return SimpleUploadedFile(f"{project.number}_支出凭证{n}.pdf", SIGNED_SCAN_PDF, content_type="application/pdf")


def _pay(project, tranche_kind, decided_on, *, voucher, mistake=False):
    """Pay ``tranche_kind`` in full, dated after its decision; ``mistake``: a wrong amount first, then reversed.
    A tranche decided less than ``PAID_AFTER`` ago is not paid yet: the finance officer's work waiting (its home's
    list of money to pay)."""
    finance = User.objects.get(username=FINANCE)
    tranche = Tranche.objects.get(project=project, kind=tranche_kind)
    Tranche.objects.filter(pk=tranche.pk).update(decided_at=_moment(decided_on))  # the day of its step
    paid_on = decided_on + PAID_AFTER
    if paid_on > timezone.localdate():
        return
    if mistake:
        wrong = disbursement_record(
            tranche=tranche, by=finance, amount=tranche.amount / 10, paid_on=paid_on, voucher_number=f"{voucher}-误"
        )
        disbursement_reverse(
            entry=wrong,
            by=finance,
            reason="拨付金额少录一位，冲销后按核定金额重新登记。",
            voucher_number=f"{voucher}-冲",
            paid_on=paid_on,
        )
    disbursement_record(tranche=tranche, by=finance, amount=tranche.amount, paid_on=paid_on, voucher_number=voucher)


def _invest(seeder, project, lines, total, spent_on, first_n):
    by = seeder.actor("submit_task_letter", project)  # the project's enterprise user
    for n, (use, share, what) in enumerate(lines, start=first_n):
        own_investment_record(
            project=project,
            by=by,
            amount=(total * share).quantize(Decimal("0.01")),
            use=use,
            spent_on=min(spent_on + datetime.timedelta(days=30 * n), timezone.localdate()),
            description=what,
            evidence=_evidence(project, n),
        )


def after_step(seeder, project, name, *, calendar):
    """The ledger's part of ``name`` just taken on ``project`` (see the module's docstring); ``calendar`` is the
    seed's ``STEP_CALENDAR``."""
    grant = Grant.objects.filter(project=project).first()
    if grant is None:
        return
    year_share = (grant.amount * project.call.min_own_investment_percent / 100 / 2).quantize(Decimal("0.01"))
    if name == "confirm_task_letter":
        confirmed = _day(project, name, calendar)
        voucher = f"苏财拨〔{confirmed.year}〕{project.pk:03d}号"
        _pay(project, Tranche.Kind.FIRST, confirmed, voucher=voucher, mistake=project.enterprise_id % 3 == 0)
        _invest(seeder, project, FIRST_YEAR, year_share, confirmed + datetime.timedelta(days=10), 1)
    elif name == "request_acceptance":
        second_year = _day(project, "continue_project", calendar)
        _invest(seeder, project, SECOND_YEAR, year_share, second_year, len(FIRST_YEAR) + 1)
    elif name == "accept":
        accepted = _day(project, name, calendar)
        _pay(project, Tranche.Kind.REWARD, accepted, voucher=f"苏财拨〔{accepted.year}〕{project.pk:03d}-2号")


def backdate(project):
    """A previous year's task letter, grant and scans dated by their (already dated) steps. Direct writes: the
    seed's story, not a user's change."""
    letter = TaskLetter.objects.filter(project=project).first()
    if letter is None:
        return
    logs = {log.transition: log.timestamp for log in StateLog.objects.for_(project).order_by("timestamp", "pk")}
    issued_on = timezone.localtime(logs["issue"]).date()
    dates = task_letter_dates(project, issued_on)
    content = {**letter.content, "dates": {key: value.isoformat() for key, value in dates.items()}}
    TaskLetter.objects.filter(pk=letter.pk).update(
        issued_on=issued_on,
        content=content,
        confirmed_at=logs.get("confirm_task_letter"),
        **dates,
    )
    TaskLetter.objects.filter(pk=letter.pk).update(issued_at=logs["issue"])
    Grant.objects.filter(project=project).update(decided_at=logs["issue"])
    if "submit_task_letter" in logs:
        TaskLetterScan.objects.filter(letter=letter).update(uploaded_at=logs["submit_task_letter"])
