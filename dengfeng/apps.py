"""The project's own application configurations."""

from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class AdminConfig(DjangoAdminConfig):
    """``django.contrib.admin`` with the site of ``dengfeng.admin``."""

    default_site = "dengfeng.admin.AdminSite"
