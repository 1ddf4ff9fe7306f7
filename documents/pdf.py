"""The one PDF engine: every PDF is a template under ``templates/<app>/pdf/`` plus one call to ``render_pdf``.

The CSS names the CJK font (Noto Sans CJK SC, Debian ``fonts-noto-cjk``) on ``html`` and ``@page``.
"""

from functools import lru_cache

from django.template.loader import render_to_string


@lru_cache(maxsize=1)
def _font_config():
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()  # one per worker process (STACK-NOTES)


def render_html(template_name: str, context: dict) -> str:
    return render_to_string(template_name, context)


def render_pdf(template_name: str, context: dict) -> bytes:
    from weasyprint import HTML

    html = render_html(template_name, context)
    return HTML(string=html, base_url=".").write_pdf(font_config=_font_config())
