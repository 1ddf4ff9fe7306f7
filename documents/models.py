import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from common.formatting import zh_datetime

from .registry import EXPORTERS


def export_path(instance, filename):
    return f"exports/{instance.user_id}/{uuid.uuid4().hex}.xlsx"


class ExportJob(models.Model):
    """An Excel export of a filtered list, built by a Celery task; downloadable only by the user who asked.

    ``kind`` names the exporter a higher app registered (``documents.exports.register``); ``params`` are the list's
    filters, cleaned by that exporter."""

    class Status(models.TextChoices):
        PENDING = "pending", "排队中"
        RUNNING = "running", "生成中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="申请人", on_delete=models.CASCADE, related_name="export_jobs"
    )
    kind = models.CharField("导出内容", max_length=40, default="projects")
    params = models.JSONField("筛选条件", default=dict, blank=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PENDING)
    total = models.PositiveIntegerField("总行数", default=0)
    done_rows = models.PositiveIntegerField("已完成行数", default=0)
    file = models.FileField("文件", upload_to=export_path, blank=True, max_length=200)
    error = models.TextField("错误信息", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "导出任务"
        verbose_name_plural = "导出任务"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.user} {zh_datetime(self.created_at)} 导出"

    @property
    def progress(self):
        """0–100."""
        if self.status == self.Status.DONE:
            return 100
        return int(self.done_rows * 100 / self.total) if self.total else 0

    @property
    def filename(self):
        """e.g. 登峰项目清单_202612011930.xlsx, in Suzhou time."""
        title = EXPORTERS[self.kind].title if self.kind in EXPORTERS else "导出"
        return f"登峰{title}_{timezone.localtime(self.created_at):%Y%m%d%H%M}.xlsx"


def document_path(instance, filename):
    return f"documents/{instance.kind.replace('.', '/')}/{uuid.uuid4().hex}.pdf"


class GeneratedDocument(models.Model):
    """A PDF rendered by the documents engine (a Celery task) and kept in storage: its kind, the object it is
    about, a version per change of the data behind it, the file's checksum, and where it stands."""

    class Status(models.TextChoices):
        PENDING = "pending", "生成中"
        READY = "ready", "已生成"
        FAILED = "failed", "生成失败"

    kind = models.CharField("文档类型", max_length=60)
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")
    version = models.PositiveIntegerField("版本", default=1)
    data_hash = models.CharField("内容摘要", max_length=64, help_text="文档所依据数据的SHA-256；数据变化时重新生成。")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PENDING)
    file = models.FileField("文件", upload_to=document_path, blank=True, max_length=200)
    checksum = models.CharField("文件SHA-256", max_length=64, blank=True)
    size = models.PositiveBigIntegerField("大小（字节）", default=0)
    attempts = models.PositiveSmallIntegerField("生成次数", default=0)
    error = models.TextField("错误信息", blank=True)
    next_attempt_at = models.DateTimeField("下次生成时间", null=True, blank=True)
    requested_at = models.DateTimeField("请求时间", default=timezone.now)
    rendered_at = models.DateTimeField("生成时间", null=True, blank=True)

    class Meta:
        verbose_name = "生成的文档"
        verbose_name_plural = "生成的文档"
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "target_type", "target_id", "version"], name="one_document_per_kind_target_version"
            )
        ]
        indexes = [
            models.Index(fields=["kind", "target_type", "target_id"], name="document_of_target"),
            models.Index(fields=["status", "next_attempt_at"], name="document_due"),
        ]

    def __str__(self):
        return f"{self.kind} #{self.target_id} 第{self.version}版"

    @property
    def is_ready(self):
        return self.status == self.Status.READY and bool(self.file)
