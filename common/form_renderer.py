"""The project's form renderer (``FORM_RENDERER``): Django's own widget and form templates in their Jinja2
versions (``django/forms/jinja2``, shipped with Django: the same markup), and the template language for the
templates that exist only there (the admin's widgets, ``admin/widgets/…``).

A select is rendered as one template per option; in the template language the screening list's nine filter
selects cost more than the rest of the page, in Jinja2 about half (issue 10, ``benchmarks/pages.py``)."""

from django.forms.renderers import BaseRenderer, DjangoTemplates, Jinja2
from django.template.exceptions import TemplateDoesNotExist


class FormRenderer(BaseRenderer):
    def __init__(self):
        self.fast = Jinja2()
        self.fallback = DjangoTemplates()

    def get_template(self, template_name):
        try:
            return self.fast.get_template(template_name)
        except TemplateDoesNotExist:
            return self.fallback.get_template(template_name)
