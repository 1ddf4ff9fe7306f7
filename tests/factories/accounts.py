"""Factories of accounts: a user of each role."""

import factory

from accounts.models import Role, User

PASSWORD = "dengfeng-test"


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
    district = factory.LazyFunction(lambda: _district())


class EnterpriseUserFactory(UserFactory):
    role = Role.ENTERPRISE
    enterprise = factory.SubFactory("tests.factories.directory.EnterpriseFactory")


class ExpertFactory(UserFactory):
    role = Role.EXPERT


class FinanceFactory(UserFactory):
    role = Role.FINANCE


def _district(name="苏州工业园区"):
    from directory.models import District

    return District.objects.get(name=name)
