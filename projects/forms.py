"""Forms of the project pages. They only shape input: the funnel and its hooks check the rules."""

from django import forms

from .lifecycle.hooks import inputs_of
from .lifecycle.steps import STEPS


class ProjectActionForm(forms.Form):
    """One lifecycle step on the project page: a comment (required where the step needs a reason) and the extra
    inputs other apps registered for the step (e.g. the reward amount of ``accept``, F4)."""

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
        self.input_names = []
        for step_input in inputs_of(transition):
            self.fields[step_input.name] = step_input.build_field(project)
            self.input_names.append(step_input.name)

    def input_fields(self):
        return [self[name] for name in self.input_names]

    def step_data(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.input_names}
