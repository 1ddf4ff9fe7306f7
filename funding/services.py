"""Funding use cases (S4, F2–F5, G2).

On the lifecycle's steps, through the funnel's hooks (``funding.apps.FundingConfig.ready``), so that a step and its
money commit together or not at all:
- ``issue``: the task letter is frozen with its content and the government money approved (``Grant``, F2);
- ``submit_task_letter``: the enterprise's signed and sealed scan is stored;
- ``return_task_letter``: the scan is marked returned with the bureau's reason;
- ``confirm_task_letter``: the task letter is confirmed and the first tranche (F4) planned;
- ``accept``: the reward tranche (F4, ≤ the call's cap and within F2) set from the step's ``reward_amount``.

On the ledger pages: disbursements by the finance officer and the enterprise's own-investment records (F3, F5).
Ledger entries are append-only; a mistake is corrected by a reversing entry. Every money change is audited
(``activity.audit.record`` with ``AuditEvent.Kind.MONEY``) in the same transaction.
"""

import datetime
from decimal import Decimal

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from accounts.rules import acts_for_enterprise, is_bureau, is_finance
from activity.audit import record
from activity.models import AuditEvent
from common.formatting import yuan, zh_date
from common.money import parse_amount
from projects.attachments import check_upload, sha256_of
from projects.enums import BudgetUse, Status
from projects.lifecycle.funnel import project_transition

from .models import Disbursement, EntryKind, Grant, OwnInvestment, TaskLetter, TaskLetterScan, Tranche
from .task_letter import task_letter_content, task_letter_dates

REWARD_INPUT = "reward_amount"
REWARD_LABEL = "验收奖励金额"
SCAN_INPUT = "scan"
ZERO = Decimal("0.00")

# Nothing is paid to a project that was suspended (S5) or failed acceptance (S6).
UNPAYABLE_STATES = frozenset({Status.SUSPENDED, Status.FAILED})
# The enterprise records its own investment while the project runs (from the task letter on).
INVESTING_STATES = frozenset(
    {
        Status.TASK_LETTER_ISSUED,
        Status.TASK_LETTER_SUBMITTED,
        Status.TASK_LETTER_RETURNED,
        Status.UNDER_WAY,
        Status.MIDTERM_REPORTED,
        Status.MIDTERM_RETURNED,
        Status.MIDTERM_VERIFIED,
        Status.CONTINUING,
        Status.ACCEPTANCE_REQUESTED,
        Status.ACCEPTANCE_RETURNED,
        Status.ACCEPTANCE_VERIFIED,
    }
)


def audit_money(*, by, target, detail):
    record(AuditEvent.Kind.MONEY, user=by, target=target, detail=detail)


# ---- the government money (F2) and the tranches (F4) -------------------------------------------------------------
def approved_amount_for(project) -> Decimal:
    """F2: the money the project asked for, never more than the call's cap per project."""
    return min(project.government_funding, project.call.max_government_funding)


def grant_of(project, *, by=None, lock=False) -> Grant:
    """The project's grant; one is decided on the spot for a project approved before the ledger existed."""
    grants = Grant.objects.select_for_update() if lock else Grant.objects
    grant = grants.filter(project=project).first()
    if grant is None:
        if by is None:
            raise ValidationError("该项目尚未核定市级资金。")
        grant = grant_decide(project=project, by=by)
        if lock:
            grant = Grant.objects.select_for_update().get(pk=grant.pk)
    return grant


def grant_decide(*, project, by) -> Grant:
    """F2: the government money approved for ``project`` (inside the ``issue`` step's transaction)."""
    if Grant.objects.filter(project=project).exists():
        raise ValidationError("该项目已核定市级资金，不能重复核定。")
    cap = project.call.max_government_funding
    grant = Grant(project=project, amount=approved_amount_for(project), cap=cap, decided_by=by)
    grant.full_clean(exclude=["project", "decided_by"])
    grant.save()
    audit_money(by=by, target=grant, detail=f"核定市级资金{yuan(grant.amount)}（上限{yuan(cap)}，F2）")
    return grant


