"""The audit log's export (操作审计, xlsx). The activity room sits below the documents engine, so its exporter is
declared here, on top of ``activity.selectors`` (the bureau only, the page's own filters)."""

from activity.forms import AuditFilterForm
from activity.models import AuditEvent
from activity.rules import may_read_audit
from activity.selectors import audit_events

from .registry import Exporter
from .xlsx import Column, Kind

KINDS = dict(AuditEvent.Kind.choices)
FIELDS = ("q", "type", "since", "until")


def clean_params(lists) -> dict:
    raw = {key: values[-1] for key, values in lists.items() if key in FIELDS and values and values[-1]}
    form = AuditFilterForm(raw)
    form.is_valid()
    return {key: value for key, value in raw.items() if key not in form.errors}


def queryset(user, params):
    if not may_read_audit.test(user):
        return AuditEvent.objects.none()
    form = AuditFilterForm(params)
    filters = {k: v for k, v in form.cleaned_data.items() if v} if form.is_valid() else {}
    return audit_events(**filters)


def describe(params) -> list[str]:
    labels = {"q": "关键词", "type": "类型", "since": "起始日期", "until": "截止日期"}
    return [f"{labels[k]}：{KINDS.get(v, v) if k == 'type' else v}" for k, v in params.items() if k in labels]


AUDIT_EXPORTER = Exporter(
    kind="audit",
    title="操作审计",
    clean_params=clean_params,
    queryset=queryset,
    columns=[
        Column("时间", "at", Kind.DATETIME),
        Column("类型", lambda event: KINDS.get(event.kind, event.kind)),
        Column("用户", lambda event: (event.user.name or event.user.username) if event.user else ""),
        Column("用户名", "username"),
        Column("对象", "target_repr"),
        Column("说明", "detail"),
        Column("IP地址", lambda event: event.ip_address or ""),
        Column("页面", "path"),
    ],
    describe_params=describe,
)
