"""Reads for the review queues: always on top of the access layer's queryset."""

from django.db.models import Prefetch

from projects.enums import Status
from projects.selectors import projects_visible_to

from .models import FormalReview


def district_queue(user):
    """A district official's submitted applications waiting for formal review (its own district only)."""
    return (
        projects_visible_to(user)
        .filter(status=Status.SUBMITTED)
        .prefetch_related(Prefetch("formal_reviews", queryset=FormalReview.objects.order_by("-round")))
        .order_by("submitted_at", "pk")
    )


def district_recommended(user, call):
    """The district's recommended applications of a call, in its recommendation order."""
    return (
        projects_visible_to(user)
        .filter(call=call, status=Status.RECOMMENDED)
        .order_by("recommendation_order", "submitted_at", "pk")
    )