def first_tranche_amount(project) -> Decimal:
    """F4: the call's first tranche, never more than the approved government money (F2)."""
    grant = Grant.objects.filter(project=project).values_list("amount", flat=True).first()
    return min(project.call.first_tranche_amount, grant if grant is not None else approved_amount_for(project))


def reward_cap(project) -> Decimal:
    """F4: at most the call's reward cap, and with the first tranche never more than the approved money (F2)."""
    grant = Grant.objects.filter(project=project).values_list("amount", flat=True).first()
    approved = grant if grant is not None else approved_amount_for(project)
    first = project.tranches.filter(kind=Tranche.Kind.FIRST).values_list("amount", flat=True).first()
    return max(ZERO, min(project.call.max_reward_amount, approved - (first or 0)))


def tranche_decide(*, project, kind, amount, by) -> Tranche:
    """Plan one tranche (inside the step's transaction): the grant's committed total stays within F2."""
    if Tranche.objects.filter(project=project, kind=kind).exists():
        raise ValidationError(f"该项目已核定{Tranche.Kind(kind).label}，不能重复核定。")
    grant = grant_of(project, by=by, lock=True)
    if grant.committed + amount > grant.amount:
        raise ValidationError(
            f"{Tranche.Kind(kind).label}{yuan(amount)}与已核定的{yuan(grant.committed)}合计将超过"
            f"核定市级资金{yuan(grant.amount)}（F2）。"
        )
    tranche = Tranche(project=project, kind=kind, amount=amount, decided_by=by)
    tranche.full_clean(exclude=["project", "decided_by"])
    tranche.save()
    grant.committed += amount
    grant.save(update_fields=["committed"])
    audit_money(by=by, target=tranche, detail=f"核定{tranche.get_kind_display()}{yuan(amount)}（F4）")
    return tranche


def plan_first_tranche(*, project, by, data=None, **_):
    """Hook of ``confirm_task_letter``: the first tranche (F4)."""
    tranche_decide(project=project, kind=Tranche.Kind.FIRST, amount=first_tranche_amount(project), by=by)


def reward_amount_of(project, data) -> Decimal:
    """The reward typed for ``accept``: a number in 元 within the call's F4 cap and what F2 leaves after the first
    tranche."""
    amount = parse_amount((data or {}).get(REWARD_INPUT), field=REWARD_INPUT, label=REWARD_LABEL)
    call_cap = project.call.max_reward_amount
    if amount > call_cap:
        raise ValidationError({REWARD_INPUT: f"验收奖励不得超过{yuan(call_cap)}（F4），当前为{yuan(amount)}。"})
    cap = reward_cap(project)
    if amount > cap:
        raise ValidationError(
            {
                REWARD_INPUT: f"验收奖励{yuan(amount)}与首期经费合计将超过核定市级资金（F2），"
                f"本项目验收奖励最多为{yuan(cap)}。"
            }
        )
    return amount


def plan_reward(*, project, by, data=None, **_):
    """Hook of ``accept`` (9 验收): the reward tranche set by the acceptance result (F4)."""
    tranche_decide(project=project, kind=Tranche.Kind.REWARD, amount=reward_amount_of(project, data), by=by)


def reward_field(project):
    """The extra input of ``accept`` on the step forms, with the cap that applies to ``project``."""
    return forms.CharField(
        label=f"{REWARD_LABEL}（元）",
        max_length=30,
        help_text=f"不超过{yuan(reward_cap(project))}（F4）。" if project is not None else "不超过验收奖励上限（F4）。",
        error_messages={"required": f"请填写{REWARD_LABEL}（元）。"},
        widget=forms.TextInput(attrs={"class": "form-control", "inputmode": "decimal"}),
    )


def project_accept(*, project, by, reward_amount, comment=""):
    """9 验收: accept the project; the reward tranche is set by the result (F4). Bad amounts change nothing."""
    reward_amount_of(project, {REWARD_INPUT: reward_amount})  # refuse before taking any lock
    return project_transition(
        project=project, transition="accept", by=by, comment=comment, data={REWARD_INPUT: reward_amount}
    )


