"""Deadline reminders: at exactly the call's offsets, none twice, none to users who are done."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from activity.deadlines import DEADLINES, remind_all
from activity.models import Message, Reminder
from activity.tasks import send_reminders
from tests import factories
from tests.lifecycle import walk

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 2)


def _at(day):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(8, 0), tzinfo=datetime.UTC), tick=False)


@pytest.fixture
def closing_call():
    """A call whose applications close on 2026-03-09 (seven days after TODAY)."""
    return factories.AnnualCallFactory(
        application_opens_on=datetime.date(2026, 2, 1),
        application_closes_on=datetime.date(2026, 3, 9),
        district_review_deadline=datetime.date(2026, 3, 20),
    )


def _reminded():
    return sorted(Reminder.objects.values_list("user__username", "deadline", "days_before"))


def test_phases_one_and_two_register_their_deadlines():
    assert {"projects.application_close", "reviews.district_review"} <= set(DEADLINES)


def test_an_enterprise_with_a_draft_is_reminded_at_seven_three_and_one_days_and_not_between(closing_call):
    project = factories.ProjectFactory(call=closing_call)
    user = factories.EnterpriseUserFactory(enterprise=project.enterprise)
    sent = {}
    for days_left in range(8, -1, -1):
        with _at(datetime.date(2026, 3, 9) - datetime.timedelta(days=days_left)):
            sent[days_left] = remind_all()
    assert sent == {8: 0, 7: 1, 6: 0, 5: 0, 4: 0, 3: 1, 2: 0, 1: 1, 0: 0}
    assert _reminded() == [(user.username, "projects.application_close", d) for d in (1, 3, 7)]


def test_running_the_reminders_twice_reminds_no_one_twice(closing_call):
    project = factories.ProjectFactory(call=closing_call)
    factories.EnterpriseUserFactory(enterprise=project.enterprise)
    with _at(TODAY):
        assert (remind_all(), remind_all(), send_reminders.delay().get()) == (1, 0, 0)
    assert Message.objects.filter(kind="activity.deadline").count() == 1


def test_an_enterprise_that_has_submitted_is_not_reminded(closing_call):
    project = factories.ProjectFactory(call=closing_call)
    with _at(datetime.date(2026, 2, 20)):
        walk(project, ["submit"])
    with _at(TODAY):
        remind_all()
    assert not Reminder.objects.filter(deadline="projects.application_close").exists()


def test_a_deadline_tomorrow_gives_exactly_one_t_minus_one_reminder_per_user_with_pending_work(closing_call):
    drafts = [factories.ProjectFactory(call=closing_call) for _ in range(2)]
    users = [factories.EnterpriseUserFactory(enterprise=p.enterprise) for p in drafts]
    users.append(factories.EnterpriseUserFactory(enterprise=drafts[0].enterprise))
    done = factories.ProjectFactory(call=closing_call)
    with _at(datetime.date(2026, 2, 20)):
        walk(done, ["submit"])
    with _at(datetime.date(2026, 3, 8)):
        remind_all()
        remind_all()
    assert _reminded() == sorted((u.username, "projects.application_close", 1) for u in users)


def test_the_calls_own_offsets_decide_the_days(closing_call):
    closing_call.reminder_days = [5]
    closing_call.save()
    project = factories.ProjectFactory(call=closing_call)
    factories.EnterpriseUserFactory(enterprise=project.enterprise)
    counts = []
    for day in (7, 5, 1):
        with _at(datetime.date(2026, 3, 9) - datetime.timedelta(days=day)):
            counts.append(remind_all())
    assert counts == [0, 1, 0]


def test_the_reminder_says_what_is_due_and_when(closing_call):
    project = factories.ProjectFactory(call=closing_call)
    factories.EnterpriseUserFactory(enterprise=project.enterprise, name="周七")
    with _at(TODAY):
        remind_all()
    message = Message.objects.get(kind="activity.deadline")
    assert message.subject == "【登峰】申报截止提醒：还有7天（2026年3月9日截止）"
    assert f"贵企业{closing_call.year}年度的申报书（草稿）尚未办理完毕" in message.body
    assert message.url == f"/projects/{project.pk}/application/"


def test_a_district_with_applications_waiting_is_reminded_of_its_review_deadline(closing_call):
    waiting = factories.ProjectFactory(call=closing_call)
    with _at(datetime.date(2026, 2, 20)):
        walk(waiting, ["submit"])
    official = factories.DistrictOfficialFactory(district=waiting.district)
    idle = factories.DistrictOfficialFactory(district=factories.district("昆山市"))
    with _at(datetime.date(2026, 3, 17)):  # three days before 2026-03-20
        remind_all()
    reminded = set(Reminder.objects.filter(deadline="reviews.district_review").values_list("user", flat=True))
    assert official.pk in reminded
    assert idle.pk not in reminded


def test_a_district_reminder_follows_the_bureaus_extension(closing_call):
    from reviews.services import district_reopen

    waiting = factories.ProjectFactory(call=closing_call)
    with _at(datetime.date(2026, 2, 20)):
        walk(waiting, ["submit"])
    official = factories.DistrictOfficialFactory(district=waiting.district)
    with _at(datetime.date(2026, 3, 18)):
        district_reopen(
            call=closing_call,
            district=waiting.district,
            by=factories.BureauFactory(),
            until=datetime.date(2026, 3, 27),
            reason="材料补正",
        )
    with _at(datetime.date(2026, 3, 24)):
        remind_all()
    assert list(
        Reminder.objects.filter(user=official, deadline="reviews.district_review").values_list("due_on", "days_before")
    ) == [(datetime.date(2026, 3, 27), 3)]


def test_a_reminder_already_sent_by_another_beat_is_not_sent_again(closing_call):
    from django.contrib.contenttypes.models import ContentType

    project = factories.ProjectFactory(call=closing_call)
    user = factories.EnterpriseUserFactory(enterprise=project.enterprise)
    Reminder.objects.create(
        user=user,
        deadline="projects.application_close",
        target_type=ContentType.objects.get_for_model(project),
        target_id=project.pk,
        due_on=datetime.date(2026, 3, 9),
        days_before=7,
        sent_at=timezone.now(),
    )
    with _at(TODAY):
        assert remind_all() == 0
