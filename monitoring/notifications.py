"""What an enterprise is told of the F6 recommendations: it has been recommended, and later the outcome."""

from django.urls import reverse

from activity.kinds import Kind, register_kind
from activity.messenger import notify

RECOMMENDED = "monitoring.recommended"


def register():
    register_kind(
        Kind(
            RECOMMENDED,
            "推荐申报国家、省级项目和奖项",
            "monitoring/messages/recommended_subject.txt",
            "monitoring/messages/recommended.txt",
        )
    )


def recommendation_notify(*, recommendation, changed_outcome):
    """Inside the caller's transaction: an inbox message to the enterprise's active users (e-mail after commit)."""
    users = list(recommendation.enterprise.users.filter(is_active=True).order_by("pk"))
    notify(
        kind=RECOMMENDED,
        recipients=users,
        target=recommendation,
        url=reverse("monitoring:home"),
        context={"recommendation": recommendation, "changed_outcome": changed_outcome},
    )
