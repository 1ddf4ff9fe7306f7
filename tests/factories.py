"""factory_boy factories for every model, in one place."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from accounts.models import Role, User
from projects.identifiers import USCC_CHARSET, uscc_check_character
from projects.models import AnnualCall, District, Enterprise, IndustryChain, Project
from reviews.models import ExpertAssignment

PASSWORD = "dengfeng-test"


def valid_uscc(n: int) -> str:
    """A USCC with a correct check character: 91 + Suzhou division 320594 + a 9-character organisation code."""
    body = f"91320594{n:09d}"
    return body + uscc_check_character(body)


assert all(c in USCC_CHARSET for c in valid_uscc(1))


def district(name="苏州工业园区"):
    return District.objects.get(name=name)


class AnnualCallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AnnualCall
        django_get_or_create = ("year",)

    year = factory.Sequence(lambda n: 2030 + n)
    title = factory.LazyAttribute(lambda o: f"{o.year}年度苏州市企业知识产权登峰行动计划项目申报指南")
    application_opens_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
    application_closes_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
    district_review_deadline = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=45))


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    name = factory.Sequence(lambda n: f"苏州测试科技有限公司{n}")
    uscc = factory.Sequence(valid_uscc)
    district = factory.LazyFunction(district)
    founded_on = datetime.date(2010, 5, 1)
    contact_person = "张三"
    contact_phone = "0512-66668888"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    name = factory.Sequence(lambda n: f"用户{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)
    role = Role.BUREAU

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class BureauFactory(UserFactory):
    role = Role.BUREAU


class DistrictOfficialFactory(UserFactory):
    role = Role.DISTRICT
    district = factory.LazyFunction(district)


class EnterpriseUserFactory(UserFactory):
    role = Role.ENTERPRISE
    enterprise = factory.SubFactory(EnterpriseFactory)


class ExpertFactory(UserFactory):
    role = Role.EXPERT


class FinanceFactory(UserFactory):
    role = Role.FINANCE


class ProjectFactory(factory.django.DjangoModelFactory):
    """A draft application that meets the simple submit rules (F2, F3) of a call that is open today."""

    class Meta:
        model = Project

    call = factory.SubFactory(AnnualCallFactory)
    enterprise = factory.SubFactory(EnterpriseFactory)
    district = factory.LazyAttribute(lambda o: o.enterprise.district)
    title = factory.LazyAttribute(lambda o: f"{o.enterprise.name}知识产权登峰行动计划项目")
    government_funding = Decimal("1000000.00")
    own_investment = Decimal("2000000.00")


class ExpertAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExpertAssignment

    project = factory.SubFactory(ProjectFactory)
    expert = factory.SubFactory(ExpertFactory)


def industry(name="集成电路"):
    return IndustryChain.objects.get(name=name)
