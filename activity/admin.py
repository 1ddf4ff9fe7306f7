"""The audit trail of state changes (django-fsm-log's StateLog), read-only, in Chinese."""

from django.apps import apps
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django_fsm_log.models import StateLog

from common.admin import ReadOnlyAdminMixin
from common.formatting import zh_datetime

from . import admin_axes
from .models import AuditEvent, Message, Reminder
from .registry import AUDITED, transition_choices, transition_label

# Chinese names for the package's model and app in the admin. Only ``_meta`` is relabelled, not the declared
# Meta options (``original_attrs``) or the fields, so migrations do not see a change.
StateLog._meta.verbose_name = "流程操作记录"
StateLog._meta.verbose_name_plural = "流程操作记录"
apps.get_app_config("django_fsm_log").verbose_name = "流程审计"


class ObjectTypeFilter(admin.SimpleListFilter):
    title = "对象类型"
    parameter_name = "type"

    def lookups(self, request, model_admin):
        used = StateLog.objects.order_by().values("content_type").distinct()
        return [
            (str(ct.pk), ct.model_class()._meta.verbose_name)
            for ct in ContentType.objects.filter(pk__in=used)
            if ct.model_class() is not None
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        if not value.isdigit():  # a hand-written ?type=abc: nothing matches (not a server error)
            return queryset.none()
        return queryset.filter(content_type_id=int(value))


class TransitionFilter(admin.SimpleListFilter):
    title = "操作"
    parameter_name = "transition"

    def lookups(self, request, model_admin):
        return transition_choices()

    def queryset(self, request, queryset):
        return queryset.filter(transition=self.value()) if self.value() else queryset


class StateLogAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("time", "subject", "operation", "source", "target", "actor", "comment")
    list_display_links = ("time",)
    list_filter = (ObjectTypeFilter, TransitionFilter)
    search_fields = ("description", "by__username", "by__name")
    date_hierarchy = "timestamp"
    fields = ("time", "subject", "operation", "source", "target", "actor", "comment")
    ordering = ("-timestamp", "-pk")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("by", "content_type")
            .prefetch_related(GenericPrefetch("content_object", [a.queryset for a in AUDITED.values()]))
        )

    @admin.display(description="时间", ordering="timestamp")
    def time(self, obj):
        return zh_datetime(obj.timestamp)

    @admin.display(description="对象")
    def subject(self, obj):
        target = obj.content_object
        if target is None:
            return f"{obj.content_type.name} #{obj.object_id}（已删除）"
        try:
            url = reverse(f"admin:{obj.content_type.app_label}_{obj.content_type.model}_change", args=[obj.object_id])
        except NoReverseMatch:
            return str(target)
        return format_html('<a href="{}">{}</a>', url, target)

    @admin.display(description="操作", ordering="transition")
    def operation(self, obj):
        return transition_label(obj.content_type.model_class(), obj.transition)

    @admin.display(description="原状态")
    def source(self, obj):
        if obj.source_state is None:
            return "—"
        return obj.get_source_state_display() if obj.content_type.model_class() else obj.source_state

    @admin.display(description="新状态")
    def target(self, obj):
        return obj.get_state_display() if obj.content_type.model_class() else obj.state

    @admin.display(description="操作人", ordering="by")
    def actor(self, obj):
        return obj.by or "系统"

    @admin.display(description="意见")
    def comment(self, obj):
        return obj.description or ""


if admin.site.is_registered(StateLog):  # django-fsm-log ships only an inline today; replace its admin if it adds one
    admin.site.unregister(StateLog)
admin.site.register(StateLog, StateLogAdmin)


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The audit log: read-only for everyone, the superuser included (the bureau reads it at /audit/ too)."""

    list_display = ("at", "kind", "user", "username", "target_repr", "detail", "ip_address")
    list_filter = ("kind",)
    search_fields = ("username", "target_repr", "detail", "path")
    date_hierarchy = "at"
    list_select_related = ("user",)


@admin.register(Message)
class MessageAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("created_at", "recipient", "kind", "subject", "read_at", "email_status", "email_attempts")
    list_filter = ("kind", "email_status")
    search_fields = ("subject", "recipient__username", "recipient__name")
    list_select_related = ("recipient",)
    date_hierarchy = "created_at"


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("sent_at", "user", "deadline", "due_on", "days_before")
    list_filter = ("deadline", "days_before")
    list_select_related = ("user",)


admin_axes.install()
