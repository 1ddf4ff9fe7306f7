"""Who may do what: django-rules predicates on roles, and on what an object belongs to.

The object predicates read only ``enterprise_id`` / ``district_id`` of the object they are given (a project, a
sign-up request, an enterprise, a report), so every app combines them with its own (``projects.access``,
``reviews.rules``, ``directory.rules``). Querysets that must agree with them live in each app's selectors; tests
check that both agree.
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
def is_own_enterprise(user, obj):
    """The user works for the enterprise the object belongs to (``obj.enterprise_id``)."""
    owner = getattr(obj, "enterprise_id", None)
    return owner is not None and user.enterprise_id is not None and user.enterprise_id == owner


@rules.predicate
def is_district_of(user, obj):
    """The object belongs to the user's district (``obj.district_id``)."""
    district = getattr(obj, "district_id", None)
    return district is not None and user.district_id is not None and user.district_id == district


@rules.predicate
def is_official_of(user, district):
    """The user is an official of this district (a District or its pk)."""
    return (
        district is not None and user.district_id is not None and user.district_id == getattr(district, "pk", district)
    )


acts_for_enterprise = is_enterprise_user & is_own_enterprise
acts_for_district = is_district_official & is_district_of
acts_for_own_district = is_district_official & is_official_of
