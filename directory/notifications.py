"""What an applicant is told of its sign-up request: approved (to its new account), refused (by e-mail only:
it has no account)."""

from django.urls import reverse

from activity.kinds import Kind, register_kind
from activity.messenger import notify

APPROVED = "directory.registration_approved"
REFUSED = "directory.registration_refused"


def register():
    register_kind(
        Kind(
            APPROVED,
            "企业注册通过",
            "directory/messages/registration_approved_subject.txt",
            "directory/messages/registration_approved.txt",
        )
    )
    register_kind(
        Kind(
            REFUSED,
            "企业注册未通过",
            "directory/messages/registration_refused_subject.txt",
            "directory/messages/registration_refused.txt",
        )
    )


def registration_approved(*, registration, user):
    notify(
        kind=APPROVED,
        recipients=[user],
        target=registration,
        url=reverse("home"),
        context={"registration": registration, "user": user},
    )


def registration_refused(*, registration):
    notify(
        kind=REFUSED,
        recipients=[],
        addresses=[registration.contact_email],
        target=registration,
        context={"registration": registration},
    )
