"""Phases 5–6 as services: the public notice (公示, R3), the objections (异议), the end of the period, and the city
government's decision (市政府审定, S4, R4, F1). Every state change goes through the lifecycle funnel.

Confidentiality (R3): the objector's identity is written only to ``Objection`` and read only on the bureau's pages.
The step comments (the project's timeline, the enterprise's messages), the audit details and every message built
here carry fixed texts and numbers, never a name, a unit, an address, a phone or an e-mail address.
"""

import datetime
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from accounts.rules import is_bureau
from activity.messenger import notify
from common.formatting import zh_date
from common.identifiers import document_number_errors, normalize_document_number
from common.validators import normalize_phone, phone_errors
from projects.attachments import check_upload, sha256_of
from projects.enums import QUOTA_STATES, Status
from projects.lifecycle.funnel import project_transition
from projects.models import AnnualCall, Project
from projects.models.call import NoticePeriodUnit

from . import calendar
from .models import DecisionEntry, GovernmentDecision, Notice, NoticeEntry, Objection, ObjectionEvidence

logger = logging.getLogger(__name__)

OPEN_COMMENT = "公示期内收到实名异议，市知识产权局正在核查。"
UPHELD_COMMENT = "经市知识产权局核查，异议成立，取消入选。"
DISMISSED_COMMENT = "经市知识产权局核查，异议不成立，恢复公示。"
CLOSE_COMMENT = "公示期满，无成立的异议，报市政府审定。"
MAX_EVIDENCE_FILES = 5

OBJECTION_RECEIVED = "notices.objection_received"
OBJECTION_OUTCOME = "notices.objection_outcome"


def _today(today=None) -> datetime.date:
    return today or timezone.localdate()


def _refuse_unless_bureau(by, what):
    if not is_bureau.test(by):
        raise PermissionDenied(f"只有市知识产权局可以{what}。")


# ---- 5 公示: the draft gathers the selected applications ------------------------------------------------------
def notice_title(call) -> str:
    return f"{call.year}年度苏州市企业知识产权登峰行动计划拟立项项目公示"


def latest_score(project):
    """The project's final score in the latest ranking it is in (reviews)."""
    from reviews.models import RankingEntry

    return (
        RankingEntry.objects.filter(project=project)
        .order_by("-snapshot__version")
        .values_list("final", flat=True)
        .first()
    )


def notice_entry_add(*, project, **_):
    """Hook of ``publish_notice`` (the expert review's selection fires it in rank order): the project joins its call's
    draft notice, with its names and latest score copied. The bureau then publishes the draft with its dates."""
    call = project.call
    notice = Notice.objects.select_for_update().filter(call=call, published_at__isnull=True).first()
    if notice is None:
        notice = Notice.objects.create(
            call=call,
            title=notice_title(call),
            period_length=call.notice_period_length,
            period_unit=call.notice_period_unit,
            shows_scores=call.notice_shows_scores,
            contact=call.notice_contact,
            supervisor_phone=call.notice_supervisor_phone,
        )
    if NoticeEntry.objects.filter(project=project).exists():
        raise ValidationError("该项目已在公示名单中。")
    position = (notice.entries.aggregate(m=Max("position"))["m"] or 0) + 1
    NoticeEntry.objects.create(
        notice=notice,
        project=project,
        position=position,
        enterprise_name=project.enterprise.name,
        district_name=project.district.name,
        project_title=project.title or str(project),
        score=latest_score(project),
    )


def notice_period_preview(*, call, starts_on) -> tuple[datetime.date | None, str]:
    """(end date, problem) for a notice of ``call`` starting on ``starts_on``."""
    if call.notice_period_unit == NoticePeriodUnit.WORKING_DAYS and not calendar.is_working_day(starts_on):
        return None, f"{zh_date(starts_on)}不是工作日，按工作日计算的公示应从工作日开始。"
    return calendar.period_end(starts_on, call.notice_period_length, call.notice_period_unit), ""


