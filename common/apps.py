from django.apps import AppConfig


class CommonConfig(AppConfig):
    """Helpers with no domain: the table reader, Chinese formatting, form and admin mixins, /healthz/."""

    name = "common"
    verbose_name = "公共"
