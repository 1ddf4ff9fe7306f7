"""The checks' use cases (S5, S6, R5, F4): the enterprise's report, the district's verification, the bureau's
mid-term decision, the wind-up of a suspended project and the acceptance assessment.

Every state change goes through the funnel (``project_transition``); what a step records (the report sent, the
decision, the wind-up, the assessment) is written by this room's hooks of those steps (``checks.apps``), inside the
step's transaction: the step and its record commit together or not at all. A step fired from code without this
room's data (the demo's road, older tests) records nothing here.
"""

import os
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.rules import acts_for_enterprise, is_bureau
from common.formatting import percent, yuan, zh_date
from common.money import parse_amount
from funding import selectors as ledger
from funding.services import REWARD_INPUT, audit_money, reward_cap
from projects.attachments import check_upload, sha256_of
from projects.enums import Status
from projects.lifecycle.funnel import project_transition

from .models import (
    NARRATIVE_LABELS,
    REQUIRED_SLOTS,
    SLOTS_OF_KIND,
    AcceptanceAssessment,
    FileSlot,
    IndicatorFigure,
    MidtermDecision,
    MidtermOutcome,
    Report,
    ReportFile,
    ReportKind,
    WindUp,
)
from .schedule import acceptance_window, midterm_window

DATA_KEY = "checks"  # the key of this room's data in a step's ``data``

# Where the enterprise may edit each report, and which step sends it from there.
EDITABLE = {
    ReportKind.MIDTERM: {Status.UNDER_WAY: "submit_midterm_report", Status.MIDTERM_RETURNED: "resubmit_midterm_report"},
    ReportKind.ACCEPTANCE: {Status.CONTINUING: "request_acceptance", Status.ACCEPTANCE_RETURNED: "resubmit_acceptance"},
}
VERIFY = {ReportKind.MIDTERM: "verify_midterm_report", ReportKind.ACCEPTANCE: "verify_acceptance"}
RETURN = {ReportKind.MIDTERM: "return_midterm_report", ReportKind.ACCEPTANCE: "return_acceptance"}
MIDTERM_STEPS = {
    MidtermOutcome.CONTINUE: "continue_project",
    MidtermOutcome.RECTIFY: "order_rectification",
    MidtermOutcome.SUSPEND: "suspend",
}
KIND_WORDS = {ReportKind.MIDTERM: "中期检查报告", ReportKind.ACCEPTANCE: "验收材料"}
HUNDRED = Decimal("100")


# ---- the report -----------------------------------------------------------------------------------------------
def report_of(project, kind) -> Report:
    """The project's report of ``kind``, created empty with one line per target indicator the first time."""
    report, created = Report.objects.get_or_create(project=project, kind=kind)
    if created or not report.figures.exists():
        IndicatorFigure.objects.bulk_create(
            [IndicatorFigure(report=report, indicator=i) for i in project.indicators.all()], ignore_conflicts=True
        )
    return report


def _editable_or_refuse(project, kind, by):
    if not acts_for_enterprise.test(by, project):
        raise PermissionDenied(f"只有本项目的申报企业可以填写{KIND_WORDS[kind]}。")
    if project.status not in EDITABLE[kind]:
        raise ValidationError(
            f"项目当前状态为“{project.get_status_display()}”，{KIND_WORDS[kind]}不能修改。页面可能已过期，请刷新后查看。"
        )


def _figure(value, name):
    text = str(value if value is not None else "").replace(",", "").replace("，", "").strip()
    if not text:
        return None
    try:
        number = Decimal(text)
    except ArithmeticError as exc:
        raise ValidationError({"figures": [f"指标“{name}”的完成值必须是数字。"]}) from exc
    if not number.is_finite() or number < 0:
        raise ValidationError({"figures": [f"指标“{name}”的完成值不能为负数。"]})
    if number.adjusted() >= 10 or number != number.quantize(Decimal("0.01")):
        raise ValidationError({"figures": [f"指标“{name}”的完成值最多10位整数、两位小数。"]})
    return number


