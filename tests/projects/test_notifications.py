"""Who is told of a lifecycle step (projects.notifications through the messenger; eager Celery, locmem mail)."""

import pytest
from django.core import mail

from activity.models import Message
from projects.lifecycle.funnel import project_transition
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def returned(project, district_official, django_capture_on_commit_callbacks):
    """``project`` submitted by its enterprise and returned by its district with a comment, mails sent."""
    submitter = factories.EnterpriseUserFactory(enterprise=project.enterprise, email="")
    project_transition(project=project, transition="submit", by=submitter)

    def return_it():
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            project_transition(
                project=project,
                transition="return_for_correction",
                by=district_official,
                comment="请补充研发机构证明。",
            )

    return return_it


def test_each_active_enterprise_user_with_an_address_gets_one_email(project, returned):
    factories.EnterpriseUserFactory(enterprise=project.enterprise, email="b@example.com")
    factories.EnterpriseUserFactory(enterprise=project.enterprise, email="a@example.com")
    factories.EnterpriseUserFactory(enterprise=project.enterprise, email="gone@example.com", is_active=False)
    factories.EnterpriseUserFactory(email="other@example.com")  # another enterprise

    returned()

    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.com", "b@example.com"]


def test_every_active_enterprise_user_finds_the_message_in_the_inbox_with_or_without_an_address(project, returned):
    with_address = factories.EnterpriseUserFactory(enterprise=project.enterprise, email="a@example.com")
    returned()
    inboxes = Message.objects.filter(kind="reviews.returned").values_list("recipient__username", flat=True)
    submitter = project.enterprise.users.get(email="")
    assert sorted(inboxes) == sorted([with_address.username, submitter.username])


def test_email_subject_names_project_number_and_new_status(project, returned):
    factories.EnterpriseUserFactory(enterprise=project.enterprise, email="a@example.com")

    returned()

    assert mail.outbox[0].subject == f"【登峰】项目{project.number}状态变更：退回修改"


def test_email_body_gives_number_new_status_step_and_comment(project, returned):
    user = factories.EnterpriseUserFactory(enterprise=project.enterprise, email="a@example.com", name="王五")

    returned()

    lines = mail.outbox[0].body.splitlines()
    assert lines[0] == f"{user.name}，您好："
    assert [line for line in lines if line.startswith(("项目编号", "原状态", "新状态", "办理事项", "意见"))] == [
        f"项目编号：{project.number}",
        "原状态：待形式审查",
        "新状态：退回修改",
        "办理事项：退回修改",
        "意见：请补充研发机构证明。",
    ]


def test_email_says_no_comment_when_the_step_had_none(project, django_capture_on_commit_callbacks):
    user = factories.EnterpriseUserFactory(enterprise=project.enterprise, email="a@example.com")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        project_transition(project=project, transition="submit", by=user)

    mine = [m for m in mail.outbox if m.to == ["a@example.com"]]
    assert "意见：无" in mine[0].body.splitlines()


def test_email_comes_from_the_default_sender(project, returned, settings):
    settings.DEFAULT_FROM_EMAIL = "dengfeng@ipo.suzhou.example"
    factories.EnterpriseUserFactory(enterprise=project.enterprise, email="a@example.com")

    returned()

    assert mail.outbox[0].from_email == "dengfeng@ipo.suzhou.example"


def test_a_name_with_ampersand_and_brackets_reads_as_typed_in_the_plain_text_email(returned, project):
    project.enterprise.__class__.objects.filter(pk=project.enterprise_id).update(name="苏州A&B<科技>有限公司")
    factories.EnterpriseUserFactory(enterprise=project.enterprise, email="a@example.com")

    returned()

    assert "贵企业（苏州A&B<科技>有限公司）" in mail.outbox[0].body


def test_the_district_is_told_of_a_submission_and_the_enterprise_of_its_own(project, district_official):
    district_official.email = "district@example.com"
    district_official.save()
    factories.DistrictOfficialFactory(district=factories.district("昆山市"), email="other@example.com")
    user = factories.EnterpriseUserFactory(enterprise=project.enterprise, email="a@example.com")

    project_transition(project=project, transition="submit", by=user)

    kinds = sorted(Message.objects.values_list("recipient__username", "kind"))
    assert kinds == sorted(
        [(district_official.username, "projects.submitted"), (user.username, "projects.status_changed")]
    )


def test_a_step_whose_notification_cannot_be_rendered_is_undone(project, monkeypatch):
    """Messages are written inside the step: a step and its messages commit together or not at all."""
    from projects import notifications

    def broken(**kwargs):
        raise RuntimeError("template missing")

    monkeypatch.setattr(notifications, "notify", broken)
    user = factories.EnterpriseUserFactory(enterprise=project.enterprise)
    with pytest.raises(RuntimeError):
        project_transition(project=project, transition="submit", by=user)
    project.refresh_from_db()
    assert (project.status, Message.objects.count()) == ("draft", 0)


def test_the_bureau_is_told_of_a_recommendation_and_the_enterprise_of_its_own(project, district_official):
    from accounts.models import Role, User

    factories.BureauFactory()
    factories.BureauFactory(is_active=False)
    bureau = list(User.objects.filter(role=Role.BUREAU, is_active=True).values_list("username", flat=True))
    assert len(bureau) >= 1
    user = factories.EnterpriseUserFactory(enterprise=project.enterprise)
    project_transition(project=project, transition="submit", by=user)
    Message.objects.all().delete()

    project_transition(project=project, transition="recommend", by=district_official)

    kinds = sorted(Message.objects.values_list("recipient__username", "kind"))
    assert kinds == sorted([(name, "reviews.to_screen") for name in bureau] + [(user.username, "reviews.recommended")])
    subject = Message.objects.filter(kind="reviews.to_screen").first().subject
    assert project.enterprise.name in subject and "初选" in subject
