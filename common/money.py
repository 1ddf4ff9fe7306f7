"""Money typed by a person, in 元."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError


def parse_amount(value, *, field, label) -> Decimal:
    """A money amount in 元 from user input: Decimal, non-negative, at most two decimals, thousands separators
    (half- or full-width commas) allowed. Raises ``ValidationError({field: message})`` in Chinese."""
    try:
        amount = Decimal(str(value).replace(",", "").replace("，", "").strip())
    except (InvalidOperation, ValueError) as exc:
        raise ValidationError({field: f"{label}必须是数字（单位：元）。"}) from exc
    if not amount.is_finite():
        raise ValidationError({field: f"{label}必须是数字（单位：元）。"})
    if amount.adjusted() >= 12:  # the money fields hold 12 whole digits
        raise ValidationError({field: f"{label}过大，请核对（单位：元）。"})
    if amount < 0:
        raise ValidationError({field: f"{label}不能为负数。"})
    if amount != amount.quantize(Decimal("0.01")):
        raise ValidationError({field: f"{label}最多保留两位小数（精确到分）。"})
    return amount.quantize(Decimal("0.01"))
