"""Celery tasks of the activity room: ids in, idempotent, never raising for a mail error."""

from celery import shared_task

from .delivery import deliver_email, due_email_ids


@shared_task(name="activity.deliver_emails", acks_late=True)
def deliver_emails(message_ids: list[int]) -> dict:
    """Send the e-mails of these messages (each recorded as sent, or failed with its next try)."""
    outcome = {}
    for message_id in message_ids:
        outcome[message_id] = deliver_email(message_id)
    return outcome


@shared_task(name="activity.deliver_due_emails")
def deliver_due_emails() -> int:
    """Beat task: send what is pending and due (first tries whose queueing failed, retries after backoff)."""
    ids = due_email_ids()
    for message_id in ids:
        deliver_email(message_id)
    return len(ids)


@shared_task(name="activity.send_reminders")
def send_reminders() -> int:
    """Beat task: remind each user who still has work before a registered deadline, at the call's offsets."""
    from .deadlines import remind_all

    return remind_all()
