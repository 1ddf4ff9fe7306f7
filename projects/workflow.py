"""The lifecycle read as data: for each transition, its Chinese label, who acts, and whether a reason is required.

Views build their buttons from this map and ``services.project_transition`` checks it; the states and the
rule checks themselves are on ``Project`` (django-fsm-2).
"""

from dataclasses import dataclass

from accounts.models import Role


@dataclass(frozen=True)
class Step:
    label: str
    actor: str  # Role value
    requires_comment: bool = False
    style: str = "primary"  # primary | success | warning | danger | secondary
    page: str = (
        ""  # a URL name: the step is taken on its own page (e.g. the formal review checklist), not the generic form
    )


STEPS: dict[str, Step] = {
    "submit": Step("提交申报", Role.ENTERPRISE, style="success"),
    "withdraw": Step("撤回申报", Role.ENTERPRISE, style="secondary"),
    "reopen_draft": Step("重新编辑", Role.ENTERPRISE, style="secondary"),
    "recommend": Step("推荐", Role.DISTRICT, style="success", page="reviews:formal_review"),
    "return_for_correction": Step(
        "退回修改", Role.DISTRICT, requires_comment=True, style="warning", page="reviews:formal_review"
    ),
    "resubmit": Step("重新提交", Role.ENTERPRISE, style="success"),
    "not_recommend": Step(
        "不予推荐", Role.DISTRICT, requires_comment=True, style="danger", page="reviews:formal_review"
    ),
    "pass_screening": Step("初选通过，进入专家评审", Role.BUREAU, style="success"),
    "screen_out": Step("初选不通过", Role.BUREAU, requires_comment=True, style="danger"),
    "close_review": Step("结束评审并排名", Role.BUREAU),
    "not_select": Step("评审未入选", Role.BUREAU, requires_comment=True, style="danger"),
    "publish_notice": Step("列入公示", Role.BUREAU, style="success"),
    "open_objection": Step("受理异议", Role.BUREAU, requires_comment=True, style="warning"),
    "uphold_objection": Step("异议成立", Role.BUREAU, requires_comment=True, style="danger"),
    "dismiss_objection": Step("异议不成立", Role.BUREAU, requires_comment=True, style="success"),
    "close_notice": Step("公示期满，报市政府审定", Role.BUREAU, style="success"),
    "approve": Step("市政府批准立项", Role.BUREAU, style="success"),
    "cut": Step("市政府未批准", Role.BUREAU, requires_comment=True, style="danger"),
    "issue": Step("下达任务书及首期经费", Role.BUREAU, style="success"),
    "submit_midterm_report": Step("提交中期报告", Role.ENTERPRISE, style="success"),
    "return_midterm_report": Step("中期材料退回完善", Role.DISTRICT, requires_comment=True, style="warning"),
    "resubmit_midterm_report": Step("重新提交中期报告", Role.ENTERPRISE, style="success"),
    "verify_midterm_report": Step("中期核实通过，报市局", Role.DISTRICT, style="success"),
    "order_rectification": Step("责令整改", Role.BUREAU, requires_comment=True, style="warning"),
    "continue_project": Step("继续实施", Role.BUREAU, style="success"),
    "suspend": Step("中止项目", Role.BUREAU, requires_comment=True, style="danger"),
    "request_acceptance": Step("提交验收申请", Role.ENTERPRISE, style="success"),
    "return_acceptance": Step("验收材料退回完善", Role.DISTRICT, requires_comment=True, style="warning"),
    "resubmit_acceptance": Step("重新提交验收申请", Role.ENTERPRISE, style="success"),
    "verify_acceptance": Step("验收核实通过，报市局", Role.DISTRICT, style="success"),
    "accept": Step("验收通过", Role.BUREAU, style="success"),
    "fail_acceptance": Step("验收不通过", Role.BUREAU, requires_comment=True, style="danger"),
    "close": Step("考评完成，结项", Role.BUREAU),
}
