"""The messenger: an inbox message for every recipient, e-mail for those who want it, failures recorded and
retried with backoff, never an error for the user who acted."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse
from django.utils import timezone

from activity import messenger
from activity.delivery import MAX_EMAIL_ATTEMPTS, deliver_email
from activity.kinds import Kind, register_kind
from activity.messenger import notify, preferences_set
from activity.models import Message
from activity.tasks import deliver_due_emails
from projects.enums import Status
from tests import factories
from tests.lifecycle import walk

pytestmark = pytest.mark.django_db

KIND = "activity.deadline"  # a kind the activity room registers itself


def _context():
    return {"deadline": {"label": "测试截止"}, "what": "测试事项", "due_on": "2026年3月5日", "days": 3}


class DownBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("mail server down")


@pytest.fixture
def mail_down(settings):
    settings.EMAIL_BACKEND = f"{__name__}.DownBackend"


def test_every_recipient_gets_an_inbox_message_and_only_those_with_an_address_an_email(
    django_capture_on_commit_callbacks,
):
    with_address, without = factories.BureauFactory(email="a@example.com"), factories.BureauFactory(email="")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        notify(kind=KIND, recipients=[with_address, without, with_address], context=_context())
    statuses = dict(Message.objects.values_list("recipient__username", "email_status"))
    assert statuses == {with_address.username: Message.Email.SENT, without.username: Message.Email.NONE}
    assert [m.to for m in mail.outbox] == [["a@example.com"]]


def test_an_inactive_user_is_told_nothing():
    notify(kind=KIND, recipients=[factories.BureauFactory(is_active=False)], context=_context())
    assert Message.objects.count() == 0


def test_a_user_who_turned_email_off_for_a_kind_gets_the_inbox_message_only(django_capture_on_commit_callbacks):
    user = factories.BureauFactory(email="a@example.com")
    preferences_set(user=user, email_by_kind={KIND: False})
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        notify(kind=KIND, recipients=[user], context=_context())
    assert (Message.objects.get().email_status, mail.outbox) == (Message.Email.NONE, [])


def test_an_unregistered_kind_is_a_programming_error():
    with pytest.raises(LookupError):
        notify(kind="nobody.nothing", recipients=[factories.BureauFactory()])


def test_a_mail_server_that_is_down_records_the_failure_and_the_next_try(mail_down):
    user = factories.BureauFactory(email="a@example.com")
    [message] = notify(kind=KIND, recipients=[user], context=_context())
    with time_machine.travel(datetime.datetime(2026, 3, 5, 9, 0, tzinfo=datetime.UTC), tick=False):
        assert deliver_email(message.pk) == Message.Email.PENDING
    message.refresh_from_db()
    assert (message.email_attempts, message.email_error, message.email_next_attempt_at) == (
        1,
        "ConnectionRefusedError: mail server down",
        datetime.datetime(2026, 3, 5, 9, 1, tzinfo=datetime.UTC),
    )


def test_retries_back_off_and_stop_as_failed_after_the_last_attempt(mail_down):
    [message] = notify(kind=KIND, recipients=[factories.BureauFactory(email="a@example.com")], context=_context())
    waits = []
    for _ in range(MAX_EMAIL_ATTEMPTS):
        before = timezone.now()
        deliver_email(message.pk)
        message.refresh_from_db()
        if message.email_next_attempt_at:
            waits.append(round((message.email_next_attempt_at - before).total_seconds() / 60))
    assert waits == [1, 2, 4, 8, 16]
    assert (message.email_status, message.email_attempts, message.email_next_attempt_at) == (
        Message.Email.FAILED,
        MAX_EMAIL_ATTEMPTS,
        None,
    )


def test_the_sweep_sends_what_is_due_once_the_mail_server_is_back(mail_down, settings):
    [message] = notify(kind=KIND, recipients=[factories.BureauFactory(email="a@example.com")], context=_context())
    deliver_email(message.pk)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox.clear()
    assert deliver_due_emails() == 0  # not due yet: the backoff holds
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=2)):
        assert deliver_due_emails() == 1
    message.refresh_from_db()
    assert (message.email_status, len(mail.outbox)) == (Message.Email.SENT, 1)


def test_delivering_a_message_twice_sends_it_once():
    [message] = notify(kind=KIND, recipients=[factories.BureauFactory(email="a@example.com")], context=_context())
    mail.outbox.clear()
    assert [deliver_email(message.pk), deliver_email(message.pk)] == [Message.Email.SENT, "gone"]
    assert len(mail.outbox) == 1


def test_delivering_a_deleted_message_exits_cleanly():
    assert deliver_email(987654321) == "gone"


def test_a_person_without_an_account_can_be_emailed_by_address(django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        notify(kind=KIND, recipients=[], addresses=["applicant@example.com"], context=_context())
    assert ([m.to for m in mail.outbox], Message.objects.get().recipient) == ([["applicant@example.com"]], None)


# ---- the user's committed action never fails because of a notification (issue 9.3) ---------------------------
def _withdraw(client, project, user, capture):
    client.force_login(user)
    with capture(execute=True):
        return client.post(reverse("projects:act", args=[project.pk, "withdraw"]), follow=True)


def test_withdrawing_with_the_mail_server_down_succeeds_and_the_mail_waits(
    client, project, mail_down, django_capture_on_commit_callbacks
):
    actors = walk(project, ["submit"])
    actors.enterprise.email = "ent@example.com"
    actors.enterprise.save()
    response = _withdraw(client, project, actors.enterprise, django_capture_on_commit_callbacks)
    project.refresh_from_db()
    message = Message.objects.filter(recipient=actors.enterprise, kind="projects.status_changed").latest("pk")
    assert (response.status_code, project.status) == (200, Status.WITHDRAWN)
    assert "已完成“撤回申报”" in response.content.decode()
    assert (message.email_status, message.email_attempts) == (Message.Email.PENDING, 1)


def test_withdrawing_with_the_broker_down_succeeds_and_the_sweep_sends_later(
    client, project, monkeypatch, django_capture_on_commit_callbacks
):
    actors = walk(project, ["submit"])
    actors.enterprise.email = "ent@example.com"
    actors.enterprise.save()

    def broker_down(*args, **kwargs):
        from kombu.exceptions import OperationalError

        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    from activity.tasks import deliver_emails

    monkeypatch.setattr(deliver_emails, "delay", broker_down)
    response = _withdraw(client, project, actors.enterprise, django_capture_on_commit_callbacks)
    project.refresh_from_db()
    message = Message.objects.filter(recipient=actors.enterprise, kind="projects.status_changed").latest("pk")
    assert (response.status_code, project.status, message.email_status) == (200, Status.WITHDRAWN, "pending")
    mail.outbox.clear()
    assert deliver_due_emails() >= 1
    assert "ent@example.com" in [m.to[0] for m in mail.outbox]


def test_a_kind_registers_once_under_its_key():
    kind = register_kind(
        Kind("tests.kind", "测试", "activity/messages/deadline_subject.txt", "activity/messages/deadline.txt")
    )
    assert messenger.kind_of("tests.kind") is kind
