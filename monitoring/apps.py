"""考评监测"""

from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = "考评监测"

    def ready(self):
        from accounts.rules import is_bureau, is_district_official, is_enterprise_user
        from common.navigation import MenuItem, register_menu
        from projects.lifecycle.hooks import step_condition
        from projects.panels import MAIN, Panel, register_panel

        from . import notifications
        from .panels import evaluation_panel
        from .services import evaluation_required

        notifications.register()
        step_condition("close", evaluation_required)  # S7: no closing without the evaluation conclusion
        register_panel(Panel("evaluation", "monitoring/_evaluation_panel.html", evaluation_panel, MAIN, 60))
        register_menu(
            MenuItem(
                "考评监测",
                "monitoring:home",
                is_bureau | is_district_official | is_enterprise_user,
                order=60,
                active=(
                    "monitoring:home",
                    "monitoring:enterprise",
                    "monitoring:record_new",
                    "monitoring:record_edit",
                    "monitoring:import",
                ),
            )
        )
        register_menu(
            MenuItem(
                "推荐申报",
                "monitoring:recommendations",
                is_bureau,
                order=61,
                active=(
                    "monitoring:recommendations",
                    "monitoring:recommendation_new",
                    "monitoring:recommendation_edit",
                ),
            )
        )
