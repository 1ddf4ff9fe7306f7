"""One record of what happened and who must hear of it.

- ``Message``: one notification to one user — in the inbox always, by e-mail when the user wants that kind by
  e-mail and has an address; the e-mail's delivery is recorded (attempts, error, next try) so that a failure is
  retried with backoff and never lost.
- ``Preference``: a user's choice of e-mail per kind of message (the inbox is always on).
- ``Reminder``: one reminder sent before a deadline — unique per (user, deadline, object, due day, offset), so a
  re-run, two beats or a retry never remind twice.
- ``AuditEvent``: an action that is not a state change (StateLog records those): logins, refusals, exports,
  downloads, edits, admin changes. Written once, never changed or deleted through the application.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone


class Message(models.Model):
    class Email(models.TextChoices):
        NONE = "none", "不发送"  # the user turned e-mail off for this kind, or has no address
        PENDING = "pending", "待发送"
        SENT = "sent", "已发送"
        FAILED = "failed", "发送失败"

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="接收人",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="messages",
        help_text="系统内的用户；没有账号的人（如未获通过的注册申请人）只收邮件，见“邮箱”。",
    )
    email_address = models.EmailField("邮箱", blank=True, help_text="没有账号的收件人的邮箱。")
    kind = models.CharField("消息类型", max_length=60)
    subject = models.CharField("标题", max_length=200)
    body = models.TextField("内容")
    url = models.CharField("链接", max_length=300, blank=True)
    target_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    created_at = models.DateTimeField("时间", default=timezone.now, db_index=True)
    read_at = models.DateTimeField("阅读时间", null=True, blank=True)
    email_status = models.CharField("邮件", max_length=10, choices=Email.choices, default=Email.NONE)
    email_attempts = models.PositiveSmallIntegerField("发送次数", default=0)
    email_error = models.TextField("发送错误", blank=True)
    email_next_attempt_at = models.DateTimeField("下次发送时间", null=True, blank=True)
    email_sent_at = models.DateTimeField("邮件发送时间", null=True, blank=True)

    class Meta:
        verbose_name = "消息"
        verbose_name_plural = "消息"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="message_has_a_recipient",
                condition=models.Q(recipient__isnull=False) | ~models.Q(email_address=""),
            )
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="message_unread"),
            models.Index(fields=["email_status", "email_next_attempt_at"], name="message_email_due"),
        ]

    def __str__(self):
        return self.subject

    @property
    def is_read(self):
        return self.read_at is not None


class Preference(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE, related_name="message_preferences"
    )
    kind = models.CharField("消息类型", max_length=60)
    email = models.BooleanField("邮件通知", default=True)

    class Meta:
        verbose_name = "消息设置"
        verbose_name_plural = "消息设置"
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_user_and_kind")]

    def __str__(self):
        return f"{self.user} {self.kind}"


class Reminder(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE, related_name="reminders"
    )
    deadline = models.CharField("截止事项", max_length=60)
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")
    due_on = models.DateField("截止日期")
    days_before = models.PositiveSmallIntegerField("提前天数")
    message = models.ForeignKey(Message, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    sent_at = models.DateTimeField("提醒时间", default=timezone.now)

    class Meta:
        verbose_name = "截止提醒"
        verbose_name_plural = "截止提醒"
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "deadline", "target_type", "target_id", "due_on", "days_before"],
                name="one_reminder_per_user_deadline_and_offset",
            )
        ]

    def __str__(self):
        return f"{self.user} {self.deadline} {self.due_on} 提前{self.days_before}天"


class AuditQuerySet(models.QuerySet):
    def delete(self):
        raise PermissionError("审计记录不能删除。")

    def update(self, **kwargs):
        raise PermissionError("审计记录不能修改。")


class AuditEvent(models.Model):
    class Kind(models.TextChoices):
        LOGIN = "login", "登录"
        LOGIN_FAILED = "login_failed", "登录失败"
        LOCKOUT = "lockout", "账号锁定"
        UNLOCK = "unlock", "解除锁定"
        LOGOUT = "logout", "退出登录"
        PERMISSION_DENIED = "permission_denied", "无权操作"
        NOT_VISIBLE = "not_visible", "访问无权查看的对象"
        EXPORT = "export", "导出"
        DOWNLOAD = "download", "下载文件"
        EDIT = "edit", "修改申报书"
        ADMIN_CHANGE = "admin_change", "后台修改"
        IMPORT = "import", "导入"
        MONEY = "money", "经费变动"

    at = models.DateTimeField("时间", default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    username = models.CharField("用户名", max_length=150, blank=True, help_text="登录失败时所填的用户名。")
    kind = models.CharField("类型", max_length=20, choices=Kind.choices, db_index=True)
    target_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    target_repr = models.CharField("对象", max_length=200, blank=True)
    detail = models.CharField("说明", max_length=500, blank=True)
    ip_address = models.GenericIPAddressField("IP地址", null=True, blank=True)
    path = models.CharField("页面", max_length=300, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = "操作审计"
        verbose_name_plural = "操作审计"
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.target_repr}".strip()

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("审计记录不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("审计记录不能删除。")