def notice_publish(*, notice, by, starts_on, today=None) -> Notice:
    """Publish the draft ``notice`` from ``starts_on``: the end date follows from the call's period (R3, working days
    from the holiday calendar and the bureau's overrides, or calendar days); the call's contact and supervisor phone
    are copied. The notice is then on the public page."""
    _refuse_unless_bureau(by, "发布公示")
    today = _today(today)
    with transaction.atomic():
        notice = Notice.objects.select_for_update().select_related("call").get(pk=notice.pk)
        call = notice.call
        if notice.is_published:
            raise ValidationError("该公示已发布，不能重复发布。")
        if not notice.entries.exists():
            raise ValidationError("公示名单为空，不能发布。")
        if starts_on is None:
            raise ValidationError({"starts_on": "请填写公示开始日期。"})
        if starts_on < today:
            raise ValidationError({"starts_on": f"公示开始日期不能早于今天（{zh_date(today)}）。"})
        ends_on, problem = notice_period_preview(call=call, starts_on=starts_on)
        if problem:
            raise ValidationError({"starts_on": problem})
        if not (call.notice_contact and call.notice_supervisor_phone):
            raise ValidationError("请先在本年度申报指南中填写公示业务联系人及电话和监督电话，再发布公示。")
        notice.starts_on, notice.ends_on = starts_on, ends_on
        notice.period_length, notice.period_unit = call.notice_period_length, call.notice_period_unit
        notice.shows_scores = call.notice_shows_scores
        notice.contact, notice.supervisor_phone = call.notice_contact, call.notice_supervisor_phone
        notice.published_by, notice.published_at = by, timezone.now()
        notice.save()
    return notice


def period_state(notice, today=None) -> str:
    """``draft``, ``before``, ``open`` or ``ended`` (R3: the first and the last day are in the period)."""
    today = _today(today)
    if not notice.is_published:
        return "draft"
    if today < notice.starts_on:
        return "before"
    if today > notice.ends_on:
        return "ended"
    return "open"


def notice_close_check(*, project, data=None, **_):
    """Hook of ``close_notice``: a project leaves its notice only after the period, with no objection open (R3).
    ``data["today"]``: the day the periodic task runs for (default: today)."""
    entry = NoticeEntry.objects.filter(project=project).select_related("notice").first()
    if entry is None:
        return  # a project put on notice before notices were kept
    state = period_state(entry.notice, (data or {}).get("today"))
    if state in ("draft", "before", "open"):
        end = f"（至{zh_date(entry.notice.ends_on)}）" if entry.notice.ends_on else ""
        raise ValidationError(f"公示期尚未结束{end}，不能结束公示（R3）。")
    if entry.objections.filter(state=Objection.State.OPEN).exists():
        raise ValidationError("该项目尚有未办结的异议，不能结束公示。")


# ---- 异议 ----------------------------------------------------------------------------------------------------------
def _clean(value) -> str:
    return (value or "").strip()