def report_save(*, project, kind, by, figures=None, texts=None, audited=None) -> Report:
    """The enterprise saves its report as a draft: the figure reached per indicator (``{indicator pk: value}``), the
    texts (K1–K3 narratives; the work summary and the acceptance application) and, for acceptance, the audited
    figures. Anything typed wrong is refused with its reason and nothing is saved."""
    _editable_or_refuse(project, kind, by)
    allowed_texts = (
        set(NARRATIVE_LABELS)
        if kind == ReportKind.MIDTERM
        else {"work_summary", "application_text", "audit_difference_note"}
    )
    with transaction.atomic():
        report = report_of(project, kind)
        report = Report.objects.select_for_update().get(pk=report.pk)
        rows = {f.indicator_id: f for f in report.figures.select_related("indicator")}
        changed = []
        for key, value in (figures or {}).items():
            row = rows.get(int(key))
            if row is None:
                raise ValidationError({"figures": ["指标不属于本项目，请刷新页面后重新填写。"]})
            row.reached = _figure(value, row.indicator.name)
            changed.append(row)
        for name, value in (texts or {}).items():
            if name in allowed_texts:
                setattr(report, name, (value or "").strip())
        if kind == ReportKind.ACCEPTANCE:
            labels = {
                "audited_government_used": "审计确认的市级资金使用额",
                "audited_own_investment": "审计确认的自筹投入",
            }
            for name, value in (audited or {}).items():
                if name in labels:
                    text = str(value or "").strip()
                    setattr(report, name, parse_amount(text, field=name, label=labels[name]) if text else None)
        IndicatorFigure.objects.bulk_update(changed, ["reached"])
        report._history_user = by
        report.save()
    return report


def report_file_add(*, project, kind, by, slot, upload) -> ReportFile:
    """An attachment of the report, accepted by its content (the application's upload checks)."""
    _editable_or_refuse(project, kind, by)
    if slot not in SLOTS_OF_KIND[kind]:
        raise ValidationError({"slot": ["请选择附件类型。"]})
    _, mime = check_upload(upload, max_mb=project.call.max_attachment_mb)
    with transaction.atomic():
        report = report_of(project, kind)
        item = ReportFile(
            report=report,
            slot=slot,
            original_name=os.path.basename(upload.name)[:255],
            content_type=mime,
            size=upload.size,
            sha256=sha256_of(upload),
            uploaded_by=by,
        )
        item.file.save("upload", upload, save=False)
        item.save()
    return item


def report_file_remove(*, project, kind, by, file_pk) -> None:
    _editable_or_refuse(project, kind, by)
    item = ReportFile.objects.filter(pk=file_pk, report__project=project, report__kind=kind).first()
    if item is None:
        raise ValidationError("该附件不存在或已删除。")
    item.file.delete(save=False)
    item.delete()


def report_problems(report) -> list[str]:
    """Why ``report`` cannot be sent yet (Chinese, one line each); empty when it is complete."""
    problems = []
    missing = [f.indicator.name for f in report.figures.select_related("indicator") if f.reached is None]
    if missing:
        problems.append(f"以下指标未填写完成值：{'、'.join(missing)}。")
    if report.kind == ReportKind.MIDTERM:
        empty = [label for name, label in NARRATIVE_LABELS.items() if not getattr(report, name).strip()]
        if empty:
            problems.append(f"请填写以下实施要点的进展情况：{'；'.join(empty)}。")
    else:
        if not report.work_summary.strip():
            problems.append("请填写项目完成任务工作总结。")
        if not report.application_text.strip():
            problems.append("请填写申请项目验收报告。")
        for name, label in (
            ("audited_government_used", "审计确认的市级资金使用额"),
            ("audited_own_investment", "审计确认的自筹投入"),
        ):
            if getattr(report, name) is None:
                problems.append(f"请填写{label}（以审计报告为准）。")
    present = set(report.files.values_list("slot", flat=True))
    lacking = [FileSlot(slot).label for slot in REQUIRED_SLOTS[report.kind] if slot not in present]
    if lacking:
        problems.append(f"请上传以下附件：{'、'.join(lacking)}。")
    return problems


