"""The review panels of the project page and of the application pages."""

from accounts.rules import acts_for_enterprise, is_bureau
from projects.enums import Status

from .models import FormalReview


def formal_reviews_panel(user, project):
    reviews = list(project.formal_reviews.select_related("reviewer").order_by("round"))
    return {"formal_reviews": reviews} if reviews else None


def experts_panel(user, project):
    if not is_bureau.test(user):
        return None
    return {"call": project.call, "experts": list(project.expert_assignments.select_related("expert").order_by("pk"))}


def return_panel(user, project):
    """The district's latest return for correction, while the enterprise is answering it."""
    if project.status != Status.RETURNED:
        return None
    review = project.formal_reviews.filter(decision=FormalReview.Decision.RETURN).order_by("-round").first()
    if review is None:
        return None
    return {"returned_review": review, "may_respond": acts_for_enterprise.test(user, project)}
