"""Funding use cases (F4): the first tranche planned on issuing, the reward on acceptance, disbursements recorded
by the finance officer. The tranches go with their lifecycle steps through the funnel's hooks
(``funding.apps.FundingConfig.ready``): a step and its money commit together or not at all."""

from decimal import Decimal

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.rules import is_bureau, is_finance
from common.formatting import yuan, zh_date
from common.money import parse_amount
from projects.lifecycle.funnel import project_transition

from .models import Tranche

REWARD_INPUT = "reward_amount"
REWARD_LABEL = "验收奖励金额"


def first_tranche_amount(project):
    """F4: the call's first tranche, never more than the government money the project asked for (F2)."""
    return min(project.call.first_tranche_amount, project.government_funding)


def reward_cap(project):
    """F4: at most the call's reward cap, and with the first tranche never more than the money asked for (F2)."""
    first = project.tranches.filter(kind=Tranche.Kind.FIRST).values_list("amount", flat=True).first()
    return max(Decimal("0"), min(project.call.max_reward_amount, project.government_funding - (first or 0)))


def tranche_decide(*, project, kind, amount, by) -> Tranche:
    """Record the amount of one tranche (inside the step's transaction)."""
    if Tranche.objects.filter(project=project, kind=kind).exists():
        raise ValidationError(f"该项目已核定{Tranche.Kind(kind).label}，不能重复核定。")
    tranche = Tranche(project=project, kind=kind, amount=amount, decided_by=by)
    tranche.full_clean()
    tranche.save()
    return tranche


def plan_first_tranche(*, project, by, data=None, **_):
    """Hook of ``issue`` (7 下达): the first tranche (F4)."""
    tranche_decide(project=project, kind=Tranche.Kind.FIRST, amount=first_tranche_amount(project), by=by)


def reward_amount_of(project, data) -> Decimal:
    """The reward typed for ``accept``: a number in 元 within the F4 cap and what F2 leaves after the first tranche."""
    amount = parse_amount((data or {}).get(REWARD_INPUT), field=REWARD_INPUT, label=REWARD_LABEL)
    cap = reward_cap(project)
    if amount > cap:
        raise ValidationError({REWARD_INPUT: f"验收奖励不得超过{yuan(cap)}（F4），当前为{yuan(amount)}。"})
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


def project_issue(*, project, by, comment=""):
    """7 下达: issue the task letter; the first tranche (F4) is planned by the hook."""
    return project_transition(project=project, transition="issue", by=by, comment=comment)


def project_accept(*, project, by, reward_amount, comment=""):
    """9 验收: accept the project; the reward tranche is set by the result (F4). Bad amounts change nothing."""
    reward_amount_of(project, {REWARD_INPUT: reward_amount})  # refuse before taking any lock
    return project_transition(
        project=project, transition="accept", by=by, comment=comment, data={REWARD_INPUT: reward_amount}
    )


def tranche_record_payment(*, tranche, by, paid_on) -> Tranche:
    """财政部门 (or the bureau) records that a tranche was paid out."""
    if not (is_finance.test(by) or is_bureau.test(by)):
        raise PermissionDenied("只有财政部门或市知识产权局可以登记拨付。")
    if paid_on > timezone.localdate():
        raise ValidationError({"paid_on": ["拨付日期不能晚于今天。"]})
    with transaction.atomic():
        locked = Tranche.objects.select_for_update().get(pk=tranche.pk)
        if locked.paid_on:
            raise ValidationError(f"该笔经费已于{zh_date(locked.paid_on)}登记拨付，不能重复登记。")
        if paid_on < timezone.localtime(locked.decided_at).date():
            raise ValidationError({"paid_on": ["拨付日期不能早于经费核定日期。"]})
        locked.paid_on = paid_on
        locked.paid_recorded_by = by
        locked.paid_recorded_at = timezone.now()
        locked.save(update_fields=["paid_on", "paid_recorded_by", "paid_recorded_at"])
    tranche.refresh_from_db()
    return tranche
