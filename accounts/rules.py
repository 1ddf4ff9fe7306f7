"""Who may do what: django-rules predicates, the one place where roles meet objects.

Used by the lifecycle's transitions (``permission=``), by views, templates and the admin. Querysets that
must agree with these predicates live in ``projects/selectors.py``; a test checks that both agree.
"""

import rules

from accounts.models import Role


def _role(user):
    return getattr(user, "role", None) if getattr(user, "is_authenticated", False) and user.is_active else None


@rules.predicate
def is_bureau(user):
    return _role(user) == Role.BUREAU


@rules.predicate
def is_district_official(user):
    return _role(user) == Role.DISTRICT


@rules.predicate
def is_enterprise_user(user):
    return _role(user) == Role.ENTERPRISE


@rules.predicate
def is_expert(user):
    return _role(user) == Role.EXPERT


@rules.predicate
def is_finance(user):
    return _role(user) == Role.FINANCE


@rules.predicate
def is_own_enterprise(user, project):
    """The user works for the enterprise that owns this project."""
    return project is not None and user.enterprise_id is not None and user.enterprise_id == project.enterprise_id


@rules.predicate
def is_district_of(user, project):
    """The project is recommended by (belongs to) the user's district."""
    return project is not None and user.district_id is not None and user.district_id == project.district_id


@rules.predicate
def is_assigned_unconflicted_expert(user, project):
    """R2: an expert sees only what it was assigned and has not declared a conflict on."""
    if project is None:
        return False
    return project.expert_assignments.filter(expert=user, conflict_of_interest=False).exists()


@rules.predicate
def is_submitted(user, project):
    """The enterprise has submitted it at least once: a draft is the enterprise's own work in progress."""
    return project is not None and project.status != "draft"


@rules.predicate
def is_funded(user, project):
    return project is not None and project.is_funded


acts_for_enterprise = is_enterprise_user & is_own_enterprise
acts_for_district = is_district_official & is_district_of
may_view_project = (
    is_bureau
    | (acts_for_district & is_submitted)
    | acts_for_enterprise
    | (is_expert & is_assigned_unconflicted_expert)
    | (is_finance & is_funded)
)

rules.add_perm("projects.view_project", may_view_project)


def enterprise_may(project, user):
    """FSM ``permission=`` callables take (instance, user); rules predicates take (user, obj)."""
    return acts_for_enterprise.test(user, project)


def district_may(project, user):
    return acts_for_district.test(user, project)


def bureau_may(project, user):
    return is_bureau.test(user, project)


@rules.predicate
def is_district_of_registration(user, registration):
    return registration is not None and user.district_id is not None and user.district_id == registration.district_id


may_review_registration = is_bureau | (is_district_official & is_district_of_registration)
rules.add_perm("accounts.review_registration", may_review_registration)


@rules.predicate
def is_official_of(user, district):
    """The user is an official of this district (a District or its pk)."""
    return (
        district is not None and user.district_id is not None and user.district_id == getattr(district, "pk", district)
    )


acts_for_own_district = is_district_official & is_official_of
