from django.apps import AppConfig


class ActivityConfig(AppConfig):
    """One record of what happened and who must hear of it: the audit trail, the messenger, reminders."""

    name = "activity"
    verbose_name = "动态与审计"
