"""考评监测"""

from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = "考评监测"

    def ready(self):
        from accounts.rules import is_bureau, is_district_official, is_enterprise_user
        from common.navigation import MenuItem, register_menu
        from directory.models import District, Enterprise
        from projects.lifecycle.hooks import step_condition
        from projects.models import Project
        from projects.panels import MAIN, Panel, register_panel

        from . import notifications
        from .models import IndicatorRecord
        from .panels import evaluation_panel
        from .selectors import MONITORING_LISTS
        from .services import evaluation_required
        from .signals import indicators_imported

        notifications.register()
        MONITORING_LISTS.invalidated_by(Project, Enterprise, District, IndicatorRecord, signals=[indicators_imported])
        step_condition("close", evaluation_required)  # S7: no closing without the evaluation conclusion
        register_panel(Panel("evaluation", "monitoring/_evaluation_panel.html", evaluation_panel, MAIN, 60))
        register_menu(
            MenuItem(
                "考评监测",
                "monitoring:home",
                is_bureau | is_district_official | is_enterprise_user,
                order=60,
                group="考评监测",
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
                group="考评监测",
                active=(
                    "monitoring:recommendations",
                    "monitoring:recommendation_new",
                    "monitoring:recommendation_edit",
                ),
            )
        )