# ---- the task letter (S4, G2) --------------------------------------------------------------------------------------
def issue_task_letter(*, project, by, data=None, **_):
    """Hook of ``issue``: the task letter frozen with its content, and the government money approved (F2)."""
    if TaskLetter.objects.filter(project=project).exists():
        raise ValidationError("该项目已下达任务书，不能重复下达。")
    grant = grant_decide(project=project, by=by)
    issued_on = timezone.localdate()
    dates = task_letter_dates(project, issued_on)
    letter = TaskLetter(
        project=project,
        issued_by=by,
        issued_on=issued_on,
        content=task_letter_content(project, grant=grant, dates=dates),
        **dates,
    )
    letter.full_clean(exclude=["project", "issued_by"])
    letter.save()
    return letter


def project_issue(*, project, by, comment=""):
    """7 下达: issue the task letter (frozen) and approve the government money (F2)."""
    return project_transition(project=project, transition="issue", by=by, comment=comment)


def check_scan(project, upload):
    if upload is None:
        raise ValidationError({SCAN_INPUT: "请上传盖章后的任务书扫描件（PDF、JPG或PNG）。"})
    try:
        kind, mime = check_upload(upload, max_mb=project.call.max_attachment_mb)
    except ValidationError as exc:
        raise ValidationError({SCAN_INPUT: exc.message_dict.get("file", exc.messages)}) from exc
    if kind not in ("pdf", "jpg", "png"):
        raise ValidationError({SCAN_INPUT: "签章扫描件只接受PDF、JPG或PNG文件。"})
    return mime


def store_scan(*, project, by, data=None, **_):
    """Hook of ``submit_task_letter``: the signed and sealed scan, checked by its content."""
    upload = (data or {}).get(SCAN_INPUT)
    mime = check_scan(project, upload)
    letter = TaskLetter.objects.select_for_update().get(project=project)
    scan = TaskLetterScan(
        letter=letter,
        original_name=(upload.name or "")[:255],
        content_type=mime,
        size=upload.size,
        sha256=sha256_of(upload),
        uploaded_by=by,
    )
    scan.file.save(upload.name, upload, save=False)
    scan.save()


def task_letter_submit(*, project, by, upload, comment=""):
    """The enterprise uploads its signed and sealed task letter. A bad file changes nothing."""
    check_scan(project, upload)  # refuse before taking any lock
    return project_transition(
        project=project, transition="submit_task_letter", by=by, comment=comment, data={SCAN_INPUT: upload}
    )


def mark_scan_returned(*, project, by, comment="", **_):
    """Hook of ``return_task_letter``: the latest scan is returned with the bureau's reason."""
    scan = TaskLetterScan.objects.filter(letter__project=project, returned_at__isnull=True).order_by("-pk").first()
    if scan is None:
        raise ValidationError("没有待确认的任务书签章件。")
    scan.returned_reason = comment[:500]
    scan.returned_by = by
    scan.returned_at = timezone.now()
    scan.save(update_fields=["returned_reason", "returned_by", "returned_at"])


def confirm_letter(*, project, by, **_):
    """Hook of ``confirm_task_letter`` (before the first tranche): who confirmed, when."""
    TaskLetter.objects.filter(project=project).update(confirmed_by=by, confirmed_at=timezone.now())


def task_letter_confirm(*, project, by, comment=""):
    return project_transition(project=project, transition="confirm_task_letter", by=by, comment=comment)


def task_letter_return(*, project, by, reason):
    return project_transition(project=project, transition="return_task_letter", by=by, comment=reason)


# ---- disbursements (finance officer) -------------------------------------------------------------------------------
def _require_finance(by):
    if not (is_finance.test(by) or is_bureau.test(by)):
        raise PermissionDenied("只有财政部门或市知识产权局可以登记拨付。")


def _voucher(value) -> str:
    voucher = (value or "").strip()
    if not voucher:
        raise ValidationError({"voucher_number": "请填写凭证号。"})
    if len(voucher) > 50:
        raise ValidationError({"voucher_number": "凭证号不能超过50个字符。"})
    return voucher


