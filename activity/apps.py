from django.apps import AppConfig


class ActivityConfig(AppConfig):
    """One record of what happened and who must hear of it: the audit trail, the messenger, reminders."""

    name = "activity"
    verbose_name = "动态与审计"

    def ready(self):
        from common.navigation import MenuItem, register_menu

        from . import signals, tasks  # noqa: F401 - the tasks are looked up by name (the messenger's e-mails)
        from .deadlines import REMINDER_KIND
        from .kinds import Kind, register_kind
        from .rules import may_read_audit

        signals.connect()
        register_kind(
            Kind(
                REMINDER_KIND,
                "截止日期提醒",
                "activity/messages/deadline_subject.txt",
                "activity/messages/deadline.txt",
            )
        )
        register_menu(MenuItem("操作审计", "activity:audit", may_read_audit, order=90, group="管理"))
