"""Who is told of a lifecycle step, and with which kind of message (the messenger, ``activity.messenger``).

Every step is told to the project's enterprise (``projects.status_changed``) unless a phase registered its own
notices for it (``register_step_notices`` in its ``AppConfig.ready()``): reviews tells the enterprise of a return,
a recommendation, a refusal, the screening result; phase 1 tells the district of a submission. The messages are
written inside the step's transaction (they exist if and only if the step committed); their e-mails go out after
the commit and are retried when the mail server or the broker is down.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from activity.kinds import Kind, register_kind
from activity.messenger import notify

from .enums import Status
from .lifecycle.steps import STEPS

STATUS_CHANGED = "projects.status_changed"
SUBMITTED = "projects.submitted"


def enterprise_users(project):
    return list(project.enterprise.users.filter(is_active=True).order_by("pk"))


def bureau_staff(project):
    return list(User.objects.filter(role=Role.BUREAU, is_active=True).order_by("pk"))


def district_officials(project):
    return list(User.objects.filter(role=Role.DISTRICT, district_id=project.district_id, is_active=True).order_by("pk"))


@dataclass(frozen=True)
class Notice:
    kind: str
    audience: Callable  # (project) -> users


DEFAULT_NOTICES = (Notice(STATUS_CHANGED, enterprise_users),)
STEP_NOTICES: dict[str, tuple[Notice, ...]] = {}


def register_step_notices(step: str, *notices: Notice) -> None:
    STEP_NOTICES[step] = tuple(notices)


def step_kind(key, label, subject_template, body_template="projects/messages/step.txt") -> Kind:
    return register_kind(Kind(key, label, subject_template, body_template))


def notify_step(*, project, by, step, comment="", source="", **_):
    """Hook of every step (``ANY_STEP``): tell each audience of the step's notices."""
    context = {
        "project": project,
        "step": STEPS[step],
        "comment": comment,
        "by": by,
        "status_label": project.get_status_display(),
        "source_label": Status(source).label if source in Status.values else "",
        "at": timezone.now(),
    }
    url = reverse("projects:detail", args=[project.pk])
    for notice in STEP_NOTICES.get(step, DEFAULT_NOTICES):
        notify(kind=notice.kind, recipients=notice.audience(project), target=project, url=url, context=context)


def register():
    step_kind(STATUS_CHANGED, "项目状态变更", "projects/messages/status_changed_subject.txt")
    step_kind(SUBMITTED, "申报书提交（待形式审查）", "projects/messages/submitted_subject.txt")
    for name in ("submit", "resubmit"):
        register_step_notices(name, Notice(SUBMITTED, district_officials), Notice(STATUS_CHANGED, enterprise_users))
