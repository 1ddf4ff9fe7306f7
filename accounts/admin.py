"""Admin for users: role, district, enterprise; Chinese names for django-axes' records."""

from django.apps import apps
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserCreationForm

from .models import User

PERMISSION_ACTIONS = {"add": "添加", "change": "修改", "delete": "删除", "view": "查看"}


def permission_label(permission):
    """“申报与项目 | 企业 | 修改企业” instead of the English names Django stores for permissions."""
    model = permission.content_type.model_class()
    action = PERMISSION_ACTIONS.get(permission.codename.split("_", 1)[0])
    if model is None or action is None:
        return str(permission)
    app = apps.get_app_config(model._meta.app_label).verbose_name
    return f"{app} | {model._meta.verbose_name} | {action}{model._meta.verbose_name}"


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    # Every account signs in with a password: the plain creation form, without Django's "password-based
    # authentication" switch (whose help text has no Chinese translation).
    add_form = UserCreationForm
    add_form_template = "admin/accounts/user/add_form.html"
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("个人信息", {"fields": ("name", "phone", "email")}),
        ("角色与归属", {"fields": ("role", "district", "enterprise")}),
        ("权限", {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        ("重要日期", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "password1", "password2")}),
        ("个人信息", {"classes": ("wide",), "fields": ("name", "phone", "email")}),
        ("角色与归属", {"classes": ("wide",), "fields": ("role", "district", "enterprise")}),
    )
    list_display = ("username", "name", "role", "district", "enterprise", "is_staff", "is_active")
    list_filter = ("role", "district", "is_staff", "is_superuser", "is_active", "groups")
    search_fields = ("username", "name", "email", "phone")
    list_select_related = ("district", "enterprise")
    autocomplete_fields = ("enterprise",)
    ordering = ("username",)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name == "user_permissions":
            field.label_from_instance = permission_label
        return field
