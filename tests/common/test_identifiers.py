"""统一社会信用代码 (GB 32100-2015) and 发文字号 (GB/T 9704): examples from IDENTIFIERS.md."""

import pytest

from common.identifiers import (
    document_number_errors,
    normalize_document_number,
    normalize_patent_number,
    normalize_uscc,
    patent_check_character,
    patent_number_errors,
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


# ---- patent numbers -------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("body", "check"), [("201710601862", "3"), ("95115608", "X"), ("97101765", "4")])
def test_patent_check_character_matches_the_examples(body, check):
    assert patent_check_character(body) == check


@pytest.mark.parametrize("number", ["201710601862.3", "ZL201710601862.3", "2017106018623", "97101765.4"])
def test_valid_chinese_patent_numbers_pass(number):
    assert patent_number_errors(normalize_patent_number(number), "invention") == []


def test_patent_number_with_wrong_check_character_is_refused():
    assert patent_number_errors("201710601862.4") == ["申请号201710601862.4校验位错误：应为“3”，而不是“4”。"]


def test_patent_type_digit_must_agree_with_the_declared_type():
    assert patent_number_errors("201710601862.3", "utility") == [
        "申请号201710601862.3的类型位为“1”，与所填类型“实用新型”不一致（1、8为发明，2、9为实用新型，3为外观设计）。"
    ]


def test_foreign_patent_numbers_are_checked_for_format_only():
    assert patent_number_errors("US11234567B2", "invention") == []


def test_malformed_chinese_number_is_refused():
    assert patent_number_errors("20171060186.3") == [
        "申请号20171060186.3格式不正确：应为12位数字加校验位（如201710601862.3）或8位数字加校验位（如97101765.4）。"
    ]


def test_patent_number_normalisation_handles_full_width_and_spaces():
    assert normalize_patent_number(" ｚｌ２０１７１０６０１８６２．３ ") == "ZL201710601862.3"
