from django.apps import AppConfig


class DemoConfig(AppConfig):
    """seed_demo and its data: local and test settings only."""

    name = "demo"
    verbose_name = "演示数据"
