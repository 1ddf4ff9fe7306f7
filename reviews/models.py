from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models


class ExpertAssignment(models.Model):
    """An expert assigned to score one application. With a declared conflict (回避) it sees nothing of it (R2)."""

    project = models.ForeignKey(
        "projects.Project", verbose_name="项目", on_delete=models.CASCADE, related_name="expert_assignments"
    )
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="评审专家",
        on_delete=models.PROTECT,
        related_name="expert_assignments",
        limit_choices_to={"role": "expert"},
    )
    conflict_of_interest = models.BooleanField("回避", default=False)
    conflict_reason = models.CharField("回避原因", max_length=200, blank=True)
    assigned_at = models.DateTimeField("分配时间", auto_now_add=True)

    class Meta:
        verbose_name = "专家分配"
        verbose_name_plural = "专家分配"
        constraints = [
            models.UniqueConstraint(
                fields=["project", "expert"],
                name="one_assignment_per_expert_and_project",
                violation_error_message="该专家已分配到此项目。",
            )
        ]

    def __str__(self):
        return f"{self.expert} → {self.project}"

    def clean(self):
        if self.expert_id and self.expert.role != "expert":
            raise ValidationError({"expert": "只能分配评审专家。"})
        if self.conflict_of_interest and not self.conflict_reason.strip():
            raise ValidationError({"conflict_reason": "声明回避时请填写原因。"})
