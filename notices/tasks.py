"""Celery tasks of the notices room: thin, idempotent."""

from celery import shared_task


@shared_task(name="notices.close_due")
def close_due() -> dict:
    """Beat task (every 15 minutes): applications whose notice period has ended with no objection open move on to
    报市政府审定, the system as actor; running it twice changes nothing."""
    from .services import notices_close_due

    return notices_close_due()
