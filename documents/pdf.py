"""The one PDF engine: every PDF is a template under ``templates/<app>/pdf/`` plus one call to ``render_pdf``.

- The project's own CJK font (``static/fonts``, "Dengfeng Sans", a subset of Noto Sans CJK SC under the OFL) is
  loaded by the template (``documents/pdf/fonts.css``), so a PDF reads the same on a machine that has never
  installed a CJK font; Debian's full Noto CJK, when present, covers what the subset lacks.
- A url_fetcher reads only the project's own static files (``dengfeng-static:path``) and ``data:`` URIs: no
  network, no ``file://``.
- A PDF never embeds a font without CJK glyphs: if the layout fell back to one (e.g. DejaVu), rendering fails
  loudly (``PdfFontError``) instead of producing empty boxes.
"""

import logging
from functools import lru_cache

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

STATIC_SCHEME = "dengfeng-static:"
CJK_FAMILIES = frozenset({"Dengfeng Sans", "Noto Sans CJK SC"})


class PdfFontError(RuntimeError):
    """The PDF would embed a font that has no Chinese glyphs."""


class ForbiddenResource(ValueError):
    """A document asked for something outside the project's static files."""


@lru_cache(maxsize=1)
def _font_config():
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()  # one per worker process (STACK-NOTES)


def _static_only_fetcher():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        """WeasyPrint's fetcher, limited to the project's static files and data: URIs; anything else stops the
        render (``fail_on_errors``)."""

        def fetch(self, url, headers=None):
            if url.startswith(STATIC_SCHEME):
                relative = url[len(STATIC_SCHEME) :].lstrip("/")
                path = finders.find(relative) if ".." not in relative.split("/") else None
                if not path:
                    raise ForbiddenResource(f"no static file {relative!r}")
                with open(path, "rb") as handle:
                    return URLFetcherResponse(url, handle.read(), {"Content-Type": _mime(relative)})
            if url.startswith("data:"):
                return super().fetch(url, headers)
            raise ForbiddenResource(f"documents may only use the project's static files, not {url!r}")

    return StaticOnlyFetcher(fail_on_errors=True)


def _mime(name):
    return {
        ".otf": "font/otf",
        ".ttf": "font/ttf",
        ".woff2": "font/woff2",
        ".css": "text/css",
        ".png": "image/png",
        ".svg": "image/svg+xml",
        ".jpg": "image/jpeg",
    }.get(name[name.rfind(".") :].lower(), "application/octet-stream")


def render_html(template_name: str, context: dict) -> str:
    return render_to_string(template_name, context)


def harfbuzz_subset_available() -> bool:
    """WeasyPrint subsets fonts with HarfBuzz (Debian ``libharfbuzz-subset0`` ≥ 4.1); without it, fontTools takes
    about twenty times as long for a CJK font (STACK-NOTES)."""
    from weasyprint.text.ffi import harfbuzz, harfbuzz_subset

    return harfbuzz_subset is not None and bool(harfbuzz.hb_version_atleast(4, 1, 0))


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML

    if not harfbuzz_subset_available():  # WeasyPrint would only log it and take 9 s instead of 0.5 s
        raise PdfFontError("缺少 HarfBuzz 字体子集化库（Debian 软件包 libharfbuzz-subset0），已停止生成PDF。")

    document = HTML(string=html, base_url=STATIC_SCHEME, url_fetcher=_static_only_fetcher()).render(
        font_config=_font_config()
    )
    pdf = document.write_pdf()
    foreign = {font.family for font in document.fonts.values()} - CJK_FAMILIES  # filled while the PDF is drawn
    if foreign:
        raise PdfFontError(f"PDF 将使用不含中文字形的字体：{'、'.join(sorted(foreign))}；已停止生成。")
    return pdf


def render_pdf(template_name: str, context: dict) -> bytes:
    return html_to_pdf(render_html(template_name, context))
