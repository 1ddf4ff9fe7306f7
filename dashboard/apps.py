from django.apps import AppConfig


class DashboardConfig(AppConfig):
    """Each role's home page (and, later, the bureau's city dashboard)."""

    name = "dashboard"
    verbose_name = "工作台"

    def ready(self):
        import rules

        from common.navigation import MenuItem, register_menu

        register_menu(MenuItem("工作台", "home", rules.is_authenticated, order=0))