def _date(value, *, field, label) -> datetime.date:
    if isinstance(value, datetime.date):
        day = value
    else:
        try:
            day = datetime.date.fromisoformat(str(value or "").strip())
        except ValueError as exc:
            raise ValidationError({field: f"请填写正确的{label}（年-月-日）。"}) from exc
    if day > timezone.localdate():
        raise ValidationError({field: f"{label}不能晚于今天。"})
    return day


def _refuse_unpayable(project):
    if project.status in UNPAYABLE_STATES:
        raise ValidationError(f"项目当前状态为“{project.get_status_display()}”，不能拨付经费。")


def disbursement_record(*, tranche, by, amount, paid_on, voucher_number) -> Disbursement:
    """The finance officer records a payment of ``tranche``: amount in 元 (> 0, two decimals), date, voucher.
    Disbursed ≤ planned per tranche (also a database constraint); nothing paid to a suspended or failed project."""
    _require_finance(by)
    value = parse_amount(amount, field="amount", label="拨付金额")
    if value <= 0:
        raise ValidationError({"amount": "拨付金额必须大于零。"})
    day = _date(paid_on, field="paid_on", label="拨付日期")
    voucher = _voucher(voucher_number)
    with transaction.atomic():
        project_model = Tranche._meta.get_field("project").related_model
        # the project's row first, as the funnel locks it: a suspension and a payment never cross
        project = project_model.objects.select_for_update().select_related("call").get(pk=tranche.project_id)
        locked = Tranche.objects.select_for_update().get(pk=tranche.pk)
        locked.project = project
        _refuse_unpayable(project)
        if day < timezone.localtime(locked.decided_at).date():
            raise ValidationError({"paid_on": "拨付日期不能早于经费核定日期。"})
        if locked.disbursed + value > locked.amount:
            raise ValidationError(
                {
                    "amount": f"拨付金额{yuan(value)}超过{locked.get_kind_display()}尚未拨付的"
                    f"{yuan(locked.amount - locked.disbursed)}（计划{yuan(locked.amount)}）。"
                }
            )
        entry = Disbursement(
            tranche=locked, project=locked.project, amount=value, paid_on=day, voucher_number=voucher, recorded_by=by
        )
        entry.full_clean(exclude=["tranche", "project", "recorded_by"])
        entry.save()
        locked.disbursed += value
        locked.save(update_fields=["disbursed"])
        audit_money(
            by=by,
            target=entry,
            detail=f"登记{locked.project.number}{locked.get_kind_display()}拨付{yuan(value)}，"
            f"凭证号{voucher}，拨付日期{zh_date(day)}",
        )
    tranche.refresh_from_db()
    return entry


def disbursement_reverse(*, entry, by, reason, voucher_number, paid_on=None) -> Disbursement:
    """Correct a mistaken payment by a reversing entry of the same amount, negative (append-only ledger)."""
    _require_finance(by)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请填写冲销理由。"})
    voucher = _voucher(voucher_number)
    day = _date(paid_on or timezone.localdate(), field="paid_on", label="冲销日期")
    with transaction.atomic():
        locked = Tranche.objects.select_for_update().select_related("project").get(pk=entry.tranche_id)
        original = Disbursement.objects.get(pk=entry.pk)
        if original.kind != EntryKind.ENTRY:
            raise ValidationError("冲销记录不能再冲销。")
        if Disbursement.objects.filter(reverses=original).exists():
            raise ValidationError("该笔拨付已冲销，不能重复冲销。")
        if day < original.paid_on:
            raise ValidationError({"paid_on": "冲销日期不能早于原拨付日期。"})
        reversal = Disbursement(
            tranche=locked,
            project=locked.project,
            kind=EntryKind.REVERSAL,
            amount=-original.amount,
            paid_on=day,
            voucher_number=voucher,
            reverses=original,
            reason=reason[:300],
            recorded_by=by,
        )
        reversal.full_clean(exclude=["tranche", "project", "recorded_by", "reverses"])
        reversal.save()
        locked.disbursed -= original.amount
        locked.save(update_fields=["disbursed"])
        audit_money(
            by=by,
            target=reversal,
            detail=f"冲销{locked.project.number}凭证号{original.voucher_number}的拨付{yuan(original.amount)}：{reason}",
        )
    return reversal


