"""The call holds the checks' numbers (S5, S6, R5, F4): checked on clean with Chinese reasons."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from checks.schedule import midterm_window

pytestmark = pytest.mark.django_db


def _errors(call):
    with pytest.raises(ValidationError) as exc:
        call.full_clean()
    return exc.value.message_dict


def test_defaults_are_the_plans_numbers(call):
    assert (
        call.midterm_months_after_start,
        call.midterm_window_days,
        call.acceptance_due_months,
        call.audit_tolerance_percent,
        call.acceptance_pass_percent,
        call.acceptance_reconsider_percent,
        call.grade_table,
    ) == (
        12,
        60,
        3,
        Decimal("5.00"),
        Decimal("90.00"),
        Decimal("80.00"),
        [("优秀", Decimal("700000.00")), ("良好", Decimal("500000.00")), ("合格", Decimal("300000.00"))],
    )


def test_a_grade_above_the_reward_cap_is_refused(call):
    call.acceptance_grades = [{"name": "优秀", "reward": "700000.01"}]
    assert _errors(call)["acceptance_grades"] == ["验收等级“优秀”的奖励金额超过验收奖励上限。"]


@pytest.mark.parametrize(
    ("grades", "message"),
    [
        ([], '请至少设置一个验收等级，例如 [{"name": "优秀", "reward": "700000.00"}]。'),
        ([{"name": "优秀"}], '每个验收等级需有名称和奖励金额，例如 [{"name": "优秀", "reward": "700000.00"}]。'),
        ([{"name": "优秀", "reward": "七十万"}], "验收等级“优秀”的奖励金额不是数字。"),
        ([{"name": "优秀", "reward": "-1"}], "验收等级“优秀”的奖励金额不能为负数。"),
        ([{"name": "良好", "reward": "1"}, {"name": "良好", "reward": "2"}], "验收等级名称不能重复。"),
    ],
)
def test_a_wrong_grade_table_is_refused(call, grades, message):
    call.acceptance_grades = grades
    assert _errors(call)["acceptance_grades"] == [message]


def test_the_reconsideration_threshold_cannot_be_above_the_pass_threshold(call):
    call.acceptance_reconsider_percent = Decimal("90.01")
    assert _errors(call)["acceptance_reconsider_percent"] == ["需复议的完成率不能高于建议通过的完成率。"]


def test_a_window_of_no_days_and_dates_in_the_wrong_order_are_refused(call):
    import datetime

    call.midterm_window_days = 0
    call.midterm_opens_on, call.midterm_closes_on = datetime.date(2031, 5, 2), datetime.date(2031, 5, 1)
    errors = _errors(call)
    assert (errors["midterm_window_days"], errors["midterm_closes_on"]) == (
        ["中期检查报告期至少为1天。"],
        ["中期检查截止日期不能早于开始日期。"],
    )


def test_a_one_day_window_opens_and_closes_the_same_day(under_way):
    call = under_way.call
    call.midterm_window_days = 1
    call.save()
    window = midterm_window(under_way)
    assert window.opens_on == window.closes_on
