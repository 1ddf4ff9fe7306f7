"""Use cases of the directory: enterprises (created, profile kept, USCC check exception) and the sign-up of their
accounts (request, then approval by an official of the enterprise's district or the bureau)."""

from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_fsm import can_proceed

from accounts.models import Role, User
from accounts.rules import is_bureau
from common.identifiers import normalize_uscc, uscc_errors

from . import notifications
from .models import PRIORITY_FLAGS, PROFILE_FIELDS, RELAXATION_FLAGS, Enterprise, RegistrationRequest
from .rules import may_review_registration


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


def registration_submit(
    *, uscc, enterprise_name, district, contact_person, contact_phone, contact_email, username, password
) -> RegistrationRequest:
    """An enterprise asks for an account. One account per USCC: refused if the enterprise already has an account
    or a request is already waiting. An enterprise that is in the directory without an account (e.g. imported in
    bulk by the bureau) is *claimed*: its district approves the claim like any sign-up (issue 9.11)."""
    uscc = normalize_uscc(uscc)
    enterprise_name = " ".join((enterprise_name or "").split())
    errors = {}
    existing = Enterprise.objects.filter(uscc=uscc).first() if not uscc_errors(uscc) else None
    if problems := uscc_errors(uscc):
        errors["uscc"] = problems
    elif existing is not None and existing.users.exists():
        errors["uscc"] = ["该统一社会信用代码已注册，请联系本企业已有账号的管理人员，或联系所在市、区主管部门。"]
    elif RegistrationRequest.objects.filter(uscc=uscc, status=RegistrationRequest.Status.PENDING).exists():
        errors["uscc"] = ["该统一社会信用代码已有待审核的注册申请，请等待所在市、区主管部门审核。"]
    elif existing is not None and existing.district_id != getattr(district, "pk", district):
        errors["district"] = [f"名录中该企业属于{existing.district}，请选择{existing.district}。"]
    if existing is None and enterprise_name and Enterprise.objects.filter(name=enterprise_name).exists():
        errors["enterprise_name"] = [
            "该企业名称已被其他统一社会信用代码的企业登记使用，请核对企业名称和统一社会信用代码。"
        ]
    if (
        User.objects.filter(username__iexact=username).exists()
        or RegistrationRequest.objects.filter(
            username__iexact=username, status=RegistrationRequest.Status.PENDING
        ).exists()
    ):
        errors["username"] = ["该用户名已被使用，请换一个。"]
    try:
        validate_password(password, User(username=username, email=contact_email))
    except ValidationError as exc:
        errors["password"] = exc.messages
    if errors:
        raise ValidationError(errors)
    request = RegistrationRequest(
        uscc=uscc,
        enterprise_name=enterprise_name,
        claimed=existing,
        district=district,
        contact_person=contact_person.strip(),
        contact_phone=contact_phone.strip(),
        contact_email=contact_email.strip(),
        username=username.strip(),
        password_hash=make_password(password),
    )
    request.full_clean(exclude=["status"])
    try:
        with transaction.atomic():
            request.save()
    except IntegrityError as exc:
        raise ValidationError({"uscc": ["该统一社会信用代码已有待审核的注册申请。"]}) from exc
    return request


def _locked_pending(request, by, verb):
    locked = RegistrationRequest.objects.select_for_update().get(pk=request.pk)
    if not may_review_registration.test(by, locked):
        raise PermissionDenied(f"只有企业所在市、区主管部门或市知识产权局可以{verb}该注册申请。")
    if not can_proceed(locked.approve):
        raise ValidationError(f"该注册申请已{locked.get_status_display()}，不能重复审核。页面可能已过期，请刷新。")
    return locked


def registration_approve(*, request, by, comment="") -> User:
    """Create the enterprise (or, for a claim, take the directory's record) and its account (all or nothing)."""
    with transaction.atomic():
        locked = _locked_pending(request, by, "审核")
        if locked.claimed_id is not None:
            enterprise = Enterprise.objects.select_for_update().get(pk=locked.claimed_id)
            if enterprise.users.exists():
                raise ValidationError(
                    "该企业已有账号，不能再次认领。请不予通过，并请申请人联系本企业已有账号的管理人员。"
                )
        else:
            enterprise = enterprise_create(
                by=by,
                uscc=locked.uscc,
                name=locked.enterprise_name,
                district=locked.district,
                contact_person=locked.contact_person,
                contact_phone=locked.contact_phone,
                contact_email=locked.contact_email,
            )
        if User.objects.filter(username__iexact=locked.username).exists():
            raise ValidationError("申请的登录用户名已被占用，请不予通过并请企业换用户名重新申请。")
        user = User(
            username=locked.username,
            password=locked.password_hash,
            role=Role.ENTERPRISE,
            enterprise=enterprise,
            name=locked.contact_person,
            phone=locked.contact_phone,
            email=locked.contact_email,
        )
        user.full_clean()
        user.save()
        locked.approve(by=by, description=comment or None)
        locked.decided_at = timezone.now()
        locked.decided_by = by
        locked.user = user
        locked.save()
        notifications.registration_approved(registration=locked, user=user)
    request.refresh_from_db()
    return user


def registration_refuse(*, request, by, reason) -> RegistrationRequest:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": ["不予通过时必须填写理由。"]})
    with transaction.atomic():
        locked = _locked_pending(request, by, "审核")
        locked.refuse(by=by, description=reason)
        locked.refusal_reason = reason
        locked.decided_at = timezone.now()
        locked.decided_by = by
        locked.save()
        notifications.registration_refused(registration=locked)
    request.refresh_from_db()
    return request
