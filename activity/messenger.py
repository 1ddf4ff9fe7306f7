"""The messenger: one function every service calls to tell people what happened.

``notify(kind=..., target=obj, recipients=[users], context={...}, url="...")`` renders the kind's subject and body
for each recipient and stores a ``Message`` (the inbox) in the caller's transaction, so that a message exists if
and only if the action committed. E-mail goes out after the commit through a Celery task (``activity.delivery``); a
failure is recorded on the message and retried with backoff by the periodic ``activity.deliver_due_emails`` — it
never turns the user's committed action into an error, whether the mail server or the broker is down.
"""

import logging

from celery import current_app
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from .kinds import kind_of
from .models import Message, Preference

logger = logging.getLogger(__name__)


def wants_email(user, kind) -> bool:
    if not user.email:
        return False
    choice = Preference.objects.filter(user=user, kind=kind.key).values_list("email", flat=True).first()
    return kind.email_by_default if choice is None else choice


def _render(kind, context, recipient):
    name = (recipient.name or recipient.get_username()) if recipient is not None else ""
    full = {**context, "recipient": recipient, "recipient_name": name}
    subject = " ".join(render_to_string(kind.subject_template, full).split())
    body = render_to_string(kind.body_template, full).strip()
    return subject[:200], body


def notify(*, kind, recipients, context=None, target=None, url="", addresses=()) -> list[Message]:
    """Tell ``recipients`` (users; inactive ones and repeats are skipped) about ``target`` with the kind's texts:
    an inbox message each, and an e-mail to those who want it. ``addresses``: e-mail only, for people without an
    account (e.g. a refused sign-up)."""
    spec = kind_of(kind)
    target_type = ContentType.objects.get_for_model(target) if target is not None else None
    now = timezone.now()
    messages, seen = [], set()

    def message(subject, body, **who):
        pending = who.pop("email")
        return Message(
            kind=spec.key,
            subject=subject,
            body=body,
            url=url,
            target_type=target_type,
            target_id=target.pk if target is not None else None,
            email_status=Message.Email.PENDING if pending else Message.Email.NONE,
            email_next_attempt_at=now if pending else None,
            **who,
        )

    for user in recipients:
        if user is None or user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        subject, body = _render(spec, context or {}, user)
        messages.append(message(subject, body, recipient=user, email=wants_email(user, spec)))
    for address in dict.fromkeys(a.strip() for a in addresses if a and a.strip()):
        subject, body = _render(spec, context or {}, None)
        messages.append(message(subject, body, email_address=address, email=True))
    created = Message.objects.bulk_create(messages)
    pending = [m.pk for m in created if m.email_status == Message.Email.PENDING]
    if pending:
        transaction.on_commit(lambda: _queue_emails(pending))
    return created


def deliver_emails_task():
    """The Celery task that sends e-mails (``activity.tasks.deliver_emails``), looked up by name: the task module
    imports the reminders, which import the messenger."""
    return current_app.tasks["activity.deliver_emails"]


def _queue_emails(message_ids):
    """After the commit: hand the e-mails to a worker. A broker that is down is logged; the sweeper sends later."""
    try:
        deliver_emails_task().delay(message_ids)
    except Exception:
        logger.exception("could not queue e-mail for messages %s; the periodic sweep will send them", message_ids)


def message_open(*, message, by) -> Message:
    """The recipient opens a message: it is read from now on."""
    if message.recipient_id != by.pk:
        raise PermissionError
    if message.read_at is None:
        Message.objects.filter(pk=message.pk, read_at__isnull=True).update(read_at=timezone.now())
        message.refresh_from_db(fields=["read_at"])
    return message


def messages_mark_all_read(*, user) -> int:
    return Message.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())


def preferences_set(*, user, email_by_kind: dict) -> None:
    """Save the user's e-mail choice per kind (unknown kinds are ignored)."""
    from .kinds import KINDS

    with transaction.atomic():
        for key, email in email_by_kind.items():
            if key in KINDS:
                Preference.objects.update_or_create(user=user, kind=key, defaults={"email": bool(email)})
