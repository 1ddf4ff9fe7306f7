"""What the enterprise is told of the district's and the bureau's decisions (phases 2–3)."""

from projects.notifications import Notice, enterprise_users, register_step_notices, step_kind

RETURNED = "reviews.returned"
RECOMMENDED = "reviews.recommended"
NOT_RECOMMENDED = "reviews.not_recommended"
SCREENING = "reviews.screening"


def register():
    step_kind(RETURNED, "申报书被退回修改", "reviews/messages/returned_subject.txt", "reviews/messages/returned.txt")
    step_kind(RECOMMENDED, "申报书获推荐", "reviews/messages/decision_subject.txt")
    step_kind(NOT_RECOMMENDED, "申报书不予推荐", "reviews/messages/decision_subject.txt")
    step_kind(SCREENING, "初选结果", "reviews/messages/decision_subject.txt")
    register_step_notices("return_for_correction", Notice(RETURNED, enterprise_users))
    register_step_notices("recommend", Notice(RECOMMENDED, enterprise_users))
    register_step_notices("not_recommend", Notice(NOT_RECOMMENDED, enterprise_users))
    register_step_notices("pass_screening", Notice(SCREENING, enterprise_users))
    register_step_notices("screen_out", Notice(SCREENING, enterprise_users))
