from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = "申报与项目"

    def ready(self):
        from activity.registry import register_audited
        from documents.registry import register_exporter

        from . import services  # noqa: F401 - registers the submission hook (the snapshot is frozen on submit)
        from .interfaces.project_export import PROJECT_EXPORTER
        from .lifecycle.hooks import after_commit
        from .lifecycle.steps import STEPS
        from .models import Project
        from .tasks import schedule_status_notification

        after_commit(schedule_status_notification)
        register_exporter(PROJECT_EXPORTER)
        register_audited(
            Project,
            queryset=Project.objects.select_related("call", "enterprise"),
            transition_labels={name: step.label for name, step in STEPS.items()},
        )
