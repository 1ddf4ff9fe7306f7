"""What the enterprise is told when its project changes state (an after-commit hook of the lifecycle funnel)."""

from django.contrib.contenttypes.models import ContentType
from django_fsm_log.models import StateLog

from activity.email import email_users
from common.formatting import zh_datetime

from .enums import Status
from .lifecycle.steps import STEPS
from .models import Project


def _status_label(value):
    return Status(value).label if value in Status.values else (value or "")


def status_change_message(*, log, project, recipient):
    """The Chinese subject and body of the e-mail that tells ``recipient`` about ``log`` (a StateLog row)."""
    new_label = _status_label(log.state)
    step = STEPS.get(log.transition)
    subject = f"【登峰】项目{project.number}状态变更：{new_label}"
    lines = [
        f"{recipient.name or recipient.username}，您好：",
        "",
        f"贵企业（{project.enterprise.name}）的苏州市企业知识产权登峰行动计划项目状态已变更。",
        "",
        f"项目编号：{project.number}",
        f"项目名称：{project.title or project}",
        f"原状态：{_status_label(log.source_state) or '—'}",
        f"新状态：{new_label}",
        f"办理事项：{step.label if step else log.transition}",
        f"意见：{(log.description or '').strip() or '无'}",
        f"时间：{zh_datetime(log.timestamp)}",
        "",
        "请登录登峰系统查看详情。本邮件由系统自动发送，请勿直接回复。",
        "",
        "苏州市知识产权局",
    ]
    return subject, "\n".join(lines)


def notify_status_change(statelog_id: int) -> int:
    """E-mail each active user of the project's enterprise who has an address about the state change recorded
    by StateLog ``statelog_id``. Returns the number of e-mails sent (0 if the row is gone)."""
    project_type = ContentType.objects.get_for_model(Project)
    log = StateLog.objects.filter(pk=statelog_id, content_type=project_type).first()
    if log is None:
        return 0
    project = Project.objects.select_related("call", "enterprise").filter(pk=log.object_id).first()
    if project is None:
        return 0
    sent = 0
    for user in project.enterprise.users.filter(is_active=True).exclude(email="").order_by("pk"):
        subject, body = status_change_message(log=log, project=project, recipient=user)
        sent += email_users([user], subject=subject, body=body)
    return sent
