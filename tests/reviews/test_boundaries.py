"""Boundaries tested on both sides (issue 9.18): the district's deadline day and the day after, the limit-th
recommendation and the next, one IP staff member."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from projects.eligibility import Figures, assess
from projects.enums import Status
from reviews.services import formal_review_decide
from tests import factories
from tests.lifecycle import checklist, walk

pytestmark = pytest.mark.django_db

DEADLINE = datetime.date(2026, 5, 31)


def _on(day):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(16, 0), tzinfo=datetime.UTC), tick=False)


@pytest.fixture
def submitted():
    call = factories.AnnualCallFactory(
        application_opens_on=datetime.date(2026, 3, 1),
        application_closes_on=datetime.date(2026, 4, 30),
        district_review_deadline=DEADLINE,
    )
    project = factories.ProjectFactory(call=call)
    with _on(datetime.date(2026, 4, 1)):
        walk(project, ["submit"])
    return project


def _recommend(project, official=None):
    official = official or factories.DistrictOfficialFactory(district=project.district)
    return formal_review_decide(project=project, by=official, decision="recommend", items=checklist(project))


def test_a_district_may_recommend_on_the_deadline_day_itself(submitted):
    with time_machine.travel(datetime.datetime(2026, 5, 31, 15, 59, tzinfo=datetime.UTC), tick=False):  # 23:59 Suzhou
        _recommend(submitted)
    submitted.refresh_from_db()
    assert submitted.status == Status.RECOMMENDED


def test_a_district_may_not_recommend_the_day_after_the_deadline(submitted):
    after = datetime.datetime(2026, 5, 31, 16, 0, tzinfo=datetime.UTC)  # 00:00 on 6-1 in Suzhou
    with time_machine.travel(after, tick=False), pytest.raises(ValidationError) as err:
        _recommend(submitted)
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED
    assert err.value.messages == ["形式审查已于2026年5月31日截止，如需继续审查，请联系市知识产权局重新开放。"]


@pytest.fixture
def limited_call():
    return factories.AnnualCallFactory(district_recommendation_limit=2)


def _submitted_in(call, n):
    projects = [factories.ProjectFactory(call=call) for _ in range(n)]
    for project in projects:
        walk(project, ["submit"])
    return projects


def test_the_limit_th_recommendation_is_allowed_and_the_next_is_refused(limited_call):
    first, second, third = _submitted_in(limited_call, 3)
    official = factories.DistrictOfficialFactory(district=first.district)
    _recommend(first, official)
    _recommend(second, official)  # the 2nd of a limit of 2
    with pytest.raises(ValidationError) as err:
        _recommend(third, official)
    third.refresh_from_db()
    assert (third.status, err.value.messages) == (
        Status.SUBMITTED,
        [f"本年度每个市、区最多推荐2个项目，{third.district}已推荐2个，不能再推荐。"],
    )


def test_e2_is_met_with_one_ip_staff_member_and_not_with_none():
    call = factories.AnnualCallFactory()
    base = {
        "has_provincial_rd_institution": True,
        "has_industry_university_research": True,
        "has_ip_strategy_plan": True,
        "has_ip_department": True,
    }
    one, none = assess(Figures(**base, ip_staff_count=1), call), assess(Figures(**base, ip_staff_count=0), call)

    def e2(assessment):
        return next(r for r in assessment.results if r.rule == "E2").passed

    assert (e2(one), e2(none)) == (True, False)
