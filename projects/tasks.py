"""Celery tasks of the projects app: thin, ids in, safe to run twice (they only send, never change state).

Fired after the state change has committed, from ``projects.services.project_transition``::

    transaction.on_commit(lambda: notify_project_status_change.delay(log_id))
"""

import datetime

from celery import shared_task
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.core.mail import send_mail
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django_fsm_log.models import StateLog

from .enums import Status
from .models import ExportJob, Project
from .workflow import STEPS


def _status_label(value):
    return Status(value).label if value in Status.values else (value or "")


def status_change_message(*, log, project, recipient):
    """The Chinese subject and body of the e-mail that tells ``recipient`` about ``log`` (a StateLog row)."""
    new_label = _status_label(log.state)
    step = STEPS.get(log.transition)
    when = date_format(timezone.localtime(log.timestamp), "Y年n月j日 H:i")
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
        f"时间：{when}",
        "",
        "请登录登峰系统查看详情。本邮件由系统自动发送，请勿直接回复。",
        "",
        "苏州市知识产权局",
    ]
    return subject, "\n".join(lines)


@shared_task(name="projects.notify_project_status_change", acks_late=True)
def notify_project_status_change(statelog_id: int) -> int:
    """E-mail each active user of the project's enterprise who has an address about the state change
    recorded by StateLog ``statelog_id``. Returns the number of e-mails sent (0 if the row is gone)."""
    project_type = ContentType.objects.get_for_model(Project)
    log = StateLog.objects.filter(pk=statelog_id, content_type=project_type).first()
    if log is None:
        return 0
    project = Project.objects.select_related("call", "enterprise").filter(pk=log.object_id).first()
    if project is None:
        return 0
    recipients = project.enterprise.users.filter(is_active=True).exclude(email="").order_by("pk")
    sent = 0
    for user in recipients:
        subject, body = status_change_message(log=log, project=project, recipient=user)
        sent += send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    return sent


EXPORT_KEEP_DAYS = 7
IMPORT_KEEP_HOURS = 24


@shared_task(name="projects.purge_old_files")
def purge_old_files() -> int:
    """Beat task: drop export jobs (and their xlsx) after a week and abandoned import uploads after a day.
    Returns how many files were removed; safe to run twice."""
    removed = 0
    cutoff = timezone.now() - datetime.timedelta(days=EXPORT_KEEP_DAYS)
    for job in ExportJob.objects.filter(created_at__lt=cutoff):
        if job.file:
            job.file.delete(save=False)
            removed += 1
        job.delete()
    stale = timezone.now() - datetime.timedelta(hours=IMPORT_KEEP_HOURS)
    if default_storage.exists("imports"):
        for folder in default_storage.listdir("imports")[0]:
            for name in default_storage.listdir(f"imports/{folder}")[1]:
                path = f"imports/{folder}/{name}"
                if default_storage.get_modified_time(path) < stale:
                    default_storage.delete(path)
                    removed += 1
    return removed
