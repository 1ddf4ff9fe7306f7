"""Use cases that change projects and enterprises. Views, admin actions, tasks and commands all call these.

Every state change goes through ``project_transition``: check access, lock the row, fire the django-fsm-2
transition inside ``transaction.atomic()``, save, and let django-fsm-log write the audit row (who, when,
from, to, transition, comment) in the same transaction. A stale page clicked twice gives one change and a
clear Chinese message the second time.
"""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_fsm import ConcurrentTransition, can_proceed
from django_fsm_log.models import StateLog

from accounts.rules import acts_for_enterprise, is_bureau, may_view_project

from .conditions import unmet
from .enums import EDITABLE_STATES
from .identifiers import normalize_uscc, uscc_errors
from .models import PRIORITY_FLAGS, PROFILE_FIELDS, RELAXATION_FLAGS, AnnualCall, Application, Enterprise, Project
from .tasks import notify_project_status_change
from .workflow import STEPS

STALE_PAGE = "页面可能已过期，请刷新后查看最新状态。"


def _transition_method(project, name):
    if name not in STEPS:
        raise ValidationError(f"未知的操作：{name}。")
    return getattr(project, name)


def project_available_steps(*, project, user):
    """The steps ``user`` may take on ``project`` now, in workflow order (rule checks included)."""
    available = {t.name for t in project.get_available_user_status_transitions(user)}
    return [(name, step) for name, step in STEPS.items() if name in available]


def project_transition(*, project, transition, by, comment="", after=None):
    """Fire ``transition`` on ``project`` as user ``by``; ``after(locked_project)`` runs inside the same
    transaction (e.g. to record a tranche). Returns the saved project.

    Raises ``PermissionDenied`` when ``by`` may not act, ``ValidationError`` (Chinese) when the state or a
    rule does not allow it. Nothing changes in either case.
    """
    step = STEPS.get(transition)
    if step is None:
        raise ValidationError(f"未知的操作：{transition}。")
    comment = (comment or "").strip()
    if step.requires_comment and not comment:
        raise ValidationError({"comment": f"“{step.label}”必须填写理由或意见。"})
    try:
        with transaction.atomic():
            locked = Project.objects.select_for_update().select_related("call", "enterprise").get(pk=project.pk)
            # Rules that count other projects of the call (F1 quota, district limit) must not race: one state
            # change per call at a time.
            AnnualCall.objects.select_for_update().only("pk").get(pk=locked.call_id)
            if not may_view_project.test(by, locked):
                raise PermissionDenied("您无权查看或处理该项目。")
            method = _transition_method(locked, transition)
            if not can_proceed(method, check_conditions=False):
                raise ValidationError(
                    f"项目当前状态为“{locked.get_status_display()}”，不能执行“{step.label}”。{STALE_PAGE}"
                )
            meta = method._django_fsm
            if not meta.has_transition_perm(locked, locked.status, by):
                raise PermissionDenied(f"您无权执行“{step.label}”。")
            reasons = unmet(meta.get_transition(locked.status).conditions, locked)
            if reasons:
                raise ValidationError(reasons)
            method(by=by, description=comment or None)
            locked.save()
            for hook in ON_TRANSITION.get(transition, ()):
                hook(project=locked, by=by)
            if after is not None:
                after(locked)
            log_id = StateLog.objects.for_(locked).order_by("-pk").values_list("pk", flat=True).first()
            transaction.on_commit(lambda: notify_project_status_change.delay(log_id))
    except ConcurrentTransition as exc:  # the row changed between our read and our write
        raise ValidationError(f"该项目刚刚已被他人处理。{STALE_PAGE}") from exc
    project.refresh_from_db()
    return project


def application_freeze(*, project, by):
    """On submission: freeze what was submitted (a new snapshot version) and record the eligibility outcome."""
    from .models import Snapshot
    from .submission import assess, snapshot_data

    data = snapshot_data(project)
    last = project.snapshots.order_by("-version").values_list("version", flat=True).first() or 0
    Snapshot.objects.create(project=project, version=last + 1, data=data, created_by=by)
    result = assess(project)
    Project.objects.filter(pk=project.pk).update(
        eligibility_track=result.track.value, eligibility_verdict=result.verdict.value
    )


# Work that always goes with a transition, inside its transaction.
ON_TRANSITION = {
    "submit": (application_freeze,),
    "resubmit": (application_freeze,),
}


