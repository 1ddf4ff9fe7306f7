"""Phase 7 下达 (issuing, S4, G2): the bureau issues the task letter (任务书); the enterprise downloads it and uploads
the signed and sealed scan; the bureau confirms it (the project is then under way) or returns it with a reason.

The funding app adds its work to these steps through the funnel's hooks: the frozen task letter and the approved
government money (F2) on ``issue``, the scan on ``submit_task_letter``, the first tranche (F4) on
``confirm_task_letter``. The enterprise uploads on the task letter page, not through the generic step form.
"""

from accounts.models import Role

from ..enums import Status
from .conditions import condition
from .steps import step


@condition("任务书尚未上传盖章后的签章扫描件（或已被退回），不能确认。请企业上传签章扫描件后再确认。")
def signed_scan_uploaded(project):
    """S4: the bureau confirms only a task letter whose signed and sealed scan is there and not returned."""
    letter = getattr(project, "task_letter", None)  # funding.TaskLetter, by its reverse one-to-one
    return letter is not None and letter.scans.filter(returned_at__isnull=True).exists()


class IssuingSteps:
    @step(
        source=Status.APPROVED,
        target=Status.TASK_LETTER_ISSUED,
        actor=Role.BUREAU,
        label="下达任务书",
        style="success",
    )
    def issue(self, by=None, description=None):
        """S4: the task letter is issued with its content frozen, and the government money (F2) approved."""

    @step(
        source=[Status.TASK_LETTER_ISSUED, Status.TASK_LETTER_RETURNED],
        target=Status.TASK_LETTER_SUBMITTED,
        actor=Role.ENTERPRISE,
        label="上传签章任务书",
        style="success",
        page="funding:task_letter",
        page_title="任务书",
        page_hint="上传盖章后的任务书扫描件",
    )
    def submit_task_letter(self, by=None, description=None):
        """The enterprise uploads the signed and sealed task letter."""

    @step(
        source=Status.TASK_LETTER_SUBMITTED,
        target=Status.UNDER_WAY,
        actor=Role.BUREAU,
        label="确认任务书，项目开始实施",
        style="success",
        conditions=[signed_scan_uploaded],
    )
    def confirm_task_letter(self, by=None, description=None):
        """S4/F4: the signed task letter is confirmed; the first tranche is planned; the project is under way."""

    @step(
        source=Status.TASK_LETTER_SUBMITTED,
        target=Status.TASK_LETTER_RETURNED,
        actor=Role.BUREAU,
        label="退回任务书签章件",
        requires_comment=True,
        style="warning",
    )
    def return_task_letter(self, by=None, description=None):
        """The scan is not acceptable (unsigned, no seal, illegible): the enterprise uploads it again."""
