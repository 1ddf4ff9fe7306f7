"""Issue 9.6: the public sign-up is rate-limited per client address, and behind the reverse proxy the address is
the one the proxy saw, so that no one can lock another person's account from the proxy's address."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from directory.models import RegistrationRequest
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_counters():
    cache.clear()
    yield
    cache.clear()


def _form(n):
    return {
        "uscc": factories.valid_uscc(900 + n),
        "enterprise_name": f"苏州刷量科技有限公司{n}",
        "district": factories.district().pk,
        "contact_person": "甲",
        "contact_phone": "0512-66668888",
        "contact_email": f"spam{n}@example.com",
        "username": f"spam{n}",
        "password": "Dengfeng-2026-ok",
        "password_again": "Dengfeng-2026-ok",
    }


def test_the_sixth_sign_up_from_one_address_within_the_hour_is_refused_in_chinese(client, settings):
    settings.PUBLIC_FORM_RATE = "5/h"
    codes = [
        client.post(reverse("directory:signup"), _form(n), REMOTE_ADDR="203.0.113.7").status_code for n in range(6)
    ]
    assert codes == [200] * 5 + [429]
    assert RegistrationRequest.objects.count() == 5
    response = client.post(reverse("directory:signup"), _form(7), REMOTE_ADDR="203.0.113.7")
    assert "提交过于频繁" in response.content.decode()


def test_another_address_may_still_sign_up(client, settings):
    for n in range(5):
        client.post(reverse("directory:signup"), _form(n), REMOTE_ADDR="203.0.113.7")
    assert client.post(reverse("directory:signup"), _form(9), REMOTE_ADDR="198.51.100.4").status_code == 200


@pytest.fixture
def behind_one_proxy(settings):
    """As settings read TRUSTED_PROXY_COUNT=1: one reverse proxy in front, which sets X-Forwarded-For."""
    settings.AXES_IPWARE_PROXY_COUNT = 0
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")


PROXY = {"REMOTE_ADDR": "10.0.0.2"}


def test_behind_the_proxy_each_client_is_counted_by_the_address_the_proxy_saw(client, behind_one_proxy):
    codes = [
        client.post(reverse("directory:signup"), _form(n), HTTP_X_FORWARDED_FOR="203.0.113.7", **PROXY).status_code
        for n in range(6)
    ]
    other = client.post(reverse("directory:signup"), _form(6), HTTP_X_FORWARDED_FOR="198.51.100.4", **PROXY)
    assert (codes, other.status_code) == ([200] * 5 + [429], 200)


def test_a_forged_forwarded_header_never_counts_as_another_client(client, behind_one_proxy):
    """A client that writes its own X-Forwarded-For is counted as the proxy itself: forgers share one bucket and
    cannot spend a real client's quota."""
    for n in range(5):
        client.post(reverse("directory:signup"), _form(n), HTTP_X_FORWARDED_FOR="198.51.100.4, 1.1.1.1", **PROXY)
    forged = client.post(reverse("directory:signup"), _form(5), HTTP_X_FORWARDED_FOR="203.0.113.9, 2.2.2.2", **PROXY)
    real = client.post(reverse("directory:signup"), _form(6), HTTP_X_FORWARDED_FOR="198.51.100.4", **PROXY)
    assert (forged.status_code, real.status_code) == (429, 200)


@pytest.fixture
def axes_on(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_IPWARE_PROXY_COUNT = 0
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    from axes.models import AccessAttempt

    AccessAttempt.objects.all().delete()


def _login(client, password, client_address):
    return client.post(
        reverse("login"),
        {"username": "victim", "password": password},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR=client_address,
    )


def test_an_attacker_behind_the_proxy_locks_only_itself_out(client, axes_on):
    factories.BureauFactory(username="victim")
    for _ in range(4):
        _login(client, "wrong", "203.0.113.66")
    locked = _login(client, factories.PASSWORD, "203.0.113.66")
    victim = _login(client, factories.PASSWORD, "198.51.100.4")
    assert (locked.status_code, victim.status_code) == (429, 302)
