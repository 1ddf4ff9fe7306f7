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


# ---- 专利申请号 (Chinese patent application numbers) ---------------------------------------------------------
PATENT_TYPE_DIGITS = {"invention": {"1", "8"}, "utility": {"2", "9"}, "design": {"3"}}
PATENT_TYPE_LABELS = {"invention": "发明", "utility": "实用新型", "design": "外观设计"}
CN_PATENT_NUMBER = re.compile(r"^(?:ZL|CN)?(?P<body>\d{12}|\d{8})\.?(?P<check>[0-9X])$")
_FOREIGN_NUMBER_RE = re.compile(r"^(?P<office>[A-Z]{2})[A-Z0-9/.\-]{3,30}$")


def normalize_patent_number(raw: str) -> str:
    """NFKC, no spaces, upper case; a Chinese number keeps its dot before the check character."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", raw or "")).upper()


def patent_check_character(body: str) -> str:
    """Weights 2 3 4 5 6 7 8 9 2 3 4 5 (12 digits) or 2..9 (8 digits), sum mod 11, 10 written X."""
    weights = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5][: len(body)]
    total = sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11
    return "X" if total == 10 else str(total)


def patent_number_errors(number: str, declared_type: str | None = None) -> list[str]:
    """Chinese messages for a normalised patent number; foreign numbers are checked for their format only."""
    if not number:
        return ["请填写申请号/专利号。"]
    match = CN_PATENT_NUMBER.match(number)
    if match:
        body, check = match["body"], match["check"]
        expected = patent_check_character(body)
        if check != expected:
            return [f"申请号{number}校验位错误：应为“{expected}”，而不是“{check}”。"]
        digit = body[4] if len(body) == 12 else body[2]
        if declared_type in PATENT_TYPE_DIGITS and digit not in PATENT_TYPE_DIGITS[declared_type]:
            return [
                f"申请号{number}的类型位为“{digit}”，与所填类型“{PATENT_TYPE_LABELS[declared_type]}”不一致"
                "（1、8为发明，2、9为实用新型，3为外观设计）。"
            ]
        return []
    if number.startswith(("ZL", "CN")) or number[:1].isdigit():
        return [
            f"申请号{number}格式不正确：应为12位数字加校验位（如201710601862.3）或8位数字加校验位（如97101765.4）。"
        ]
    if _FOREIGN_NUMBER_RE.match(number):
        return []
    return [f"申请号{number}格式不正确：国（境）外专利请以国家/地区代码开头（如US、EP、JP、WO）。"]
