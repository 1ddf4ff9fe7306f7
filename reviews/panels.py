"""The review panels of the project page and of the application pages."""

from accounts.rules import acts_for_enterprise, is_bureau
from common.queries import KeyedQuery
from projects.enums import PHASE_OF_STATUS, Phase, Status
from projects.lifecycle.review import expert_assignments

from .models import FormalReview

PRE_REVIEW = frozenset(s for s, phase in PHASE_OF_STATUS.items() if phase < Phase.EXPERT_REVIEW)


# The project's formal reviews with their reviewers, oldest round first (compiled once, ``common.queries``).
FORMAL_REVIEWS = KeyedQuery(
    lambda pk: FormalReview.objects.filter(project_id=pk).select_related("reviewer").order_by("round")
)


def formal_reviews_panel(user, project):
    reviews = FORMAL_REVIEWS.all(project.pk, project=project)
    return {"formal_reviews": reviews} if reviews else None


def experts_panel(user, project):
    """The bureau's view of an application's experts: each one's sheet (status and total) and the page where they
    are assigned. Experts never see this panel (nor each other's scores)."""
    if not is_bureau.test(user):
        return None
    assignments = expert_assignments(project)  # shared with the R2 check of 结束评审并排名 on the same page
    return {
        "call": project.call,
        "experts": [(a, getattr(a, "sheet", None)) for a in assignments],
        "active_count": sum(1 for a in assignments if not a.conflict_of_interest),
        "review_phase": project.status not in PRE_REVIEW,
    }


def return_panel(user, project):
    """The district's latest return for correction, while the enterprise is answering it."""
    if project.status != Status.RETURNED:
        return None
    review = project.formal_reviews.filter(decision=FormalReview.Decision.RETURN).order_by("-round").first()
    if review is None:
        return None
    return {"returned_review": review, "may_respond": acts_for_enterprise.test(user, project)}
