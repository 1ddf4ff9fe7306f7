"""Deadline reminders. Each phase registers its deadlines (``register_deadline`` in its ``AppConfig.ready()``):
for a day, a deadline lists the users who still have work before it (``Pending``). ``remind_all`` — run daily by
the beat task ``activity.send_reminders`` — reminds each of them when the days left are one of the offsets of the
call (default 7, 3 and 1). A ``Reminder`` row, unique per (user, deadline, object, due day, offset), makes a re-run,
two beats at once or a retry remind no one twice; users who are done are not listed, so get nothing.
"""

import datetime
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils import timezone

from common.formatting import zh_date

from .messenger import notify
from .models import Reminder

logger = logging.getLogger(__name__)
REMINDER_KIND = "activity.deadline"


@dataclass(frozen=True)
class Pending:
    user: object
    target: object  # a model instance: the thing to be done (a project, a district's queue, a score sheet…)
    due_on: datetime.date
    offsets: tuple[int, ...]  # days before the due day on which to remind
    what: str  # the work in words, e.g. “2026年度申报书（草稿）”
    url: str = ""


@dataclass(frozen=True)
class Deadline:
    key: str  # e.g. "projects.application_close"
    label: str  # e.g. 申报截止
    pending: Callable[[datetime.date], Iterable[Pending]]


DEADLINES: dict[str, Deadline] = {}


def register_deadline(deadline: Deadline) -> Deadline:
    DEADLINES[deadline.key] = deadline
    return deadline


def remind(deadline: Deadline, item: Pending, today: datetime.date) -> bool:
    """Send one reminder unless it was sent already; True when sent now."""
    days = (item.due_on - today).days
    if days not in item.offsets:
        return False
    target_type = ContentType.objects.get_for_model(item.target)
    try:
        with transaction.atomic():
            reminder, created = Reminder.objects.get_or_create(
                user=item.user,
                deadline=deadline.key,
                target_type=target_type,
                target_id=item.target.pk,
                due_on=item.due_on,
                days_before=days,
            )
            if not created:
                return False
            [message] = notify(
                kind=REMINDER_KIND,
                recipients=[item.user],
                target=item.target,
                url=item.url,
                context={"deadline": deadline, "what": item.what, "due_on": zh_date(item.due_on), "days": days},
            ) or [None]
            reminder.message = message
            reminder.save(update_fields=["message"])
    except IntegrityError:  # another beat sent it a moment ago
        return False
    return True


def remind_all(today=None) -> int:
    """Remind everyone due today; returns how many reminders were sent. Safe to run any number of times."""
    today = today or timezone.localdate()
    sent = 0
    for deadline in DEADLINES.values():
        for item in deadline.pending(today):
            if item.due_on >= today and remind(deadline, item, today):
                sent += 1
    return sent
