"""Forms of the project pages. They only shape input: the rules are checked by ``projects.services``."""

from django import forms

from .workflow import STEPS


class ProjectActionForm(forms.Form):
    """One lifecycle step on the project page: a comment (required where the step needs a reason) and, for
    ``accept``, the reward amount the acceptance result sets (F4)."""

    comment = forms.CharField(
        label="意见",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )

    def __init__(self, *args, transition, project=None, **kwargs):
        kwargs.setdefault("auto_id", f"id_{transition}_%s")
        super().__init__(*args, **kwargs)
        self.transition = transition
        self.step = STEPS[transition]
        comment = self.fields["comment"]
        if self.step.requires_comment:
            comment.required = True
            comment.label = "理由或意见（必填）"
            comment.error_messages["required"] = f"“{self.step.label}”必须填写理由或意见。"
        else:
            comment.label = "意见（选填）"
        if transition == "accept":
            cap = project.call.max_reward_amount if project is not None else None
            self.fields["reward_amount"] = forms.CharField(
                label="验收奖励金额（元）",
                max_length=30,
                help_text=f"不超过{cap:,.2f}元（F4）。" if cap is not None else "",
                error_messages={"required": "请填写验收奖励金额（元）。"},
                widget=forms.TextInput(attrs={"class": "form-control", "inputmode": "decimal"}),
            )