def audit_differences(report, *, own_total, disbursed, tolerance) -> list[str]:
    """S6: the audited figures that differ from the ledger by more than ``tolerance`` per cent of the ledger's."""
    flags = []
    for label, audited, booked, booked_label in (
        ("审计确认的市级资金使用额", report.audited_government_used, disbursed, "经费台账已拨付市级资金"),
        ("审计确认的自筹投入", report.audited_own_investment, own_total, "经费台账记录的自筹投入"),
    ):
        if audited is None:
            continue
        gap = abs(audited - booked)
        if gap > booked * tolerance / HUNDRED:
            flags.append(
                f"{label}{yuan(audited)}与{booked_label}{yuan(booked)}相差{yuan(gap)}，超过{percent(tolerance)}的允许差异。"
            )
    return flags


def _window_refusal(project, kind, today, status) -> str:
    """The Chinese reason why the report cannot be sent on ``today`` from ``status``, or ""."""
    if status == Status.MIDTERM_RETURNED:
        decision = project.midterm_decisions.order_by("-pk").first()
        rectifying = decision is not None and decision.outcome == MidtermOutcome.RECTIFY
        if rectifying and decision.deadline and today > decision.deadline:
            return f"整改期限已于{zh_date(decision.deadline)}届满，不能再提交整改后的中期检查报告，请联系市知识产权局。"
        return ""
    if status == Status.ACCEPTANCE_RETURNED:
        return ""  # sent in time once; returned by the district to complete
    window = (midterm_window if kind == ReportKind.MIDTERM else acceptance_window)(project)
    what = "中期检查报告" if kind == ReportKind.MIDTERM else "验收材料"
    if window is None:
        return f"项目尚未下达实施，不能提交{what}。"
    if today < window.opens_on:
        return f"{what}的提交时间为{window}，尚未开始，请于{zh_date(window.opens_on)}起提交。"
    if today > window.closes_on:
        return f"{what}的提交时间为{window}，已于{zh_date(window.closes_on)}截止，不能再提交。"
    return ""


def report_send(*, project, kind, by, today=None):
    """S5/S6: the enterprise sends its report to its district — inside its window (R5), complete (every
    indicator's figure, the required attachments), and for acceptance with the audit's differences explained.
    Refused with the reasons otherwise; nothing changes."""
    _editable_or_refuse(project, kind, by)
    transition = EDITABLE[kind][project.status]
    return project_transition(
        project=project,
        transition=transition,
        by=by,
        data={DATA_KEY: {"kind": kind, "today": today or timezone.localdate()}},
    )


def record_sent(*, project, by, data=None, source, **_):
    """Hook of the four sending steps: check the report under the step's lock and keep what was sent."""
    own = (data or {}).get(DATA_KEY)
    if not own:
        return
    kind = own["kind"]
    refusal = _window_refusal(project, kind, own["today"], source)
    if refusal:
        raise ValidationError(refusal)
    report = Report.objects.select_for_update().get(pk=report_of(project, kind).pk)
    problems = report_problems(report)
    if problems:
        raise ValidationError([f"{KIND_WORDS[kind]}尚不完整，不能提交：", *problems])
    report.ledger_own_investment = ledger.own_investment_total(project)
    if kind == ReportKind.ACCEPTANCE:
        report.ledger_government_disbursed = ledger.government_money_disbursed(project)
        report.audit_flags = audit_differences(
            report,
            own_total=report.ledger_own_investment,
            disbursed=report.ledger_government_disbursed,
            tolerance=project.call.audit_tolerance_percent,
        )
        if report.audit_flags and not report.audit_difference_note.strip():
            raise ValidationError(
                [
                    "审计报告中的数据与经费台账不一致，请核对审计数据，或在“差异说明”中写明原因后再提交：",
                    *report.audit_flags,
                ]
            )
    report.submitted_at = timezone.now()
    report.submitted_by = by
    report.submissions += 1
    report._history_user = by
    report.save()


# ---- the district ---------------------------------------------------------------------------------------------
def report_verify(*, project, kind, by, comment=""):
    """The district has verified the report and forwards it to the bureau."""
    return project_transition(project=project, transition=VERIFY[kind], by=by, comment=comment)


