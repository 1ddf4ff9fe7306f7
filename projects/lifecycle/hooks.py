"""What other apps add to a step, registered in their ``AppConfig.ready()``: the funnel runs it, and knows no app.

- ``on_step("issue")(fn)``: ``fn(project=locked, by=user, data=dict, step=name, comment=text, source=state)``
  runs inside the step's transaction, after the transition is saved (the first tranche on issuing, the snapshot
  on submission).
  It may raise ``ValidationError``: the whole step is then undone. ``on_step(ANY_STEP)`` runs for every step
  (after the step's own hooks), e.g. the notifications.
- ``after_commit(fn)``: ``fn(log_id)`` runs once the step's transaction has committed (notifications); a failure
  there is logged and never undoes or fails the step.
- ``step_input("accept", name, build_field)``: an extra form field the generic step form asks for, handed to the
  hooks in ``data`` (e.g. the reward amount on acceptance).
- ``step_condition("close", check)``: a rule check (``projects.lifecycle.conditions.condition``) that a step
  declared with ``conditions=[registered_conditions("close")]`` also requires (e.g. the evaluation before closing):
  the button is then blocked with the check's reason, and the funnel refuses the step.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

ANY_STEP = "*"
_ON_STEP: dict[str, list[Callable]] = defaultdict(list)
_AFTER_COMMIT: list[Callable] = []
_INPUTS: dict[str, list["StepInput"]] = defaultdict(list)
_CONDITIONS: dict[str, list[Callable]] = defaultdict(list)


@dataclass(frozen=True)
class StepInput:
    name: str
    build_field: Callable  # build_field(project) -> a django.forms.Field


def on_step(*names):
    def register(fn):
        for name in names:
            if fn not in _ON_STEP[name]:
                _ON_STEP[name].append(fn)
        return fn

    return register


def after_commit(fn):
    if fn not in _AFTER_COMMIT:
        _AFTER_COMMIT.append(fn)
    return fn


def step_input(step_name, name, build_field):
    if all(existing.name != name for existing in _INPUTS[step_name]):
        _INPUTS[step_name].append(StepInput(name, build_field))


def step_condition(step_name, check):
    if check not in _CONDITIONS[step_name]:
        _CONDITIONS[step_name].append(check)
    return check


def conditions_of(name) -> list[Callable]:
    return list(_CONDITIONS.get(name, ()))


def hooks_of(name) -> list[Callable]:
    return [*_ON_STEP.get(name, ()), *_ON_STEP.get(ANY_STEP, ())]


def after_commit_hooks() -> list[Callable]:
    return list(_AFTER_COMMIT)


def inputs_of(name) -> list[StepInput]:
    return list(_INPUTS.get(name, ()))
