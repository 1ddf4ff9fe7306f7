from django.apps import AppConfig


class CommonConfig(AppConfig):
    """Helpers with no domain: the table reader, Chinese formatting, form and admin mixins, /healthz/."""

    name = "common"
    verbose_name = "公共"

    def ready(self):
        import rules
        from django.core.signals import setting_changed

        from .links import forget_shapes

        setting_changed.connect(forget_shapes, dispatch_uid="common.links.forget_shapes")

        from .navigation import MenuItem, register_menu

        register_menu(MenuItem("管理后台", "admin:index", rules.is_staff, order=99, active=("admin:",), group="管理"))
