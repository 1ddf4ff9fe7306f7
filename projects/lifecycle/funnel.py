"""The one funnel every lifecycle step goes through.

``project_transition`` checks access, locks the project's row (and its call's: rules that count the call's other
projects must not race), checks the state, the actor's permission and the rule conditions, fires the
django-fsm-2 transition, saves, lets django-fsm-log write the audit row (who, when, from, to, step, comment) in the
same transaction, runs the hooks other apps registered for the step, and schedules the after-commit work
(notifications). A stale page clicked twice gives one change and a clear Chinese message the second time.
"""

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django_fsm import ConcurrentTransition, can_proceed
from django_fsm_log.models import StateLog

from ..access import may_view_project
from . import hooks
from .conditions import unmet
from .steps import STEPS

logger = logging.getLogger(__name__)

STALE_PAGE = "页面可能已过期，请刷新后查看最新状态。"


def _step_or_refuse(name):
    step = STEPS.get(name)
    if step is None:
        raise ValidationError(f"未知的操作：{name}。")
    return step


def project_available_steps(*, project, user):
    """The steps ``user`` may take on ``project`` now, in workflow order (rule checks included)."""
    available = {t.name for t in project.get_available_user_status_transitions(user)}
    return [(name, step) for name, step in STEPS.items() if name in available]


def _run_after_commit(log_id):
    for hook in hooks.after_commit_hooks():
        try:
            hook(log_id)
        except Exception:  # a committed step never fails because of what follows it
            logger.exception("after-commit hook %s failed for StateLog %s", getattr(hook, "__name__", hook), log_id)


def project_transition(*, project, transition, by, comment="", data=None, system=False):
    """Fire step ``transition`` on ``project`` as user ``by``; ``data`` carries the step's extra inputs to the hooks.
    Returns ``project``, reloaded.

    ``system=True`` with ``by=None``: the system takes the step on its own (a periodic task, a public form); only
    steps declared ``@step(system=True)`` allow it, and the audit row names no user (shown as 系统).

    Raises ``PermissionDenied`` when ``by`` may not act, ``ValidationError`` (Chinese) when the state, a rule or a
    hook does not allow it. Nothing changes in either case.
    """
    step = _step_or_refuse(transition)
    comment = (comment or "").strip()
    if system and (by is not None or not step.system):
        raise PermissionDenied(f"“{step.label}”不能由系统自动办理。")
    if step.requires_comment and not comment:
        raise ValidationError({"comment": f"“{step.label}”必须填写理由或意见。"})
    model = type(project)
    try:
        with transaction.atomic():
            locked = model.objects.select_for_update().select_related("call", "enterprise").get(pk=project.pk)
            call_model = model._meta.get_field("call").related_model
            call_model.objects.select_for_update().only("pk").get(pk=locked.call_id)
            if not system and not may_view_project.test(by, locked):
                raise PermissionDenied("您无权查看或处理该项目。")
            method = getattr(locked, transition)
            if not can_proceed(method, check_conditions=False):
                raise ValidationError(
                    f"项目当前状态为“{locked.get_status_display()}”，不能执行“{step.label}”。{STALE_PAGE}"
                )
            meta = method._django_fsm
            if not system and not meta.has_transition_perm(locked, locked.status, by):
                raise PermissionDenied(f"您无权执行“{step.label}”。")
            reasons = unmet(meta.get_transition(locked.status).conditions, locked)
            if reasons:
                raise ValidationError(reasons)
            source = locked.status
            method(by=by, description=comment or None)
            locked.save()
            for hook in hooks.hooks_of(transition):
                hook(project=locked, by=by, data=data or {}, step=transition, comment=comment, source=source)
            log_id = StateLog.objects.for_(locked).order_by("-pk").values_list("pk", flat=True).first()
            transaction.on_commit(lambda: _run_after_commit(log_id))
    except ConcurrentTransition as exc:  # the row changed between our read and our write
        raise ValidationError(f"该项目刚刚已被他人处理。{STALE_PAGE}") from exc
    project.refresh_from_db()  # thread-safe (common.fsm): the caller's copy shows the new state
    return project


def project_act(*, project, transition, by, comment="", data=None):
    """The generic step form's entry: a step that has a page of its own (the formal review checklist) is refused
    here for its actor (others get the usual permission refusal from the funnel)."""
    step = _step_or_refuse(transition)
    if step.page and getattr(by, "role", None) == step.actor:
        raise ValidationError(f"“{step.label}”请在{step.page_title}页面{step.page_hint}后办理。")
    return project_transition(project=project, transition=transition, by=by, comment=comment, data=data)
