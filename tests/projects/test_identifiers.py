"""统一社会信用代码 (GB 32100-2015) and 发文字号 (GB/T 9704): examples from IDENTIFIERS.md."""

import pytest

from projects.identifiers import (
    document_number_errors,
    normalize_document_number,
    normalize_uscc,
    uscc_check_character,
    uscc_errors,
)


@pytest.mark.parametrize(
    "code", ["91310110666007217T", "91350500676532779B", "91370100780603055K", "91510100350611266D"]
)
def test_valid_uscc_has_no_errors(code):
    assert uscc_errors(code) == []


def test_check_character_is_computed_with_weights_3_pow_i_mod_31():
    assert uscc_check_character("91310110666007217") == "T"


def test_wrong_check_character_names_the_expected_one():
    assert uscc_errors("91310110666007217A") == ["统一社会信用代码校验位错误：第18位应为“T”，而不是“A”，请核对。"]


def test_early_pilot_code_fails_the_check():
    assert uscc_errors("91350100M0001TGQXM") == ["统一社会信用代码校验位错误：第18位应为“1”，而不是“M”，请核对。"]


@pytest.mark.parametrize(("code", "length"), [("9131011066600721", 16), ("91310110666007217TT", 19)])
def test_wrong_length_says_how_many_characters(code, length):
    assert uscc_errors(code) == [f"统一社会信用代码应为18位，您输入了{length}位。"]


@pytest.mark.parametrize("letter", ["I", "O", "S", "V", "Z"])
def test_forbidden_letter_is_named(letter):
    code = "9131011066600721" + letter + "T"
    assert uscc_errors(code) == [f"统一社会信用代码不使用字母 I、O、S、V、Z，发现：{letter}。"]


def test_empty_uscc_asks_for_one():
    assert uscc_errors("") == ["请填写统一社会信用代码。"]


def test_normalisation_handles_full_width_spaces_and_lower_case():
    assert normalize_uscc(" ９１３１０１１０ ６６６００７２１７ｔ\u3000") == "91310110666007217T"


@pytest.mark.parametrize(
    "typed",
    [
        "苏府〔2021〕81号",
        "苏府[2021]81号",
        "苏府［2021］81号",
        "苏府(2021)81号",
        "苏府（2021）81号",
        "苏府【2021】81号",
    ],
)
def test_document_number_brackets_are_stored_in_the_gbt9704_form(typed):
    number = normalize_document_number(typed)
    assert number == "苏府〔2021〕81号"
    assert document_number_errors(number) == []


@pytest.mark.parametrize("bad", ["苏府〔21〕81号", "苏府〔2021〕081号", "苏府2021年81号", "〔2021〕81号"])
def test_malformed_document_number_is_refused(bad):
    assert document_number_errors(normalize_document_number(bad)) == [
        "发文字号格式应为“机关代字〔年份〕序号号”，例如：苏府〔2021〕81号。"
    ]


def test_document_number_with_di_is_refused():
    assert document_number_errors("苏府〔2021〕第81号") == ["发文字号中不写“第”字，例如：苏府〔2021〕81号。"]
