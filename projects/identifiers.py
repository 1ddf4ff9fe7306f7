"""Identifiers the programme reads: 统一社会信用代码 (GB 32100-2015) and 发文字号 (GB/T 9704-2012).

Pure functions: normalise what a user typed, then say in Chinese what is wrong with it.
See ../shared/policy/IDENTIFIERS.md.
"""

import re
import unicodedata

USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # 31 characters: no I, O, S, V, Z
USCC_WEIGHTS = [pow(3, i, 31) for i in range(17)]  # 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28
USCC_FORBIDDEN = set("IOSVZ")


def normalize_uscc(raw: str) -> str:
    """Full-width to half-width (NFKC), drop every kind of space, upper case."""
    text = unicodedata.normalize("NFKC", raw or "")
    return re.sub(r"\s+", "", text).upper()


def uscc_check_character(first17: str) -> str:
    total = sum(USCC_CHARSET.index(ch) * w for ch, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_CHARSET[(31 - total % 31) % 31]


def uscc_errors(code: str) -> list[str]:
    """Chinese messages for what is wrong with a normalised USCC; an empty list when it is valid."""
    if not code:
        return ["请填写统一社会信用代码。"]
    if len(code) != 18:
        return [f"统一社会信用代码应为18位，您输入了{len(code)}位。"]
    forbidden = sorted({ch for ch in code if ch in USCC_FORBIDDEN})
    if forbidden:
        return [f"统一社会信用代码不使用字母 I、O、S、V、Z，发现：{'、'.join(forbidden)}。"]
    unknown = sorted({ch for ch in code if ch not in USCC_CHARSET})
    if unknown:
        return [f"统一社会信用代码含有无效字符：{'、'.join(unknown)}。"]
    expected = uscc_check_character(code[:17])
    if code[17] != expected:
        return [f"统一社会信用代码校验位错误：第18位应为“{expected}”，而不是“{code[17]}”，请核对。"]
    return []


def is_valid_uscc(code: str) -> bool:
    return not uscc_errors(normalize_uscc(code))


_DOC_BRACKETS = str.maketrans(
    {
        "[": "〔",
        "]": "〕",
        "［": "〔",
        "］": "〕",
        "(": "〔",
        ")": "〕",
        "（": "〔",
        "）": "〕",
        "【": "〔",
        "】": "〕",
        "{": "〔",
        "}": "〕",
        "〖": "〔",
        "〗": "〕",
    }
)
DOCUMENT_NUMBER_RE = re.compile(r"^(?P<agency>[\u4e00-\u9fff]{1,12})〔(?P<year>\d{4})〕(?P<seq>[1-9]\d*)号$")


def normalize_document_number(raw: str) -> str:
    """Store the GB/T 9704 form: commonly mistyped brackets become 〔〕, spaces go (R4)."""
    text = unicodedata.normalize("NFKC", raw or "")
    # NFKC turns full-width brackets into ASCII ones; every bracket kind then maps to 〔〕.
    text = re.sub(r"\s+", "", text).translate(_DOC_BRACKETS)
    return text


def document_number_errors(number: str) -> list[str]:
    if not number:
        return ["请填写发文字号。"]
    if "第" in number:
        return ["发文字号中不写“第”字，例如：苏府〔2021〕81号。"]
    match = DOCUMENT_NUMBER_RE.match(number)
    if not match:
        return ["发文字号格式应为“机关代字〔年份〕序号号”，例如：苏府〔2021〕81号。"]
    return []
