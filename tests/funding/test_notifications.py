"""Who is told of the money (funding.notifications): the finance officers, when a tranche waits to be paid."""

import pytest

from activity.models import Message
from tests import factories
from tests.lifecycle import MAIN_ROAD, walk

pytestmark = pytest.mark.django_db


def test_the_finance_officers_are_told_when_the_first_tranche_is_planned(project):
    officers = [factories.FinanceFactory(), factories.FinanceFactory()]
    factories.FinanceFactory(is_active=False)
    walk(project, MAIN_ROAD[: MAIN_ROAD.index("confirm_task_letter")])  # issued, signed: not planned yet
    assert not Message.objects.filter(kind="funding.tranche_planned").exists()

    walk(project, ["confirm_task_letter"])  # F4: the first tranche is planned when the letter is confirmed

    told = Message.objects.filter(kind="funding.tranche_planned", target_id=project.pk)
    assert sorted(told.values_list("recipient_id", flat=True)) == sorted(o.pk for o in officers)
    assert all("首期经费已核定" in m.subject and project.enterprise.name in m.subject for m in told)
    assert Message.objects.filter(kind="projects.status_changed", recipient__enterprise=project.enterprise).exists()
