"""Telephone numbers and founding dates that people type (issue 9.17)."""

import datetime

import pytest
import time_machine

from common.validators import check_phone, founding_date_errors, phone_errors


@pytest.mark.parametrize(
    "number",
    [
        "0512-66668888",
        "0512 6666 8888",
        "(0512)66668888",
        "+86 512 66668888",
        "13912345678",
        "400-888-8888",
        "0512-66668888转123",
        "０５１２－６６６６８８８８",
    ],
)
def test_telephone_numbers_people_write_are_accepted(number):
    assert phone_errors(number) == []


@pytest.mark.parametrize("number", ["abc", "12", "0512-abcd", "13912345678 请打手机", "--------"])
def test_what_is_not_a_telephone_number_is_refused_in_chinese(number):
    assert phone_errors(number)[0].startswith(f"联系电话“{number}”格式不正确")


def test_full_width_digits_are_stored_half_width():
    assert check_phone("０５１２－６６６６８８８８") == "0512-66668888"


@time_machine.travel(datetime.datetime(2026, 12, 1, 12, tzinfo=datetime.UTC), tick=False)
def test_a_founding_date_today_is_accepted_and_tomorrow_is_not():
    assert (founding_date_errors(datetime.date(2026, 12, 1)), founding_date_errors(datetime.date(2026, 12, 2))) == (
        [],
        ["成立日期2026年12月2日晚于今天，请核对。"],
    )


def test_a_founding_date_in_1900_is_accepted_and_in_1899_or_1800_is_not():
    assert founding_date_errors(datetime.date(1900, 1, 1)) == []
    assert founding_date_errors(datetime.date(1899, 12, 31)) == ["成立日期1899年12月31日早于1900年，请核对。"]
    assert founding_date_errors(datetime.date(1800, 5, 1)) == ["成立日期1800年5月1日早于1900年，请核对。"]
