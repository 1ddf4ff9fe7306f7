"""The expert pool (专家库): the bureau adds experts one by one (an account with the expert role and its profile),
edits them, takes them out of the pool (no new assignments; their sheets stay). The bulk import is in
``reviews.interfaces.expert_import``."""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from accounts.models import Role, User
from accounts.rules import is_bureau

from .models import ExpertProfile

PROFILE_FIELDS = ("organisation", "title", "avoid_organisations", "is_active", "note")
USER_FIELDS = ("name", "phone", "email")


def _refuse_unless_bureau(by):
    if not is_bureau.test(by):
        raise PermissionDenied("只有市知识产权局可以维护专家库。")


def _clean_text(value):
    return " ".join(str(value or "").split())


def expert_create(*, by, username, password, name, organisation, expertise=(), **fields) -> ExpertProfile:
    """A new expert: its account (role expert, the initial password) and its profile, all or nothing."""
    _refuse_unless_bureau(by)
    username = (username or "").strip()
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": ["该登录用户名已被使用，请换一个。"]})
    user = User(
        username=username,
        role=Role.EXPERT,
        name=_clean_text(name),
        phone=_clean_text(fields.pop("phone", "")),
        email=(fields.pop("email", "") or "").strip(),
    )
    try:
        validate_password(password or "", user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from exc
    user.set_password(password)
    if not user.name:
        raise ValidationError({"name": ["请填写专家姓名。"]})
    profile = ExpertProfile(organisation=_clean_text(organisation), **_profile_fields(fields))
    with transaction.atomic():
        user.full_clean()
        user.save()
        profile.user = user
        _save_profile(profile)
        profile.expertise.set(expertise)
    return profile


def _profile_fields(fields):
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"unknown expert fields: {sorted(unknown)}")
    values = dict(fields)
    if "title" in values:
        values["title"] = _clean_text(values["title"])
    return values


def _save_profile(profile):
    if not profile.organisation:
        raise ValidationError({"organisation": ["请填写工作单位。"]})
    profile.full_clean()
    profile.save()


def expert_update(*, profile, by, expertise=None, **fields) -> ExpertProfile:
    """Change an expert's account data and profile; taking it out of the pool stops new assignments only."""
    _refuse_unless_bureau(by)
    with transaction.atomic():
        locked = ExpertProfile.objects.select_for_update().select_related("user").get(pk=profile.pk)
        user = locked.user
        for name in USER_FIELDS:
            if name in fields:
                setattr(
                    user, name, _clean_text(fields.pop(name)) if name != "email" else (fields.pop(name) or "").strip()
                )
        if not user.name:
            raise ValidationError({"name": ["请填写专家姓名。"]})
        for name, value in _profile_fields(fields).items():
            setattr(locked, name, _clean_text(value) if name == "organisation" else value)
        user.full_clean()
        user.save()
        _save_profile(locked)
        if expertise is not None:
            locked.expertise.set(expertise)
    return locked
