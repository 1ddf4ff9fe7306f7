from django.apps import AppConfig


class DashboardConfig(AppConfig):
    """Each role's home page (and, later, the bureau's city dashboard)."""

    name = "dashboard"
    verbose_name = "工作台"
