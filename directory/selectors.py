"""Reads of the directory, on top of the access rules of ``directory.rules``."""

from accounts.rules import is_bureau, is_district_official

from .models import RegistrationRequest


def registrations_visible_to(user):
    """Requests a reviewer may see: the bureau all, a district official its own district's."""
    requests = RegistrationRequest.objects.select_related("district", "decided_by", "claimed")
    if is_bureau.test(user):
        return requests
    if is_district_official.test(user):
        return requests.filter(district_id=user.district_id)
    return requests.none()
