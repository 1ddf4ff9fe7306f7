from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    """Who is who: districts, industry chains, enterprises and their sign-up."""

    name = "directory"
    verbose_name = "单位名录"

    def ready(self):
        from accounts.rules import is_bureau, is_district_official, is_enterprise_user
        from activity.registry import register_audited
        from common.navigation import MenuItem, register_menu

        from . import notifications
        from .models import RegistrationRequest

        notifications.register()

        register_audited(
            RegistrationRequest, transition_labels={"approve": "通过注册申请", "refuse": "不予通过注册申请"}
        )
        register_menu(MenuItem("企业信息", "directory:enterprise_profile", is_enterprise_user, order=15))
        register_menu(MenuItem("企业导入", "directory:enterprise_import", is_bureau, order=40, group="管理"))
        may_decide_registrations = is_bureau | is_district_official
        register_menu(
            MenuItem("企业注册审核", "directory:registration_queue", may_decide_registrations, order=45, group="管理")
        )
