"""Sending a message's e-mail, and recording how it went: sent, or the failure and when to try again (backoff), or
failed for good after the last attempt. Never raises for a mail error."""

import datetime
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from .models import Message

logger = logging.getLogger(__name__)

MAX_EMAIL_ATTEMPTS = 6
FIRST_RETRY = datetime.timedelta(minutes=1)  # then 2, 4, 8, 16 minutes


def deliver_email(message_id) -> str:
    """Send one message's e-mail now; record success, or the failure and when to try again. Never raises for a
    mail error. Returns the message's e-mail status (or "gone")."""
    with transaction.atomic():
        message = (
            Message.objects.select_for_update(of=("self",))  # the recipient is an outer join (it may be none)
            .select_related("recipient")
            .filter(pk=message_id, email_status=Message.Email.PENDING)
            .first()
        )
        if message is None:  # sent meanwhile, turned off, failed for good, or deleted: nothing to do
            return "gone"
        recipient = message.recipient
        address = recipient.email if recipient is not None and recipient.is_active else message.email_address
        message.email_attempts += 1
        try:
            if not address:
                raise ValueError("收件人没有可用的电子邮箱。")
            send_mail(message.subject, message.body, settings.DEFAULT_FROM_EMAIL, [address])
        except Exception as exc:
            message.email_error = f"{type(exc).__name__}: {exc}"[:2000]
            if message.email_attempts >= MAX_EMAIL_ATTEMPTS:
                message.email_status = Message.Email.FAILED
                message.email_next_attempt_at = None
                logger.error("e-mail of message %s failed for good: %s", message.pk, message.email_error)
            else:
                message.email_next_attempt_at = timezone.now() + FIRST_RETRY * 2 ** (message.email_attempts - 1)
                logger.warning("e-mail of message %s failed (attempt %s): %s", message.pk, message.email_attempts, exc)
        else:
            message.email_status = Message.Email.SENT
            message.email_sent_at = timezone.now()
            message.email_next_attempt_at = None
            message.email_error = ""
        message.save(
            update_fields=["email_status", "email_attempts", "email_error", "email_next_attempt_at", "email_sent_at"]
        )
        return message.email_status


def due_email_ids(now=None) -> list[int]:
    now = now or timezone.now()
    return list(
        Message.objects.filter(email_status=Message.Email.PENDING, email_next_attempt_at__lte=now)
        .order_by("email_next_attempt_at", "pk")
        .values_list("pk", flat=True)[:500]
    )
