"""Audit receivers: logins, log-outs, failed logins, lockouts (django-axes) and changes made in the admin."""

from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_save

from .audit import record
from .models import AuditEvent

ADMIN_ACTIONS = {ADDITION: "新增", CHANGE: "修改", DELETION: "删除"}


def on_login(sender, request, user, **kwargs):
    record(AuditEvent.Kind.LOGIN, user=user, request=request)


def on_logout(sender, request, user, **kwargs):
    if user is not None:
        record(AuditEvent.Kind.LOGOUT, user=user, request=request)


def on_login_failed(sender, credentials, request=None, **kwargs):
    record(AuditEvent.Kind.LOGIN_FAILED, request=request, username=str(credentials.get("username", "")))


def on_locked_out(sender, request, username, ip_address, **kwargs):
    record(AuditEvent.Kind.LOCKOUT, request=request, username=username or "", detail=f"来自 {ip_address}")


def on_admin_log(sender, instance, created, **kwargs):
    if not created:
        return
    action = ADMIN_ACTIONS.get(instance.action_flag, "操作")
    record(
        AuditEvent.Kind.ADMIN_CHANGE,
        user=instance.user,
        detail=f"{action}{instance.content_type.name if instance.content_type else ''}：{instance.object_repr}"
        + (f"（{instance.get_change_message()}）" if instance.change_message else ""),
    )


def connect():
    user_logged_in.connect(on_login, dispatch_uid="activity.login")
    user_logged_out.connect(on_logout, dispatch_uid="activity.logout")
    user_login_failed.connect(on_login_failed, dispatch_uid="activity.login_failed")
    post_save.connect(on_admin_log, sender=LogEntry, dispatch_uid="activity.admin_log")
    try:
        from axes.signals import user_locked_out
    except ImportError:  # axes not installed
        return
    user_locked_out.connect(on_locked_out, dispatch_uid="activity.locked_out")
