"""The demo's share of the mid-term check and the acceptance (issue 14, points 1–2).

The road takes the checks' steps itself (a report is sent months after issuing, the seed walks in one go), so once
a project is walked and dated (``record``, called by the seeder after the timeline is backdated), this adds what the
pages would have left, dated at the steps: the mid-term report with its figures, K1–K3 narratives and attachments;
the acceptance material with the audited figures (one of them differing from the ledger, explained, so the district
and the bureau see a flag); the dates of the bureau's decisions and of the wind-up, which the bureau has completed
(the first tranche recovered); the acceptance assessment with the grade its reward follows (F4, within what F2
leaves). Direct writes, like the rest of the seed's history: the story, not a user's change.
"""

import datetime
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone
from django_fsm_log.models import StateLog

from checks.models import (
    REQUIRED_SLOTS,
    AcceptanceAssessment,
    FileSlot,
    IndicatorFigure,
    MidtermDecision,
    Report,
    ReportFile,
    ReportKind,
    WindUp,
)
from checks.services import completion, report_of, windup_complete
from funding import selectors as ledger
from funding.models import Tranche
from funding.services import reward_cap

MINIMAL_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
MIDTERM_SENT = ("submit_midterm_report", "resubmit_midterm_report")
ACCEPTANCE_SENT = ("request_acceptance", "resubmit_acceptance")
DECISIONS = ("continue_project", "order_rectification", "suspend")
# How much of its targets a project reached: the failed one fell short (建议不通过).
SHARE_AT_MIDTERM = Decimal("0.55")
SHARE_AT_ACCEPTANCE = {"failed": Decimal("0.6")}
NARRATIVES = {
    "narrative_k1": (
        "委托专利导航机构完成核心技术全球专利分析报告，梳理出三条主要技术路线和两个突破口，据此调整了研发立项。"
    ),
    "narrative_k2": (
        "围绕核心产品新增发明专利申请，提交PCT国际申请，参与起草行业标准一项，开展专利质量评估和商标国际注册。"
    ),
    "narrative_k3": "知识产权部增配专职人员，引进知识产权高层次人才一名，建立专利预警和运营管理制度。",
}
WORK_SUMMARY = (
    "项目实施两年来，企业按照任务书要求，开展专利大数据分析、高价值专利培育与布局、标准化建设和知识产权人才队伍建设，"
    "主要考核指标基本完成，知识产权综合实力明显提升。"
)
APPLICATION_TEXT = "项目实施期满，现将项目完成任务工作总结、项目经费审计报告报上，申请项目验收。"
FLAGGED = 3  # the enterprise whose audited own investment differs from the ledger (explained)
DIFFERENCE_NOTE = "审计口径包含实施期满后一个月内支付的专利年费和代理费，经费台账尚未登记。"


def _logs(project):
    return list(StateLog.objects.for_(project).order_by("timestamp", "pk"))


def _reached(target, share):
    return (target * share).quantize(Decimal("1")) if share < 1 else target + 2


def _report(project, kind, logs, sent_steps, share, texts):
    sent = [log for log in logs if log.transition in sent_steps]
    if not sent or Report.objects.filter(project=project, kind=kind, submitted_at__isnull=False).exists():
        return None
    report = report_of(project, kind)
    figures = list(report.figures.select_related("indicator"))
    for figure in figures:
        figure.reached = _reached(figure.indicator.target, share)
    IndicatorFigure.objects.bulk_update(figures, ["reached"])
    for name, value in texts.items():
        setattr(report, name, value)
    for slot in REQUIRED_SLOTS[kind]:
        item = ReportFile(
            report=report,
            slot=slot,
            original_name=f"{FileSlot(slot).label}.pdf",
            content_type="application/pdf",
            size=len(MINIMAL_PDF),
            sha256="0" * 64,
            uploaded_by=sent[0].by,
        )
        item.file.save("upload", ContentFile(MINIMAL_PDF), save=False)
        item.save()
    report.submitted_at, report.submitted_by, report.submissions = sent[-1].timestamp, sent[-1].by, len(sent)
    report.ledger_own_investment = ledger.own_investment_total(project)
    report.save()
    return report