def objection_file(
    *,
    notice,
    entry_id,
    kind,
    name,
    phone,
    content,
    unit="",
    contact_person="",
    address="",
    email="",
    sealed_letter=None,
    evidence=(),
    today=None,
) -> Objection:
    """A real-name objection to one entry of a published notice, in its period (R3). Anonymous (no name or contact),
    late or early objections, an entry not on the notice, a unit without its sealed letter are refused."""
    today = _today(today)
    errors = {}
    state = period_state(notice, today)
    if state != "open":
        if state == "ended":
            raise ValidationError(
                f"公示期已于{zh_date(notice.ends_on)}结束，不再受理异议（R3：逾期提出的异议不予受理）。"
            )
        raise ValidationError("公示尚未开始，暂不受理异议。")
    name, phone, content = _clean(name), _clean(phone), _clean(content)
    unit, contact_person, address, email = _clean(unit), _clean(contact_person), _clean(address), _clean(email)
    entry = (
        NoticeEntry.objects.filter(notice=notice, pk=entry_id).select_related("project").first() if entry_id else None
    )
    if entry is None:
        errors["entry"] = "请从本公示的项目中选择异议所涉项目。"
    if kind not in Objection.Kind.values:
        errors["kind"] = "请选择以个人还是单位名义提出异议。"
    if kind == Objection.Kind.INDIVIDUAL:
        if not name:
            errors["name"] = "请填写真实姓名：匿名异议不予受理。"
        if not unit:
            errors["unit"] = "请填写工作单位。"
        if not address:
            errors["address"] = "请填写通讯地址。"
    elif kind == Objection.Kind.UNIT:
        if not name:
            errors["name"] = "请填写单位名称：匿名异议不予受理。"
        if not contact_person:
            errors["contact_person"] = "请填写单位联系人。"
        if not sealed_letter:
            errors["sealed_letter"] = "以单位名义提出异议的，须上传加盖单位公章的书面异议材料。"
    if not phone:
        errors["phone"] = "请填写联系电话：无联系方式的异议不予受理。"
    else:
        problems = phone_errors(phone)
        if problems:
            errors["phone"] = problems
    if not content:
        errors["content"] = "请填写异议内容及理由。"
    evidence = [f for f in evidence if f]
    if len(evidence) > MAX_EVIDENCE_FILES:
        errors["evidence"] = f"证据材料最多上传{MAX_EVIDENCE_FILES}个文件。"
    max_mb = notice.call.max_attachment_mb
    checked = []
    for field, files in (("sealed_letter", [sealed_letter] if sealed_letter else []), ("evidence", evidence)):
        for upload in files:
            try:
                _, mime = check_upload(upload, max_mb=max_mb)
            except ValidationError as exc:
                previous = errors.get(field)
                errors[field] = [*([previous] if isinstance(previous, str) else previous or []), *exc.messages]
            else:
                checked.append((field, upload, mime))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        objection = Objection(
            notice=notice,
            entry=entry,
            kind=kind,
            name=name,
            unit=unit if kind == Objection.Kind.INDIVIDUAL else "",
            contact_person=contact_person if kind == Objection.Kind.UNIT else "",
            address=address,
            phone=normalize_phone(phone),
            email=email,
            content=content,
        )
        for field, upload, _mime in checked:
            if field == "sealed_letter":
                objection.sealed_letter.save("upload", upload, save=False)
                objection.sealed_letter_name = upload.name[:255]
        objection.full_clean(exclude=["sealed_letter", "entry", "notice"])
        objection.save()
        for field, upload, mime in checked:
            if field == "evidence":
                item = ObjectionEvidence(
                    objection=objection,
                    original_name=upload.name[:255],
                    content_type=mime,
                    size=upload.size,
                    sha256=sha256_of(upload),
                )
                item.file.save("upload", upload, save=False)
                item.save()
        project = entry.project
        if project.status == Status.ON_NOTICE:
            project_transition(project=project, transition="open_objection", by=None, system=True, comment=OPEN_COMMENT)
        notify(
            kind=OBJECTION_RECEIVED,
            recipients=User.objects.filter(role=Role.BUREAU, is_active=True).order_by("pk"),
            target=objection,
            url=reverse("notices:objection", args=[objection.pk]),
            context={"entry": entry, "notice": notice, "objection_number": objection.pk},
        )
    return objection


def objection_decide(*, objection, by, decision, finding, told_by="") -> Objection:
    """The bureau's finding on an open objection: ``upheld`` (the application leaves the list: 异议成立) or
    ``dismissed`` (it stays). The objector is told: by e-mail when given, else the bureau records how (phone or
    letter)."""
    _refuse_unless_bureau(by, "办理异议")
    finding = _clean(finding)
    errors = {}
    if decision not in (Objection.State.UPHELD, Objection.State.DISMISSED):
        errors["decision"] = "请选择核查结论：异议成立或异议不成立。"
    if not finding:
        errors["finding"] = "请填写核查情况及结论。"
    if not objection.email and told_by not in (Objection.ToldBy.PHONE, Objection.ToldBy.LETTER):
        errors["told_by"] = "异议人未留电子邮箱，请选择已通过电话或书面函告的方式告知异议人。"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        objection = (
            Objection.objects.select_for_update().select_related("entry__project", "notice").get(pk=objection.pk)
        )
        if objection.state != Objection.State.OPEN:
            raise ValidationError("该异议已办结，页面可能已过期，请刷新。")
        now = timezone.now()
        objection.state = decision
        objection.finding = finding
        objection.decided_by, objection.decided_at = by, now
        objection.told_by = Objection.ToldBy.EMAIL if objection.email else told_by
        objection.told_at = now
        objection.save()
        entry = objection.entry
        project = Project.objects.get(pk=entry.project_id)
        if decision == Objection.State.UPHELD and project.status == Status.OBJECTION:
            project_transition(project=project, transition="uphold_objection", by=by, comment=UPHELD_COMMENT)
        elif (
            decision == Objection.State.DISMISSED
            and project.status == Status.OBJECTION
            and not entry.objections.filter(state=Objection.State.OPEN).exists()
        ):
            project_transition(project=project, transition="dismiss_objection", by=by, comment=DISMISSED_COMMENT)
        if objection.email:
            notify(
                kind=OBJECTION_OUTCOME,
                recipients=[],
                addresses=[objection.email],
                target=objection,
                context={"objection": objection, "entry": entry, "notice": objection.notice},
            )
    return objection


