from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "notices"
    verbose_name = "公示与审定"

    def ready(self):
        from accounts.rules import is_bureau
        from activity.kinds import Kind, register_kind
        from common.navigation import MenuItem, register_menu
        from projects.lifecycle.hooks import on_step
        from projects.panels import SIDE, Panel, register_panel

        from .panels import SELECT_RELATED, notice_panel
        from .services import OBJECTION_OUTCOME, OBJECTION_RECEIVED, notice_close_check, notice_entry_add

        on_step("publish_notice")(notice_entry_add)  # the expert review's selection → the call's draft notice
        on_step("close_notice")(notice_close_check)  # R3: not before the period ends, not with an objection open
        register_kind(
            Kind(
                OBJECTION_RECEIVED,
                "收到公示异议",
                "notices/messages/objection_received_subject.txt",
                "notices/messages/objection_received.txt",
            )
        )
        register_kind(
            Kind(
                OBJECTION_OUTCOME,
                "异议核查结果（告知异议人）",
                "notices/messages/objection_outcome_subject.txt",
                "notices/messages/objection_outcome.txt",
            )
        )
        register_panel(
            Panel("notice", "notices/_notice_panel.html", notice_panel, SIDE, 30, select_related=SELECT_RELATED)
        )
        register_menu(MenuItem("公示与审定", "notices:notices", is_bureau, order=22, active=("notices:",)))
