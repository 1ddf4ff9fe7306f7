"""Factories of the directory: districts (reference data), industry chains, enterprises with valid USCCs."""

import datetime

import factory

from common.identifiers import USCC_CHARSET, uscc_check_character
from directory.models import District, Enterprise, IndustryChain


def district(name="苏州工业园区"):
    return District.objects.get(name=name)


def industry(name="集成电路"):
    return IndustryChain.objects.get(name=name)


def valid_uscc(n: int) -> str:
    """A USCC with a correct check character: 91 + Suzhou division 320594 + a 9-character organisation code."""
    body = f"91320594{n:09d}"
    return body + uscc_check_character(body)


assert all(c in USCC_CHARSET for c in valid_uscc(1))


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    name = factory.Sequence(lambda n: f"苏州测试科技有限公司{n}")
    uscc = factory.Sequence(valid_uscc)
    district = factory.LazyFunction(district)
    founded_on = datetime.date(2010, 5, 1)
    contact_person = "张三"
    contact_phone = "0512-66668888"
