from django.apps import AppConfig


class ChecksConfig(AppConfig):
    name = "checks"
    verbose_name = "中期检查与验收"

    def ready(self):
        from accounts.rules import is_bureau, is_district_official
        from activity.deadlines import register_deadline
        from common.navigation import MenuItem, register_menu
        from projects.lifecycle.hooks import on_step
        from projects.panels import MAIN, Panel, register_panel

        from .deadlines import ACCEPTANCE, MIDTERM_REPORT, RECTIFICATION
        from .panels import checks_panel
        from .services import record_assessment, record_midterm_decision, record_sent

        on_step("submit_midterm_report", "resubmit_midterm_report", "request_acceptance", "resubmit_acceptance")(
            record_sent
        )
        on_step("continue_project", "order_rectification", "suspend")(record_midterm_decision)
        on_step("accept", "fail_acceptance")(record_assessment)
        register_deadline(MIDTERM_REPORT)
        register_deadline(RECTIFICATION)
        register_deadline(ACCEPTANCE)
        register_panel(Panel("checks", "checks/_checks_panel.html", checks_panel, MAIN, 30))
        checks_pages = (
            "checks:bureau_midterm",
            "checks:bureau_acceptance",
            "checks:district",
            "checks:midterm",
            "checks:acceptance",
            "checks:windup",
            "checks:lists",
        )
        register_menu(MenuItem("中期检查与验收", "checks:bureau_midterm", is_bureau, order=30, active=checks_pages))
        register_menu(
            MenuItem("中期检查与验收", "checks:district", is_district_official, order=30, active=checks_pages)
        )
