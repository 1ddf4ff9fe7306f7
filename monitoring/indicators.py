"""The S7 indicators, declared once: the record form, the import's columns, the record page and the exports read
this list. Also the checks every way in shares: the year (not before ``MIN_YEAR``, not after this year), a count
(a whole number, not negative) and an amount in 元 (``common.money.parse_amount``)."""

import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone

from common.money import parse_amount

from .models import MAX_COUNT, MIN_YEAR, Certification, IndicatorRecord

COUNT, MONEY, CHOICE = "count", "money", "choice"


@dataclass(frozen=True)
class Indicator:
    field: str
    kind: str
    baseline: str = ""  # the submitted application's figure it is compared with (``baseline_figures``)

    @property
    def label(self) -> str:
        return str(IndicatorRecord._meta.get_field(self.field).verbose_name)


INDICATORS = (
    Indicator("valid_invention_patents", COUNT, "valid_invention_patents"),
    Indicator("foreign_invention_applications", COUNT, "foreign_invention_applications"),
    Indicator("foreign_invention_grants", COUNT, "foreign_invention_grants"),
    Indicator("high_value_patents", COUNT),
    Indicator("standards_led", COUNT),
    Indicator("standards_joined", COUNT),
    Indicator("patent_licences", COUNT),
    Indicator("patent_transfers", COUNT),
    Indicator("licence_transfer_income", MONEY),
    Indicator("ip_staff", COUNT, "ip_staff_count"),
    Indicator("ip_investment", MONEY),
    Indicator("certification", CHOICE),
)
INDICATOR_FIELDS = tuple(i.field for i in INDICATORS)
NUMERIC = tuple(i for i in INDICATORS if i.kind in (COUNT, MONEY))
CERTIFICATION_VALUES = {
    **{label: value for value, label in Certification.choices},
    **{value: value for value in Certification.values},
    "无": Certification.NONE,
    "否": Certification.NONE,
    "未认证": Certification.NONE,
    "正在贯标": Certification.IN_PROGRESS,
    "贯标": Certification.IN_PROGRESS,
    "已认证": Certification.CERTIFIED,
    "已贯标": Certification.CERTIFIED,
    "通过认证": Certification.CERTIFIED,
    "是": Certification.CERTIFIED,
}


def this_year() -> int:
    return timezone.localdate().year


def year_error(year) -> str:
    """Why ``year`` cannot be a record's year ("" when it can): from MIN_YEAR to this year (S7 records a year that
    has begun; a later year is a typing error)."""
    if isinstance(year, bool) or not isinstance(year, int):
        return "年度应填写四位数字，例如2025。"
    if year > this_year():
        return f"年度不能晚于今年（{this_year()}年）。"
    if year < MIN_YEAR:
        return f"年度不能早于{MIN_YEAR}年。"
    return ""


def parse_year(value) -> int:
    text = unicodedata.normalize("NFKC", str(value if value is not None else "")).strip().removesuffix("年")
    if not text:
        raise ValidationError("请填写年度。")
    if not text.isdigit() or len(text) != 4:
        raise ValidationError("年度应填写四位数字，例如2025。")
    year = int(text)
    if error := year_error(year):
        raise ValidationError(error)
    return year


def parse_count(value, label) -> int:
    """A count from a cell or a form: a whole number from 0 to MAX_COUNT; empty is refused (write 0 for none)."""
    if isinstance(value, bool):
        raise ValidationError(f"{label}应填写整数。")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        number = value
    else:
        text = unicodedata.normalize("NFKC", str(value if value is not None else "")).replace(",", "").strip()
        if not text:
            raise ValidationError(f"请填写{label}（没有请填0）。")
        try:
            number = int(text)
        except ValueError:
            try:
                as_decimal = Decimal(text)
            except ArithmeticError:
                raise ValidationError(f"{label}应填写整数。") from None
            if not as_decimal.is_finite() or as_decimal != as_decimal.to_integral_value():
                raise ValidationError(f"{label}应填写整数。") from None
            number = int(as_decimal)
    if number < 0:
        raise ValidationError(f"{label}不能为负数。")
    if number > MAX_COUNT:
        raise ValidationError(f"{label}超过{MAX_COUNT}，请核对。")
    return number


def parse_money(value, label) -> Decimal:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValidationError(f"请填写{label}（没有请填0）。")
    if isinstance(value, float):
        value = repr(value)
    try:
        return parse_amount(value, field="amount", label=label)
    except ValidationError as exc:
        raise ValidationError(exc.message_dict["amount"]) from None


def parse_certification(value) -> str:
    text = "".join(unicodedata.normalize("NFKC", str(value if value is not None else "")).split())
    if not text:
        raise ValidationError("请填写贯标情况：" + "、".join(Certification.labels) + "。")
    if text not in CERTIFICATION_VALUES:
        raise ValidationError(f"贯标情况“{value}”无法识别，请填写：" + "、".join(Certification.labels) + "。")
    return CERTIFICATION_VALUES[text]


def parse_indicator(indicator: Indicator, value):
    if indicator.kind == COUNT:
        return parse_count(value, indicator.label.split("（")[0])
    if indicator.kind == MONEY:
        return parse_money(value, indicator.label.split("（")[0])
    return parse_certification(value)
