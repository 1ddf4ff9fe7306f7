"""The lifecycle's graph, walked from its one declaration (``@step`` on the phase mixins)."""

import re

import pytest
from django.core.exceptions import ImproperlyConfigured

from accounts.models import Role
from projects.enums import ENDED_STATES, PHASE_OF_STATUS, Status
from projects.lifecycle import MAIN_ROAD, STEPS
from projects.lifecycle.steps import PERMISSIONS, step
from projects.models import Project

CHINESE = re.compile(r"^[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef，、“”（）]+$")


def _edges():
    return [(source, s.target) for s in STEPS.values() for source in s.sources]


def test_every_state_is_reachable_from_draft():
    reached, frontier = {Status.DRAFT}, [Status.DRAFT]
    while frontier:
        state = frontier.pop()
        for source, target in _edges():
            if source == state and target not in reached:
                reached.add(target)
                frontier.append(target)
    assert set(Status.values) - reached == set()


def test_only_ways_out_have_no_step_on_and_every_other_state_has_one():
    """Withdrawn is a way out that the enterprise may still reopen while the call is open."""
    dead_ends = set(Status.values) - {source for source, _ in _edges()}
    assert dead_ends == ENDED_STATES - {Status.WITHDRAWN}


def test_every_step_has_an_actor_a_permission_and_a_chinese_label():
    for name, s in STEPS.items():
        assert s.actor in Role.values, name
        assert s.permission is PERMISSIONS[s.actor], name
        assert CHINESE.match(s.label), (name, s.label)


def test_every_step_leads_between_known_states_of_the_phases():
    for name, s in STEPS.items():
        assert {*s.sources, s.target} <= set(PHASE_OF_STATUS), name


def test_the_fsm_runs_exactly_the_declared_steps():
    """One declaration: what django-fsm-2 knows of each transition is what ``STEPS`` says."""
    fsm = {}
    for transition in Project._meta.get_field("status").get_all_transitions(Project):
        fsm.setdefault(transition.name, set()).add((transition.source, transition.target))
        assert transition.custom["step"] is STEPS[transition.name]
        assert transition.permission is STEPS[transition.name].permission
        assert list(transition.conditions) == list(STEPS[transition.name].conditions)
    assert fsm == {name: {(src, s.target) for src in s.sources} for name, s in STEPS.items()}


def test_steps_are_listed_phase_group_by_phase_group():
    """STEPS (the order of every list of buttons) follows the phase mixins Project inherits, in phase order."""
    groups = [cls for cls in Project.__mro__ if cls.__module__.startswith("projects.lifecycle.")]
    declared = [name for cls in groups for name in vars(cls) if name in STEPS]
    assert declared == list(STEPS)


def test_the_main_road_runs_from_draft_to_closed_in_declared_steps():
    state = Status.DRAFT
    for name in MAIN_ROAD:
        assert state in STEPS[name].sources, name
        state = STEPS[name].target
    assert state == Status.CLOSED


def test_two_steps_with_one_name_are_refused():
    with pytest.raises(ImproperlyConfigured, match="submit"):

        class Twice:
            @step(source=Status.DRAFT, target=Status.SUBMITTED, actor=Role.ENTERPRISE, label="再次提交")
            def submit(self):
                pass


def test_a_step_of_an_unknown_actor_is_refused():
    with pytest.raises(ImproperlyConfigured):
        step(source=Status.DRAFT, target=Status.SUBMITTED, actor="nobody", label="提交")
