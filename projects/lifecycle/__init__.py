"""The lifecycle of a project: the steps as data (``steps``), one module of steps and rule checks per phase group
(``application``, ``review``, ``notice``, ``issuing``, ``monitoring``), the hooks other apps register
(``hooks``) and the one funnel that fires a step (``funnel``).

``Project`` inherits the phase mixins in phase order, which is also the order of ``STEPS``.
"""

from .application import ApplicationSteps
from .issuing import IssuingSteps
from .monitoring import MonitoringSteps
from .notice import NoticeSteps
from .review import ReviewSteps
from .steps import STEPS, Step

# The main road, draft to closed, through all ten phases: what the demo data and the tests walk.
MAIN_ROAD = (
    "submit",  # 1 申报
    "recommend",  # 2 形式审查
    "pass_screening",  # 3 初选
    "close_review",  # 4 评审
    "publish_notice",  # 5 公示
    "close_notice",
    "approve",  # 6 市政府审定
    "issue",  # 7 下达
    "submit_task_letter",
    "confirm_task_letter",
    "submit_midterm_report",  # 8 中期检查
    "verify_midterm_report",
    "continue_project",
    "request_acceptance",  # 9 验收
    "verify_acceptance",
    "accept",
    "close",  # 10 考评
)

__all__ = [
    "MAIN_ROAD",
    "STEPS",
    "ApplicationSteps",
    "IssuingSteps",
    "MonitoringSteps",
    "NoticeSteps",
    "ReviewSteps",
    "Step",
]
