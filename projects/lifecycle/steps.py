"""A step of the lifecycle declared once: ``@step(...)`` on a transition method of a phase mixin gives its label,
actor, whether it needs a reason, its page, source, target and conditions. The actor decides the permission
(``PERMISSIONS``); django-fsm-2's ``@transition`` and django-fsm-log's decorators are applied here, so a phase
module writes only the declaration and the method's own work.

``STEPS`` is the registry, in declaration order (phase by phase): the pages build their buttons from it, the
funnel (``projects.lifecycle.funnel``) checks it, a test walks its graph.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ImproperlyConfigured
from django_fsm import transition
from django_fsm_log.decorators import fsm_log_by, fsm_log_description

from accounts.models import Role
from accounts.rules import acts_for_district, acts_for_enterprise, is_bureau


def enterprise_may(project, user):
    """FSM ``permission=`` callables take (instance, user); rules predicates take (user, obj)."""
    return acts_for_enterprise.test(user, project)


def district_may(project, user):
    return acts_for_district.test(user, project)


def bureau_may(project, user):
    return is_bureau.test(user, project)


PERMISSIONS = {Role.ENTERPRISE: enterprise_may, Role.DISTRICT: district_may, Role.BUREAU: bureau_may}
STYLES = frozenset({"primary", "success", "warning", "danger", "secondary"})


@dataclass(frozen=True)
class Step:
    name: str
    label: str
    actor: str  # a Role value
    sources: tuple
    target: str
    requires_comment: bool = False
    style: str = "primary"
    page: str = ""  # a URL name: the step is taken on its own page (e.g. the formal review checklist)
    page_title: str = ""  # that page in words, e.g. 形式审查
    page_hint: str = ""  # what is done there, e.g. 逐项填写审查要点
    conditions: tuple = field(default=(), compare=False)
    system: bool = False  # the system may take it on its own (by=None, shown as 系统): a periodic task, a public form

    @property
    def permission(self):
        return PERMISSIONS[self.actor]


STEPS: dict[str, Step] = {}
# The phase groups in lifecycle order: STEPS lists their steps in this order, whatever order they are imported in.
PHASE_GROUPS = ("application", "review", "notice", "issuing", "monitoring")
_rank: dict[str, tuple] = {}


def _register(meta, module):
    group = module.rsplit(".", 1)[-1]
    _rank[meta.name] = (PHASE_GROUPS.index(group) if group in PHASE_GROUPS else len(PHASE_GROUPS), len(_rank))
    STEPS[meta.name] = meta
    ordered = sorted(STEPS.items(), key=lambda item: _rank[item[0]])
    STEPS.clear()
    STEPS.update(ordered)


def step(
    *,
    source,
    target,
    actor,
    label,
    requires_comment=False,
    style="primary",
    page="",
    page_title="",
    page_hint="",
    conditions=(),
    system=False,
):
    """Declare a lifecycle step on a method of a phase mixin (see the module's docstring)."""
    if actor not in PERMISSIONS:
        raise ImproperlyConfigured(f"unknown actor {actor!r}")
    if style not in STYLES:
        raise ImproperlyConfigured(f"unknown style {style!r}")
    sources = tuple(source) if isinstance(source, list | tuple | set | frozenset) else (source,)

    def decorate(func):
        name = func.__name__
        if name in STEPS:
            raise ImproperlyConfigured(f"two lifecycle steps are named {name!r}")
        meta = Step(
            name,
            label,
            actor,
            sources,
            target,
            requires_comment,
            style,
            page,
            page_title,
            page_hint,
            tuple(conditions),
            system,
        )
        _register(meta, func.__module__)
        fsm_transition = transition(
            field="status",
            source=list(sources),
            target=target,
            permission=PERMISSIONS[actor],
            conditions=list(conditions),
            custom={"step": meta},
        )
        return fsm_log_by(fsm_log_description(fsm_transition(func)))

    return decorate