def first_tranche_amount(project):
    """F4: the call's first tranche, never more than the government money the project asked for (F2)."""
    return min(project.call.first_tranche_amount, project.government_funding)


def reward_cap(project):
    """F4: at most the call's reward cap, and with the first tranche never more than the money asked for (F2)."""
    first = project.tranches.filter(kind="first").values_list("amount", flat=True).first() or Decimal("0")
    return max(Decimal("0"), min(project.call.max_reward_amount, project.government_funding - first))


def project_issue(*, project, by, comment=""):
    """7 下达: issue the task letter and set the first tranche (F4)."""
    from funding.services import tranche_decide

    return project_transition(
        project=project,
        transition="issue",
        by=by,
        comment=comment,
        after=lambda p: tranche_decide(project=p, kind="first", amount=first_tranche_amount(p), by=by),
    )


def project_accept(*, project, by, reward_amount, comment=""):
    """9 验收: accept the project; the result sets the reward tranche, at most the call's cap (F4)."""
    from funding.services import tranche_decide

    amount = parse_amount(reward_amount, field="reward_amount", label="验收奖励金额")
    cap = reward_cap(project)
    if amount > cap:
        raise ValidationError({"reward_amount": f"验收奖励不得超过{cap:,.2f}元（F4），当前为{amount:,.2f}元。"})
    return project_transition(
        project=project,
        transition="accept",
        by=by,
        comment=comment,
        after=lambda p: tranche_decide(project=p, kind="reward", amount=amount, by=by),
    )


def project_act(*, project, transition, by, comment="", reward_amount=None):
    """The one entry for the generic action form: steps with extra work have their own service, steps with a page of
    their own (the formal review checklist) are refused here."""
    step = STEPS.get(transition)
    if step is not None and step.page and getattr(by, "role", None) == step.actor:  # others: refused as usual
        raise ValidationError(f"“{step.label}”请在形式审查页面逐项填写审查要点后办理。")
    if transition == "issue":
        return project_issue(project=project, by=by, comment=comment)
    if transition == "accept":
        return project_accept(project=project, by=by, reward_amount=reward_amount, comment=comment)
    return project_transition(project=project, transition=transition, by=by, comment=comment)


def parse_amount(value, *, field, label):
    """A money amount in 元 from user input: Decimal, non-negative, at most two decimals."""
    try:
        amount = Decimal(str(value).replace(",", "").replace("，", "").strip())
    except (InvalidOperation, ValueError) as exc:
        raise ValidationError({field: f"{label}必须是数字（单位：元）。"}) from exc
    if not amount.is_finite():
        raise ValidationError({field: f"{label}必须是数字（单位：元）。"})
    if amount.adjusted() >= 12:  # the money fields hold 12 whole digits
        raise ValidationError({field: f"{label}过大，请核对（单位：元）。"})
    if amount < 0:
        raise ValidationError({field: f"{label}不能为负数。"})
    if amount != amount.quantize(Decimal("0.01")):
        raise ValidationError({field: f"{label}最多保留两位小数（精确到分）。"})
    return amount.quantize(Decimal("0.01"))


def application_edit(*, project, by, apply):
    """Change the application's sections: ``apply(locked_project)`` saves already-validated form data.

    Only the enterprise's own users, and only while the application is a draft or returned for correction;
    all-or-nothing. Returns the project.
    """
    with transaction.atomic():
        locked = Project.objects.select_for_update().select_related("call", "enterprise").get(pk=project.pk)
        if not acts_for_enterprise.test(by, locked):
            raise PermissionDenied("只有本企业用户可以修改申报书。")
        if locked.status not in EDITABLE_STATES:
            raise ValidationError(f"申报书当前状态为“{locked.get_status_display()}”，不能修改。")
        apply(locked)
        locked.save(update_fields=["updated_at"])
    project.refresh_from_db()
    return project


def attachment_add(*, project, by, slot, upload):
    """Upload one attachment to a slot (checked by content and size); only while the application is editable."""
    from .attachments import build_attachment

    created = []

    def apply(locked):
        attachment = build_attachment(project=locked, slot=slot, upload=upload, by=by)
        created.append(attachment)  # its file is stored already: removed below if the transaction fails
        attachment.save()

    try:
        application_edit(project=project, by=by, apply=apply)
    except Exception:
        for attachment in created:
            attachment.file.delete(save=False)
        raise
    return created[0]


