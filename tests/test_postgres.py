"""Two officials click the same button at the same moment: PostgreSQL row locks make it one change.

Runs only on PostgreSQL (``DATABASE_URL=postgres://...``): SQLite has no row locks across connections.
Each thread gets its own database connection, so the test must commit for real (``transaction=True``);
``serialized_rollback`` puts back the rows the migrations seeded (districts, industries) after the flush.
"""

import threading

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django_fsm_log.models import StateLog

from projects.enums import Status
from projects.lifecycle import hooks
from projects.lifecycle.funnel import STALE_PAGE, project_transition
from projects.models import Project
from tests import factories

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="needs PostgreSQL (set DATABASE_URL=postgres://...): row locks across connections",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ALREADY_RECOMMENDED = f"项目当前状态为“已推荐，待初选”，不能执行“推荐”。{STALE_PAGE}"
TIMEOUT = 30  # seconds; a deadlock fails the test instead of hanging the run


@pytest.fixture
def submitted():
    project = factories.ProjectFactory()
    enterprise_user = factories.EnterpriseUserFactory(enterprise=project.enterprise)
    project_transition(project=project, transition="submit", by=enterprise_user)
    return project


def _in_thread(target, outcomes, key):
    """Run ``target()`` on its own connection; store its result or the exception it raised under ``key``."""

    def run():
        try:
            outcomes[key] = target()
        except Exception as exc:
            outcomes[key] = exc
        finally:
            connection.close()  # the thread's own connection: the test database can be dropped after

    thread = threading.Thread(target=run, name=f"official-{key}")
    thread.start()
    return thread


def _recommend(project_pk, official, **kwargs):
    # A fresh copy per thread, as two browsers would each have loaded the page.
    return project_transition(project=Project.objects.get(pk=project_pk), transition="recommend", by=official, **kwargs)


def _outcome_messages(outcomes):
    return sorted("ok" if isinstance(o, Project) else " ".join(o.messages) for o in outcomes.values())


def test_two_concurrent_recommends_make_one_change_and_one_log_row(submitted):
    officials = [factories.DistrictOfficialFactory(district=submitted.district) for _ in range(2)]
    start = threading.Barrier(2, timeout=TIMEOUT)
    outcomes = {}

    def fire(official):
        start.wait()
        return _recommend(submitted.pk, official)

    threads = [_in_thread(lambda o=o: fire(o), outcomes, i) for i, o in enumerate(officials)]
    for thread in threads:
        thread.join(TIMEOUT)

    submitted.refresh_from_db()
    assert _outcome_messages(outcomes) == sorted(["ok", ALREADY_RECOMMENDED])
    assert submitted.status == Status.RECOMMENDED
    assert StateLog.objects.for_(submitted).filter(transition="recommend").count() == 1


def test_second_recommend_waits_for_the_row_lock_and_sees_the_new_state(submitted, monkeypatch):
    """The first holds the row lock (inside its transaction) while the second fires: the second must block on
    ``select_for_update`` and then read the committed state. Without the lock it would read 待形式审查 and fail
    later with a different message (ConcurrentTransition)."""
    first_official, second_official = (factories.DistrictOfficialFactory(district=submitted.district) for _ in "ab")
    first_holds_lock, second_started = threading.Event(), threading.Event()
    outcomes = {}

    def hold_lock(*, project, by, data, **_):  # a hook of the step: runs inside its transaction, holding the lock
        if by != first_official:
            return
        first_holds_lock.set()
        second_started.wait(TIMEOUT)
        threading.Event().wait(0.5)  # give the second time to reach the lock while we still hold it

    monkeypatch.setattr(hooks, "_ON_STEP", hooks.defaultdict(list, {k: list(v) for k, v in hooks._ON_STEP.items()}))
    hooks.on_step("recommend")(hold_lock)

    def second():
        second_started.set()
        return _recommend(submitted.pk, second_official)

    first = _in_thread(lambda: _recommend(submitted.pk, first_official), outcomes, "first")
    assert first_holds_lock.wait(TIMEOUT)
    later = _in_thread(second, outcomes, "second")
    first.join(TIMEOUT)
    later.join(TIMEOUT)

    assert isinstance(outcomes["first"], Project)
    assert isinstance(outcomes["second"], ValidationError)
    assert outcomes["second"].messages == [ALREADY_RECOMMENDED]
    assert StateLog.objects.for_(submitted).get(transition="recommend").by == first_official


@pytest.mark.parametrize("index", ["directory_enterprise_name_upper_trgm", "projects_project_title_upper_trgm"])
def test_the_search_by_enterprise_name_and_by_title_has_its_trigram_index(index):
    """Issue 10: ``__icontains`` is ``UPPER(x) LIKE '%…%'``; the migrations give it a GIN trigram index."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [index])
        [(definition,)] = cursor.fetchall()
    assert "gin" in definition and "gin_trgm_ops" in definition and "upper" in definition.lower()


def test_a_query_run_five_times_on_a_connection_is_prepared_and_planned_once():
    """Issue 10: server-side parameters and ``prepare_threshold`` (settings.base): the page queries that join many
    tables are planned once per connection, not on every request. After five runs, the sixth prepares the statement."""

    def prepared():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s", ["%projects_project%"]
            )
            return cursor.fetchone()[0]

    before = prepared()
    for _ in range(5):
        list(Project.objects.filter(pk=1))
    assert prepared() == before  # not yet: five runs
    list(Project.objects.filter(pk=1))
    assert prepared() == before + 1