def report_return(*, project, kind, by, reasons):
    """The district returns the report to the enterprise with what to improve (reasons required)."""
    reasons = (reasons or "").strip()
    if not reasons:
        raise ValidationError({"reasons": ["退回时请写明需要企业完善的内容。"]})
    return project_transition(project=project, transition=RETURN[kind], by=by, comment=reasons)


# ---- the bureau: the mid-term decision (S5) ---------------------------------------------------------------------
def midterm_decide(*, project, by, outcome, reason="", deadline=None, today=None):
    """继续实施, 限期整改 (with a deadline; the enterprise resubmits and the bureau decides again) or 中止 (with a
    reason: no more money is paid, and a wind-up is opened). Deciding a project already decided is refused."""
    if not is_bureau.test(by):
        raise PermissionDenied("只有市知识产权局可以作出中期检查结论。")
    if outcome not in MIDTERM_STEPS:
        raise ValidationError({"outcome": ["请选择检查结论。"]})
    reason = (reason or "").strip()
    today = today or timezone.localdate()
    decidable = {Status.MIDTERM_VERIFIED} | ({Status.MIDTERM_RETURNED} if outcome == MidtermOutcome.SUSPEND else set())
    if project.status not in decidable:
        last = project.midterm_decisions.order_by("-pk").first()
        if last is not None and project.status in (Status.CONTINUING, Status.SUSPENDED):
            raise ValidationError(
                f"该项目已于{zh_date(timezone.localtime(last.decided_at).date())}作出中期检查结论"
                f"（{last.get_outcome_display()}），不能重复决定。"
            )
        raise ValidationError(
            f"项目当前状态为“{project.get_status_display()}”，不能作出中期检查结论。页面可能已过期，请刷新后查看。"
        )
    if outcome == MidtermOutcome.RECTIFY:
        if deadline is None:
            raise ValidationError({"deadline": ["限期整改时请填写整改期限。"]})
        if deadline <= today:
            raise ValidationError({"deadline": ["整改期限应晚于今天。"]})
        if not reason:
            raise ValidationError({"reason": ["限期整改时请写明整改要求。"]})
    elif deadline is not None:
        raise ValidationError({"deadline": ["只有限期整改需要填写整改期限。"]})
    if outcome == MidtermOutcome.SUSPEND and not reason:
        raise ValidationError({"reason": ["中止项目时必须写明理由。"]})
    return project_transition(
        project=project,
        transition=MIDTERM_STEPS[outcome],
        by=by,
        comment=reason,
        data={DATA_KEY: {"outcome": outcome, "deadline": deadline}},
    )


OUTCOME_OF_STEP = {step: outcome for outcome, step in MIDTERM_STEPS.items()}


def record_midterm_decision(*, project, by, data=None, step, comment="", **_):
    """Hook of the three decisions: the decision record; a suspension opens its wind-up (whoever fired it)."""
    own = (data or {}).get(DATA_KEY) or {}
    MidtermDecision.objects.create(
        project=project, outcome=OUTCOME_OF_STEP[step], reason=comment, deadline=own.get("deadline"), decided_by=by
    )
    if step == "suspend":
        windup_open(project=project, by=by)


def windup_open(*, project, by) -> WindUp:
    """清理: opened on suspension with what had been paid out; the bureau completes it."""
    disbursed = ledger.government_money_disbursed(project)
    windup, _ = WindUp.objects.get_or_create(
        project=project, defaults={"disbursed_at_suspension": disbursed, "amount_to_recover": disbursed}
    )
    return windup


WINDUP_OUTCOMES = set(WindUp.Outcome.values)


