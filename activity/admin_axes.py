"""django-axes' records in the admin, read-only and in Chinese: login history and lockouts are audit rows that
no one deletes (the superuser included). A locked account is unlocked with the action “解除锁定”, which goes
through axes' own reset and is itself audited."""

from django.apps import apps
from django.contrib import admin, messages

from common.admin import ReadOnlyAdminMixin

from .audit import record
from .models import AuditEvent


def install():
    if not apps.is_installed("axes"):
        return
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from axes.utils import reset

    apps.get_app_config("axes").verbose_name = "登录安全"
    for model, name in (
        (AccessAttempt, "登录失败锁定记录"),
        (AccessLog, "登录日志"),
        (AccessFailureLog, "登录失败明细"),
    ):
        model._meta.verbose_name = name
        model._meta.verbose_name_plural = name
        if admin.site.is_registered(model):
            admin.site.unregister(model)

    class AccessAttemptAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
        list_display = ("attempt_time", "username", "ip_address", "failures_since_start", "path_info")
        search_fields = ("username", "ip_address")
        date_hierarchy = "attempt_time"
        actions = ["unlock"]
        exclude = ("get_data", "post_data")

        def has_change_permission(self, request, obj=None):
            # The changelist needs "change" for its action column; the form stays read-only (ReadOnlyAdminMixin's
            # fields) and nothing is saved: the only write is the unlock below.
            return obj is None and request.user.is_superuser

        @admin.action(description="解除锁定（允许该用户名从该地址重新登录）")
        def unlock(self, request, queryset):
            pairs = set(queryset.values_list("username", "ip_address"))
            for username, ip_address in pairs:
                reset(username=username, ip=ip_address)
                record(AuditEvent.Kind.UNLOCK, request=request, username=username, detail=f"解除 {ip_address} 的锁定")
            self.message_user(request, f"已解除{len(pairs)}个账号/地址的锁定。", messages.SUCCESS)

    class AccessLogAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
        list_display = ("attempt_time", "logout_time", "username", "ip_address", "path_info")
        search_fields = ("username", "ip_address")
        date_hierarchy = "attempt_time"

    class AccessFailureLogAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
        list_display = ("attempt_time", "username", "ip_address", "locked_out", "path_info")
        search_fields = ("username", "ip_address")
        date_hierarchy = "attempt_time"

    admin.site.register(AccessAttempt, AccessAttemptAdmin)
    admin.site.register(AccessLog, AccessLogAdmin)
    admin.site.register(AccessFailureLog, AccessFailureLogAdmin)