# ---- own investment (enterprise, F3/F5) ----------------------------------------------------------------------------
def _require_enterprise(by, project):
    if not acts_for_enterprise.test(by, project):
        raise PermissionDenied("只有项目承担企业可以登记自筹投入。")


def own_investment_record(*, project, by, amount, use, spent_on, description="", evidence=None) -> OwnInvestment:
    """The enterprise records an own IP investment (F3) for an F5 use, with its evidence."""
    _require_enterprise(by, project)
    value = parse_amount(amount, field="amount", label="投入金额")
    if value <= 0:
        raise ValidationError({"amount": "投入金额必须大于零。"})
    if use not in BudgetUse.values:
        raise ValidationError({"use": "请选择经费用途。"})
    day = _date(spent_on, field="spent_on", label="支出日期")
    if evidence is None:
        raise ValidationError({"evidence": "请上传支出凭证（发票、合同或付款凭证的扫描件）。"})
    try:
        check_upload(evidence, max_mb=project.call.max_attachment_mb)
    except ValidationError as exc:
        raise ValidationError({"evidence": exc.message_dict.get("file", exc.messages)}) from exc
    with transaction.atomic():
        locked = type(project).objects.select_for_update().select_related("call").get(pk=project.pk)
        if locked.status not in INVESTING_STATES:
            raise ValidationError(f"项目当前状态为“{locked.get_status_display()}”，不能登记自筹投入。")
        item = OwnInvestment(
            project=locked,
            amount=value,
            use=use,
            spent_on=day,
            description=(description or "").strip()[:200],
            evidence_name=(evidence.name or "")[:255],
            evidence_sha256=sha256_of(evidence),
            recorded_by=by,
        )
        item.evidence.save(evidence.name, evidence, save=False)
        item.full_clean(exclude=["project", "recorded_by", "evidence"])
        item.save()
        audit_money(
            by=by,
            target=item,
            detail=f"登记{locked.number}自筹投入{yuan(value)}（{item.get_use_display()}），支出日期{zh_date(day)}",
        )
    return item


def own_investment_reverse(*, entry, by, reason) -> OwnInvestment:
    """Correct a mistaken own-investment record by a reversing entry (append-only)."""
    project = entry.project
    _require_enterprise(by, project)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请填写冲销理由。"})
    with transaction.atomic():
        type(project).objects.select_for_update().only("pk").get(pk=project.pk)
        original = OwnInvestment.objects.get(pk=entry.pk)
        if original.kind != EntryKind.ENTRY:
            raise ValidationError("冲销记录不能再冲销。")
        if OwnInvestment.objects.filter(reverses=original).exists():
            raise ValidationError("该笔记录已冲销，不能重复冲销。")
        reversal = OwnInvestment(
            project=project,
            kind=EntryKind.REVERSAL,
            amount=-original.amount,
            use=original.use,
            spent_on=timezone.localdate(),
            description=original.description,
            reverses=original,
            reason=reason[:300],
            recorded_by=by,
        )
        reversal.save()
        audit_money(by=by, target=reversal, detail=f"冲销{project.number}自筹投入{yuan(original.amount)}：{reason}")
    return reversal


def ledger_consistent(project) -> bool:
    """The running totals the constraints check agree with the entries (a test and the benchmark call this)."""
    for tranche in Tranche.objects.filter(project=project):
        paid = tranche.disbursements.aggregate(s=Sum("amount"))["s"] or ZERO
        if paid != tranche.disbursed:
            return False
    grant = Grant.objects.filter(project=project).first()
    committed = Tranche.objects.filter(project=project).aggregate(s=Sum("amount"))["s"] or ZERO
    return grant is None or grant.committed == committed
