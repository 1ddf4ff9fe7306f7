from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    """Who is who: districts, industry chains, enterprises and their sign-up."""

    name = "directory"
    verbose_name = "单位名录"

    def ready(self):
        from activity.registry import register_audited

        from .models import RegistrationRequest

        register_audited(
            RegistrationRequest, transition_labels={"approve": "通过注册申请", "refuse": "不予通过注册申请"}
        )
