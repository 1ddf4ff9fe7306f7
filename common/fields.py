"""Model field helpers. Money is ``DecimalField(max_digits=14, decimal_places=2)`` in 元, never a float."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models

MONEY = {"max_digits": 14, "decimal_places": 2}


def money(verbose_name, default=None, **kwargs):
    """A non-negative amount in 元 (two decimals)."""
    extra = {} if default is None else {"default": Decimal(default)}
    return models.DecimalField(verbose_name, validators=[MinValueValidator(Decimal("0"))], **MONEY, **extra, **kwargs)
