"""E-mail through Django's mail backend (console in the demo, SMTP from ``EMAIL_URL`` in production)."""

from django.conf import settings
from django.core.mail import send_mail


def email_users(users, *, subject, body) -> int:
    """Send the same Chinese message to each user that has an address; returns how many were sent."""
    sent = 0
    for user in users:
        if user.email:
            sent += send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    return sent
