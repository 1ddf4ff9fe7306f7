"""The e-mail to an enterprise's users when its project changes state (projects.tasks, eager Celery, locmem)."""

import pytest
from django.core import mail
from django_fsm_log.models import StateLog

from projects.lifecycle.funnel import project_transition
from projects.tasks import notify_project_status_change
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def returned(project, district_official):
    """``project`` submitted by its enterprise and returned by its district with a comment; the last log row."""
    submitter = factories.EnterpriseUserFactory(enterprise=project.enterprise, email="")
    project_transition(project=project, transition="submit", by=submitter)
    project_transition(
        project=project, transition="return_for_correction", by=district_official, comment="请补充研发机构证明。"
    )
    return StateLog.objects.for_(project).get(transition="return_for_correction")


def test_each_active_enterprise_user_with_an_address_gets_one_email(project, returned):
    factories.EnterpriseUserFactory(enterprise=project.enterprise, email="b@example.com")
    factories.EnterpriseUserFactory(enterprise=project.enterprise, email="a@example.com")
    factories.EnterpriseUserFactory(enterprise=project.enterprise, email="gone@example.com", is_active=False)
    factories.EnterpriseUserFactory(email="other@example.com")  # another enterprise
    mail.outbox.clear()

    sent = notify_project_status_change.delay(returned.pk).get()

    assert sent == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.com", "b@example.com"]


def test_email_subject_names_project_number_and_new_status(project, returned):
    factories.EnterpriseUserFactory(enterprise=project.enterprise, email="a@example.com")
    mail.outbox.clear()

    notify_project_status_change.delay(returned.pk)

    assert mail.outbox[0].subject == f"【登峰】项目{project.number}状态变更：退回修改"


def test_email_body_gives_number_new_status_step_and_comment(project, returned):
    user = factories.EnterpriseUserFactory(enterprise=project.enterprise, email="a@example.com", name="王五")
    mail.outbox.clear()

    notify_project_status_change.delay(returned.pk)

    lines = mail.outbox[0].body.splitlines()
    assert lines[0] == f"{user.name}，您好："
    assert [line for line in lines if line.startswith(("项目编号", "原状态", "新状态", "办理事项", "意见"))] == [
        f"项目编号：{project.number}",
        "原状态：待形式审查",
        "新状态：退回修改",
        "办理事项：退回修改",
        "意见：请补充研发机构证明。",
    ]


def test_email_says_no_comment_when_the_step_had_none(project):
    user = factories.EnterpriseUserFactory(enterprise=project.enterprise, email="a@example.com")
    project_transition(project=project, transition="submit", by=user)
    mail.outbox.clear()

    notify_project_status_change.delay(StateLog.objects.for_(project).get(transition="submit").pk)

    assert "意见：无" in mail.outbox[0].body.splitlines()


def test_email_comes_from_the_default_sender(project, returned, settings):
    settings.DEFAULT_FROM_EMAIL = "dengfeng@ipo.suzhou.example"
    factories.EnterpriseUserFactory(enterprise=project.enterprise, email="a@example.com")
    mail.outbox.clear()

    notify_project_status_change.delay(returned.pk)

    assert mail.outbox[0].from_email == "dengfeng@ipo.suzhou.example"


def test_missing_log_row_sends_nothing():
    mail.outbox.clear()

    assert notify_project_status_change.delay(987654321).get() == 0
    assert mail.outbox == []


def test_task_changes_nothing_so_running_it_twice_only_sends_twice(project, returned):
    factories.EnterpriseUserFactory(enterprise=project.enterprise, email="a@example.com")
    mail.outbox.clear()

    notify_project_status_change.delay(returned.pk)
    notify_project_status_change.delay(returned.pk)

    project.refresh_from_db()
    assert (project.status, StateLog.objects.for_(project).count(), len(mail.outbox)) == ("returned", 2, 2)