# ---- the end of the period -----------------------------------------------------------------------------------
def notices_close_due(*, today=None) -> dict:
    """The periodic task's service: for each published notice whose period has ended, every application still on
    notice moves on to 报市政府审定 (the system is the actor); the notice is closed once no objection is open and
    nothing is left on notice. Running it twice changes nothing."""
    today = _today(today)
    moved = closed = 0
    due = Notice.objects.filter(published_at__isnull=False, closed_at__isnull=True, ends_on__lt=today)
    for notice in due.order_by("pk"):
        waiting = Project.objects.filter(notice_entry__notice=notice, status=Status.ON_NOTICE).order_by(
            "notice_entry__position"
        )
        for project in waiting:
            if project.notice_entry.objections.filter(state=Objection.State.OPEN).exists():
                continue
            try:
                project_transition(
                    project=project,
                    transition="close_notice",
                    by=None,
                    system=True,
                    comment=CLOSE_COMMENT,
                    data={"today": today},
                )
            except ValidationError:
                logger.exception("notice %s: project %s could not move on", notice.pk, project.pk)
                continue
            moved += 1
        still_open = notice.objections.filter(state=Objection.State.OPEN).exists()
        pending = Project.objects.filter(
            notice_entry__notice=notice, status__in=(Status.ON_NOTICE, Status.OBJECTION)
        ).exists()
        if not still_open and not pending:
            updated = Notice.objects.filter(pk=notice.pk, closed_at__isnull=True).update(closed_at=timezone.now())
            if updated:
                closed += 1
    return {"moved": moved, "closed": closed}


# ---- 6 市政府审定 ---------------------------------------------------------------------------------------------------
def decision_title(call) -> str:
    return f"苏州市人民政府关于公布{call.year}年度苏州市企业知识产权登峰行动计划立项名单的通知"


def proposed_projects(call):
    """The call's applications waiting for the city government, in the notice's order."""
    return (
        Project.objects.filter(call=call, status=Status.PROPOSED)
        .select_related("enterprise", "district", "notice_entry")
        .order_by("notice_entry__notice_id", "notice_entry__position", "pk")
    )


