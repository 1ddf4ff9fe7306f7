import pytest

from tests import factories


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: the public forms' rate limit (django-ratelimit counts in the cache)
    would otherwise count the sign-ups of every earlier test in the same worker process."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()


@pytest.fixture
def call():
    return factories.AnnualCallFactory()


@pytest.fixture
def bureau():
    return factories.BureauFactory()


@pytest.fixture
def project(call):
    return factories.ProjectFactory(call=call)


@pytest.fixture
def enterprise_user(project):
    """A user of ``project``'s enterprise."""
    return factories.EnterpriseUserFactory(enterprise=project.enterprise)


@pytest.fixture
def district_official(project):
    """An official of ``project``'s district."""
    return factories.DistrictOfficialFactory(district=project.district)


@pytest.fixture
def other_district_official():
    return factories.DistrictOfficialFactory(district=factories.district("昆山市"))
