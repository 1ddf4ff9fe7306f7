"""Issue 9.4: under a threaded server, concurrent page loads never fail with django-fsm-2's "Direct status
modification is not allowed" (its ``refresh_from_db`` switched ``protected`` off on the shared field object)."""

import threading
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from http.cookiejar import CookieJar

import pytest
from django.conf import settings

from common.fsm import StateMachineMixin
from projects.models import Project
from tests import factories
from tests.lifecycle import walk

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

REQUESTS = 240
THREADS = 12


def _session(live_server, client, user):
    client.force_login(user)
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    opener.addheaders = [("Cookie", f"{settings.SESSION_COOKIE_NAME}={cookie}")]
    return opener


def _hammer(live_server, opener, paths):
    def load(path):
        try:
            with opener.open(live_server.url + path, timeout=30) as response:
                return response.status
        except urllib.error.HTTPError as exc:
            return exc.code

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        return list(pool.map(load, paths))


@pytest.fixture
def pages(project):
    walk(project, ["submit", "return_for_correction"])
    # Pages that reload the project (refresh_from_db) while others do the same.
    return [f"/projects/{project.pk}/application/{s}/" for s in ("basic", "figures", "plan", "budget")] + [
        f"/projects/{project.pk}/"
    ]


def test_concurrent_page_loads_on_a_threaded_server_all_succeed(live_server, client, project, pages):
    user = project.enterprise.users.first() or factories.EnterpriseUserFactory(enterprise=project.enterprise)
    opener = _session(live_server, client, user)
    statuses = _hammer(live_server, opener, [pages[i % len(pages)] for i in range(REQUESTS)])
    assert sorted(set(statuses)) == [200]


def test_the_reload_of_a_protected_state_never_touches_the_shared_field():
    """The mechanism: reloading in one thread while another reloads leaves the field protected for both."""
    field = Project._meta.get_field("status")
    seen = []

    def reload_many(pk):
        for _ in range(200):
            project = Project.objects.get(pk=pk)
            project.refresh_from_db()
            seen.append(field.protected)

    project = factories.ProjectFactory()
    threads = [threading.Thread(target=reload_many, args=(project.pk,)) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert set(seen) == {True}
    assert issubclass(Project, StateMachineMixin)
    with pytest.raises(AttributeError, match="Direct status modification is not allowed"):
        project.status = "submitted"
