"""What other apps add to a step runs inside it (and undoes it when it refuses), or after it commits (and never
fails it)."""

import pytest
from django.core.exceptions import ValidationError

from projects.enums import Status
from projects.lifecycle import hooks
from projects.lifecycle.funnel import project_transition
from tests.lifecycle import Actors

pytestmark = pytest.mark.django_db


@pytest.fixture
def registered(monkeypatch):
    """Hooks registered for this test only."""
    monkeypatch.setattr(hooks, "_ON_STEP", hooks.defaultdict(list, {k: list(v) for k, v in hooks._ON_STEP.items()}))
    monkeypatch.setattr(hooks, "_AFTER_COMMIT", list(hooks._AFTER_COMMIT))
    return hooks


def test_a_hook_runs_inside_the_step_with_the_saved_state_and_the_steps_data(registered, project):
    seen = []
    registered.on_step("submit")(lambda *, project, by, data, **_: seen.append((project.status, by, data)))
    actors = Actors(project)
    project_transition(project=project, transition="submit", by=actors.enterprise, data={"x": 1})
    assert seen == [(Status.SUBMITTED, actors.enterprise, {"x": 1})]


def test_a_hook_that_refuses_undoes_the_whole_step(registered, project):
    def refuse(*, project, by, data, **_):
        raise ValidationError("钩子拒绝")

    registered.on_step("submit")(refuse)
    actors = Actors(project)
    with pytest.raises(ValidationError) as err:
        project_transition(project=project, transition="submit", by=actors.enterprise)
    project.refresh_from_db()
    assert (err.value.messages, project.status, project.snapshots.count()) == (["钩子拒绝"], Status.DRAFT, 0)


def test_an_after_commit_hook_that_fails_never_fails_the_committed_step(
    registered, project, django_capture_on_commit_callbacks
):
    def broken(log_id):
        raise ConnectionError("mail server down")

    registered.after_commit(broken)
    actors = Actors(project)
    with django_capture_on_commit_callbacks(execute=True):
        project_transition(project=project, transition="submit", by=actors.enterprise)
    project.refresh_from_db()
    assert project.status == Status.SUBMITTED


def test_registering_a_hook_twice_runs_it_once(registered, project):
    seen = []

    def count(*, project, by, data, **_):
        seen.append(1)

    registered.on_step("submit")(count)
    registered.on_step("submit")(count)
    project_transition(project=project, transition="submit", by=Actors(project).enterprise)
    assert seen == [1]
