"""The site's admin (后台): Django's, with the programme's titles and no sidebar, and its list of models built only on
the pages that show it."""

from django.contrib import admin
from django.utils.functional import SimpleLazyObject


class AdminSite(admin.AdminSite):
    site_header = "登峰 · 苏州市企业知识产权登峰行动计划管理系统"
    site_title = "登峰管理后台"
    index_title = "数据管理"
    # No sidebar of every model on every admin page: it took a fifth of the project changelist's time and 25 of its
    # 55 KB (issue 10); the breadcrumbs and the index page lead to the other models.
    enable_nav_sidebar = False

    def get_app_list(self, request, app_label=None):
        """The models the user may reach, built when a page reads them: ``each_context`` asks for them on every
        page, but without the sidebar only the index shows them (on the project changelist they were a tenth of the
        page's time: forty-five models' permissions and URLs, issue 10)."""
        build = super().get_app_list
        return SimpleLazyObject(lambda: build(request, app_label))
