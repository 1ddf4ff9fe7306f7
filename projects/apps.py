from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = "申报与项目"

    def ready(self):
        import rules

        from activity.deadlines import register_deadline
        from activity.registry import register_audited
        from common.navigation import MenuItem, register_menu
        from directory.models import District, Enterprise, IndustryChain
        from documents.kinds import register_document
        from documents.registry import register_exporter

        from . import (
            notifications,
            services,  # noqa: F401 - registers the submission hook (the snapshot is frozen on submit)
        )
        from .choices import FILTER_CHOICES
        from .counts import COUNTS
        from .deadlines import APPLICATION_CLOSE
        from .interfaces.project_export import PROJECT_EXPORTER
        from .lifecycle.hooks import ANY_STEP, on_step
        from .lifecycle.steps import STEPS
        from .models import AnnualCall, Project
        from .pdf import application_document_kind
        from .selectors import PROJECT_LISTS

        COUNTS.invalidated_by(Project)  # the cached counts go stale with any project's change
        PROJECT_LISTS.invalidated_by(Project, Enterprise, District, IndustryChain, AnnualCall)
        FILTER_CHOICES.invalidated_by(District, IndustryChain, AnnualCall)
        register_document(application_document_kind())
        notifications.register()
        on_step(ANY_STEP)(notifications.notify_step)
        register_deadline(APPLICATION_CLOSE)
        register_exporter(PROJECT_EXPORTER)
        register_audited(
            Project,
            queryset=Project.objects.select_related("call", "enterprise"),
            transition_labels={name: step.label for name, step in STEPS.items()},
        )
        register_menu(MenuItem("项目", "projects:list", rules.is_authenticated, order=10, active=("projects:",)))