def decision_record(*, call, by, document_number, decided_on, outcomes, today=None) -> GovernmentDecision:
    """Record the city government's decision: its document number (R4, normalised: 苏府[2021]81号 → 苏府〔2021〕81号),
    its date, and per proposed project ``approved`` or ``cut`` (with a reason). More approved than the call's yearly
    limit (F1) is refused. All or nothing. A second batch under the same document number joins that decision."""
    _refuse_unless_bureau(by, "录入市政府审定结果")
    today = _today(today)
    number = normalize_document_number(document_number or "")
    errors = {}
    problems = document_number_errors(number)
    if problems:
        errors["document_number"] = problems
    if decided_on is None:
        errors["decided_on"] = "请填写发文日期。"
    elif decided_on > today:
        errors["decided_on"] = "发文日期不能晚于今天。"
    chosen = {int(pk): (o, _clean(r)) for pk, (o, r) in outcomes.items() if o}
    if not chosen:
        errors["outcomes"] = "请至少对一个项目选择审定结果（批准立项或未批准）。"
    for outcome, reason in chosen.values():
        if outcome not in DecisionEntry.Outcome.values:
            errors["outcomes"] = "审定结果只能是批准立项或未批准。"
        elif outcome == DecisionEntry.Outcome.CUT and not reason:
            errors["outcomes"] = "未批准的项目请填写理由。"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        AnnualCall.objects.select_for_update().only("pk").get(pk=call.pk)
        proposed = {p.pk: p for p in proposed_projects(call).filter(pk__in=chosen)}
        if set(chosen) - set(proposed):
            raise ValidationError("所选项目不在本年度报市政府审定名单中，页面可能已过期，请刷新。")
        approving = [pk for pk, (o, _) in chosen.items() if o == DecisionEntry.Outcome.APPROVED]
        already = call.projects.filter(status__in=QUOTA_STATES).count()
        if already + len(approving) > call.max_projects:
            raise ValidationError(
                {
                    "outcomes": f"本年度立项上限为{call.max_projects}个（F1），已批准{already}个，"
                    f"本次最多还能批准{max(call.max_projects - already, 0)}个，现选择批准{len(approving)}个，"
                    "请调整后重新提交。"
                }
            )
        decision = GovernmentDecision.objects.filter(document_number=number).first()
        if decision is None:
            decision = GovernmentDecision.objects.create(
                call=call, document_number=number, decided_on=decided_on, title=decision_title(call), recorded_by=by
            )
        elif decision.call_id != call.pk or decision.decided_on != decided_on:
            raise ValidationError({"document_number": f"发文字号{number}已用于另一份审定文件，请核对。"})
        for pk, (outcome, reason) in chosen.items():
            project = proposed[pk]
            DecisionEntry.objects.create(
                decision=decision,
                project=project,
                outcome=outcome,
                reason=reason if outcome == DecisionEntry.Outcome.CUT else "",
                enterprise_name=project.enterprise.name,
                district_name=project.district.name,
                district_order=project.district.sort_order,
                project_title=project.title or str(project),
            )
            comment = (
                f"经市政府审定（{number}），同意立项。"
                if outcome == DecisionEntry.Outcome.APPROVED
                else f"经市政府审定（{number}），未列入立项名单：{reason}"
            )
            step = "approve" if outcome == DecisionEntry.Outcome.APPROVED else "cut"
            project_transition(project=project, transition=step, by=by, comment=comment)
    return decision


# ---- the road (demo data and tests walk the lifecycle with these) -------------------------------------------------
ROAD_DAYS_BACK = 40


def road_publish(project, *, by):
    """The project's draft notice published with a start far enough back that its period has ended."""
    entry = NoticeEntry.objects.select_related("notice").get(project=project)
    if entry.notice.is_published:
        return entry.notice
    start = calendar.next_working_day(timezone.localdate() - datetime.timedelta(days=ROAD_DAYS_BACK))
    call = entry.notice.call
    if not (call.notice_contact and call.notice_supervisor_phone):
        AnnualCall.objects.filter(pk=call.pk).update(
            notice_contact=call.notice_contact or "市知识产权局知识产权保护处 0512-68630000",
            notice_supervisor_phone=call.notice_supervisor_phone or "市市场监管局机关纪委 0512-68630001",
        )
        call.refresh_from_db()
    return notice_publish(notice=entry.notice, by=by, starts_on=start, today=start)


def road_object(project, *, content):
    entry = NoticeEntry.objects.select_related("notice__call").get(project=project)
    return objection_file(
        notice=entry.notice,
        entry_id=entry.pk,
        kind=Objection.Kind.INDIVIDUAL,
        name="王建国",
        unit="苏州某知识产权代理事务所",
        address="苏州市姑苏区人民路100号",
        phone="13800000000",
        content=content or "反映申报材料中部分专利数据与实际不符。",
        today=entry.notice.starts_on,
    )


def road_decide(project, *, by, decision, finding):
    objection = Objection.objects.filter(entry__project=project, state=Objection.State.OPEN).order_by("pk").first()
    return objection_decide(
        objection=objection, by=by, decision=decision, finding=finding or "经核查。", told_by=Objection.ToldBy.PHONE
    )


def road_decision(project, *, by, approve, reason=""):
    year = project.call.year
    number = f"苏府〔{year}〕{80 + year % 10}号"
    existing = GovernmentDecision.objects.filter(document_number=number).first()
    decided_on = existing.decided_on if existing else timezone.localdate()
    outcome = DecisionEntry.Outcome.APPROVED if approve else DecisionEntry.Outcome.CUT
    return decision_record(
        call=project.call,
        by=by,
        document_number=number,
        decided_on=decided_on,
        outcomes={project.pk: (outcome, reason or "年度资金安排调整。")},
    )
