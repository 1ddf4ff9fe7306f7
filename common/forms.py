"""Form mixins: Bootstrap 5 classes on every widget, and a service's refusal shown on the form."""

from django import forms
from django.core.exceptions import ValidationError


def bootstrap_class(widget, *, small=False) -> str:
    """The Bootstrap class a widget wants (no rules here: only looks)."""
    size = " form-select-sm" if small else ""
    if isinstance(widget, forms.CheckboxInput):
        return "form-check-input"
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return ""
    if isinstance(widget, forms.Select | forms.SelectMultiple):
        return "form-select" + size
    return "form-control" + (" form-control-sm" if small else "")


def add_bootstrap_classes(fields, *, small=False) -> None:
    for field in fields.values():
        css = bootstrap_class(field.widget, small=small)
        if css:
            field.widget.attrs.setdefault("class", css)


class BootstrapMixin:
    """Bootstrap 5 classes on every widget of a form."""

    bootstrap_small = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        add_bootstrap_classes(self.fields, small=self.bootstrap_small)


class ServiceErrorsMixin:
    """``form.add_service_error(exc)``: a service's ``ValidationError`` on the fields it names (the others on
    the form as a whole), so the user reads the refusal where it applies and the typed values stay."""

    def add_service_error(self, exc: ValidationError) -> None:
        if hasattr(exc, "error_dict"):
            for field, errors in exc.message_dict.items():
                for error in errors:
                    self.add_error(field if field in self.fields else None, error)
        else:
            for message in exc.messages:
                self.add_error(None, message)


class DengfengForm(BootstrapMixin, ServiceErrorsMixin, forms.Form):
    """A plain form of the application's pages."""


class DengfengModelForm(BootstrapMixin, ServiceErrorsMixin, forms.ModelForm):
    """A model form of the application's pages."""