def _acceptance_figures(project, report, key):
    reward = Tranche.objects.filter(project=project, kind=Tranche.Kind.REWARD).first()
    paid = ledger.government_money_disbursed(project) - (reward.amount if reward and project.status != "failed" else 0)
    paid = max(paid, Decimal("0.00"))
    report.ledger_government_disbursed = paid
    report.audited_government_used = paid
    report.audited_own_investment = report.ledger_own_investment
    if key == FLAGGED:
        report.audited_own_investment = (report.ledger_own_investment * Decimal("1.08")).quantize(Decimal("0.01"))
        report.audit_difference_note = DIFFERENCE_NOTE
        report.audit_flags = [
            f"审计确认的自筹投入{report.audited_own_investment:,.2f}元与经费台账记录的自筹投入"
            f"{report.ledger_own_investment:,.2f}元相差"
            f"{report.audited_own_investment - report.ledger_own_investment:,.2f}元，超过"
            f"{project.call.audit_tolerance_percent.normalize():f}%的允许差异。"
        ]
    report.save()


def _date_decisions(project, logs):
    steps = [log for log in logs if log.transition in DECISIONS]
    decisions = list(MidtermDecision.objects.filter(project=project).order_by("pk"))
    for decision, log in zip(decisions, steps, strict=False):
        MidtermDecision.objects.filter(pk=decision.pk).update(decided_at=log.timestamp, reason=log.description or "")


def _wind_up(seeder, project, logs):
    windup = WindUp.objects.filter(project=project).first()
    suspended = next((log for log in logs if log.transition == "suspend"), None)
    if windup is None or suspended is None or windup.is_completed:
        return
    WindUp.objects.filter(pk=windup.pk).update(opened_at=suspended.timestamp)
    paid = windup.disbursed_at_suspension
    recovered_on = min(
        timezone.localtime(suspended.timestamp).date() + datetime.timedelta(days=75), timezone.localdate()
    )
    windup_complete(
        project=project,
        by=seeder.users["demo-bureau"],
        amount_to_recover=str(paid),
        recovered_amount=str(paid),
        recovered_on=recovered_on if paid else None,
        outcome=WindUp.Outcome.RECOVERED if paid else WindUp.Outcome.NOTHING_DUE,
        note="企业已将已拨付的首期经费全额退回市级财政。" if paid else "",
    )
    completed = datetime.datetime.combine(recovered_on, datetime.time(10), tzinfo=timezone.get_current_timezone())
    WindUp.objects.filter(pk=windup.pk).update(completed_at=completed)


def _grade_for(project, amount):
    """The grade whose reward is ``amount``, else the best one planned at the cap (F4/F2)."""
    table, cap = project.call.grade_table, reward_cap(project)
    exact = [(name, reward) for name, reward in table if reward == amount]
    capped = [(name, reward) for name, reward in table if min(reward, cap) == amount]
    return (exact or capped or table[-1:])[0]


def _assessment(project, logs, report):
    step = next((log for log in logs if log.transition in ("accept", "fail_acceptance")), None)
    if step is None or report is None or AcceptanceAssessment.objects.filter(project=project).exists():
        return
    result = completion(report)
    if step.transition == "accept":
        amount = Tranche.objects.get(project=project, kind=Tranche.Kind.REWARD).amount
        grade, grade_reward = _grade_for(project, amount)
        extra = {"outcome": "accepted", "grade": grade, "grade_reward": grade_reward, "reward_amount": amount}
    else:
        extra = {"outcome": "failed"}
    assessment = AcceptanceAssessment.objects.create(
        project=project,
        completion_percent=result["overall"],
        suggested=result["suggested"],
        reason=step.description or "",
        decided_by=step.by,
        **extra,
    )
    AcceptanceAssessment.objects.filter(pk=assessment.pk).update(decided_at=step.timestamp)


def record(seeder, project, key):
    """What the checks' pages would have left on ``project`` (of the demo's enterprise ``key``), walked and dated
    (see the module's docstring)."""
    logs = _logs(project)
    if not any(log.transition in MIDTERM_SENT for log in logs):
        return
    _report(project, ReportKind.MIDTERM, logs, MIDTERM_SENT, SHARE_AT_MIDTERM, NARRATIVES)
    _date_decisions(project, logs)
    _wind_up(seeder, project, logs)
    share = SHARE_AT_ACCEPTANCE.get(project.status, Decimal("1"))
    texts = {"work_summary": WORK_SUMMARY, "application_text": APPLICATION_TEXT}
    acceptance = _report(project, ReportKind.ACCEPTANCE, logs, ACCEPTANCE_SENT, share, texts)
    if acceptance is not None:
        _acceptance_figures(project, acceptance, key)
    _assessment(project, logs, Report.objects.filter(project=project, kind=ReportKind.ACCEPTANCE).first())
    seeder.result.created["check_reports"] += 1
