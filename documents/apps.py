from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    """The PDF engine, generated files, and the export jobs (Celery)."""

    name = "documents"
    verbose_name = "文档与导出"

    def ready(self):
        from . import generation  # noqa: F401 - the render tasks
        from .audit_export import AUDIT_EXPORTER
        from .registry import register_exporter

        register_exporter(AUDIT_EXPORTER)