def windup_complete(
    *, project, by, amount_to_recover, recovered_amount, recovered_on, outcome, note="", today=None
) -> WindUp:
    """The bureau completes the wind-up of a suspended project: what was to be recovered, what came back and when,
    and the outcome. Completing it twice is refused."""
    if not is_bureau.test(by):
        raise PermissionDenied("只有市知识产权局可以办理中止项目清理。")
    today = today or timezone.localdate()
    if outcome not in WINDUP_OUTCOMES:
        raise ValidationError({"outcome": ["请选择清理结果。"]})
    to_recover = parse_amount(amount_to_recover, field="amount_to_recover", label="应收回资金")
    recovered = (
        parse_amount(recovered_amount, field="recovered_amount", label="实际收回资金")
        if str(recovered_amount or "").strip()
        else Decimal("0.00")
    )
    note = (note or "").strip()
    with transaction.atomic():
        windup = WindUp.objects.select_for_update().filter(project=project).first()
        if windup is None:
            raise ValidationError("该项目没有需要办理的清理事项。")
        if windup.is_completed:
            raise ValidationError(
                f"该项目的清理已于{zh_date(timezone.localtime(windup.completed_at))}办结，不能重复办理。"
            )
        if to_recover > windup.disbursed_at_suspension:
            raise ValidationError(
                {
                    "amount_to_recover": [
                        f"应收回资金不能超过中止时已拨付的市级资金{yuan(windup.disbursed_at_suspension)}。"
                    ]
                }
            )
        if recovered > to_recover:
            raise ValidationError({"recovered_amount": ["实际收回资金不能超过应收回资金。"]})
        if recovered > 0 and recovered_on is None:
            raise ValidationError({"recovered_on": ["请填写收回日期。"]})
        if recovered_on is not None:
            if recovered_on > today:
                raise ValidationError({"recovered_on": ["收回日期不能晚于今天。"]})
            if recovered_on < timezone.localtime(windup.opened_at).date():
                raise ValidationError({"recovered_on": ["收回日期不能早于项目中止日期。"]})
        consistent = {
            WindUp.Outcome.RECOVERED: to_recover > 0 and recovered == to_recover,
            WindUp.Outcome.PARTLY: 0 < recovered < to_recover,
            WindUp.Outcome.WAIVED: recovered < to_recover and bool(note),
            WindUp.Outcome.NOTHING_DUE: to_recover == 0 and recovered == 0,
        }
        if not consistent[outcome]:
            hint = {
                WindUp.Outcome.RECOVERED: "“已全额收回”要求实际收回资金等于应收回资金且大于0。",
                WindUp.Outcome.PARTLY: "“部分收回”要求实际收回资金大于0且少于应收回资金。",
                WindUp.Outcome.WAIVED: "“经研究不予收回”须写明情况说明。",
                WindUp.Outcome.NOTHING_DUE: "“无需收回”要求应收回资金为0。",
            }[outcome]
            raise ValidationError({"outcome": [hint]})
        windup.amount_to_recover = to_recover
        windup.recovered_amount = recovered
        windup.recovered_on = recovered_on
        windup.outcome = outcome
        windup.note = note
        windup.completed_by = by
        windup.completed_at = timezone.now()
        windup._history_user = by
        windup.full_clean()
        windup.save()
        audit_money(
            by=by,
            target=project,
            detail=f"中止项目清理办结：应收回{yuan(to_recover)}，实际收回{yuan(recovered)}（{windup.get_outcome_display()}）",
        )
    return windup


# ---- acceptance: completion and assessment (S6, F4) ----------------------------------------------------------------
def indicator_rate(reached, target) -> Decimal | None:
    """Reached ÷ target in per cent, capped at 100; None when not reported; a target of 0 counts as met."""
    if reached is None:
        return None
    if target is None or target <= 0:
        return HUNDRED
    return min(HUNDRED, (reached / target * HUNDRED).quantize(Decimal("0.01")))


def completion(report) -> dict:
    """The per-indicator completion rates and the overall one (their mean), and the outcome the call suggests."""
    rows = []
    for figure in report.figures.all():
        indicator = figure.indicator
        rows.append(
            {
                "indicator": indicator,
                "reached": figure.reached,
                "rate": indicator_rate(figure.reached, indicator.target),
            }
        )
    rates = [r["rate"] for r in rows if r["rate"] is not None]
    overall = (sum(rates) / len(rates)).quantize(Decimal("0.01")) if rates and len(rates) == len(rows) else None
    return {"rows": rows, "overall": overall, "suggested": suggestion(overall, report.project.call)}


SUGGEST_PASS, SUGGEST_RECONSIDER, SUGGEST_FAIL = "建议通过", "需复议", "建议不通过"