def attachment_remove(*, attachment, by):
    """Remove an attachment (and its file once the transaction commits)."""

    def apply(locked):
        target = locked.attachments.get(pk=attachment.pk)
        stored = target.file
        target.delete()
        transaction.on_commit(lambda: stored.delete(save=False))

    application_edit(project=attachment.project, by=by, apply=apply)


def project_create(
    *,
    call: AnnualCall,
    enterprise: Enterprise,
    by,
    title: str = "",
    government_funding=Decimal("0"),
    own_investment=Decimal("0"),
) -> Project:
    """Open an application (draft) for ``enterprise`` in ``call``: one per enterprise per call."""
    if not (by.is_bureau_admin or (by.is_enterprise_user and by.enterprise_id == enterprise.pk)):
        raise PermissionDenied("只有本企业用户可以创建申报书。")
    project = Project(
        call=call,
        enterprise=enterprise,
        district=enterprise.district,
        title=title.strip(),
        industry=enterprise.industry,
        government_funding=government_funding,
        own_investment=own_investment,
    )
    project.full_clean(exclude=["status"])  # protected FSM field: only transitions set it
    try:
        with transaction.atomic():
            project.save()
            Application.objects.create(
                project=project,
                contact_person=enterprise.contact_person,
                contact_phone=enterprise.contact_phone,
                contact_email=enterprise.contact_email,
            )
    except IntegrityError as exc:  # two clicks racing past full_clean
        raise ValidationError("该企业在本年度已有申报书，每个企业每年度只能申报一个项目。") from exc
    return project


def enterprise_create(*, by, uscc: str, uscc_exception_reason: str = "", **fields) -> Enterprise:
    """Register an enterprise. A USCC failing the GB 32100 check needs a bureau admin's recorded exception."""
    reason = (uscc_exception_reason or "").strip()
    if reason and not is_bureau.test(by):
        raise PermissionDenied("只有市知识产权局管理员可以登记统一社会信用代码校验例外。")
    enterprise = Enterprise(uscc=normalize_uscc(uscc), **fields)
    if reason:
        if not uscc_errors(enterprise.uscc):
            raise ValidationError({"uscc_exception_reason": "该统一社会信用代码校验通过，无需登记例外。"})
        enterprise.uscc_exception_reason = reason
        enterprise.uscc_exception_by = by
        enterprise.uscc_exception_at = timezone.now()
    enterprise.full_clean()
    try:
        with transaction.atomic():
            enterprise._change_reason = f"登记校验例外：{reason}" if reason else "登记企业"
            enterprise.save()
    except IntegrityError as exc:
        raise ValidationError({"uscc": "该统一社会信用代码已登记，同一企业不能重复登记。"}) from exc
    return enterprise


def enterprise_update_profile(*, enterprise, by, **changes) -> Enterprise:
    """The enterprise keeps its own profile (P/X flags with their evidence); the bureau may correct it. The USCC and
    the district are not changed here."""
    if not (is_bureau.test(by) or (by.is_enterprise_user and by.enterprise_id == enterprise.pk)):
        raise PermissionDenied("只有本企业用户或市知识产权局可以修改企业信息。")
    unknown = set(changes) - set(PROFILE_FIELDS)
    if unknown:
        raise ValidationError(f"不能在此修改：{'、'.join(sorted(unknown))}。")
    with transaction.atomic():
        locked = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
        for field, value in changes.items():
            setattr(locked, field, value)
        flagged = any(getattr(locked, f) for f in (*PRIORITY_FLAGS, *RELAXATION_FLAGS))
        if flagged and not locked.flags_evidence.strip():
            raise ValidationError(
                {"flags_evidence": ["勾选优先或放宽条件时，请填写认定依据（文件名称、文号或证书编号）。"]}
            )
        locked.full_clean()
        locked._change_reason = "修改企业信息"
        locked.save()
    enterprise.refresh_from_db()
    return enterprise


def enterprise_record_uscc_exception(*, enterprise: Enterprise, by, reason: str) -> Enterprise:
    """A bureau admin accepts a genuine early code that fails the check character (audited in history)."""
    if not is_bureau.test(by):
        raise PermissionDenied("只有市知识产权局管理员可以登记统一社会信用代码校验例外。")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"uscc_exception_reason": "请填写校验例外的原因。"})
    with transaction.atomic():
        locked = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
        locked.uscc_exception_reason = reason
        locked.uscc_exception_by = by
        locked.uscc_exception_at = timezone.now()
        locked._change_reason = f"登记校验例外：{reason}"
        locked.save()
    return locked