def suggestion(overall, call) -> str:
    if overall is None:
        return ""
    if overall >= call.acceptance_pass_percent:
        return SUGGEST_PASS
    if overall >= call.acceptance_reconsider_percent:
        return SUGGEST_RECONSIDER
    return SUGGEST_FAIL


def grade_reward_or_refuse(project, grade, *, capped=False) -> tuple[Decimal, Decimal]:
    """(the grade's reward, the amount to plan): the grade's reward from the call's table, refused when it breaks
    F4 (the reward cap) or F2 (with the first tranche, not more than the government money asked for), unless the
    bureau chose to plan it at the cap (``capped``)."""
    table = dict(project.call.grade_table)
    if grade not in table:
        raise ValidationError({"grade": ["请选择验收等级。"]})
    reward, cap = table[grade], reward_cap(project)
    if reward > cap and not capped:
        raise ValidationError(
            {
                "grade": [
                    f"验收等级“{grade}”对应奖励{yuan(reward)}，超过该项目可核定的验收奖励{yuan(cap)}"
                    f"（验收奖励上限{yuan(project.call.max_reward_amount)}（F4）；首期经费与验收奖励合计不超过"
                    f"核定市级资金{yuan(ledger.government_money_approved(project))}（F2））。"
                    "如按可核定金额发放，请勾选“按上限核定奖励”。"
                ]
            }
        )
    return reward, min(reward, cap)


def acceptance_assess(*, project, by, outcome, grade="", reason="", capped=False):
    """The bureau's assessment of a verified acceptance: accepted with a grade (its reward planned as the reward
    tranche, F4) or failed with no reward. A decision against the completion rate's suggestion needs a reason;
    assessing twice is refused."""
    if not is_bureau.test(by):
        raise PermissionDenied("只有市知识产权局可以作出验收结论。")
    if outcome not in AcceptanceAssessment.Outcome.values:
        raise ValidationError({"outcome": ["请选择验收结论。"]})
    if project.status != Status.ACCEPTANCE_VERIFIED:
        done = AcceptanceAssessment.objects.filter(project=project).first()
        if done is not None:
            raise ValidationError(f"该项目已作出验收结论（{done.get_outcome_display()}），不能重复评定。")
        raise ValidationError(
            f"项目当前状态为“{project.get_status_display()}”，不能作出验收结论。页面可能已过期，请刷新后查看。"
        )
    reason = (reason or "").strip()
    report = report_of(project, ReportKind.ACCEPTANCE)
    result = completion(report)
    data = {"outcome": outcome, "completion": result["overall"], "suggested": result["suggested"]}
    if outcome == AcceptanceAssessment.Outcome.ACCEPTED:
        reward, amount = grade_reward_or_refuse(project, grade, capped=capped)
        if result["suggested"] != SUGGEST_PASS and not reason:
            raise ValidationError(
                {"reason": [f"完成率对应的建议为“{result['suggested'] or '无法计算'}”，评定通过时请写明理由。"]}
            )
        data.update(grade=grade, grade_reward=reward, reward_amount=amount)
        return project_transition(
            project=project,
            transition="accept",
            by=by,
            comment=reason or f"验收通过，等级：{grade}。",
            data={DATA_KEY: data, REWARD_INPUT: str(amount)},
        )
    if grade:
        raise ValidationError({"grade": ["验收不通过时不评定等级。"]})
    if not reason:
        raise ValidationError({"reason": ["验收不通过时必须写明理由。"]})
    return project_transition(
        project=project, transition="fail_acceptance", by=by, comment=reason, data={DATA_KEY: data}
    )


def record_assessment(*, project, by, data=None, step, comment="", **_):
    """Hook of ``accept`` and ``fail_acceptance``: the assessment record (the reward tranche is funding's hook)."""
    own = (data or {}).get(DATA_KEY)
    if not own:
        return
    AcceptanceAssessment.objects.create(
        project=project,
        outcome=own["outcome"],
        grade=own.get("grade", ""),
        grade_reward=own.get("grade_reward"),
        reward_amount=own.get("reward_amount"),
        completion_percent=own.get("completion"),
        suggested=own.get("suggested", ""),
        reason=comment,
        decided_by=by,
    )
