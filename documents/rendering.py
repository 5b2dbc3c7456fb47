"""HTML to PDF with WeasyPrint and the one GB/T 9704 stylesheet.

Documents are always in Chinese, whatever language the person asking uses: they are
official documents in the national format. Nothing is fetched while rendering (the
templates refer to no URL, fonts come from the machine), and the same input gives the same
bytes, so that a rendered PDF can be stored with its SHA-256.
"""

import hashlib
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import translation

STYLESHEET = Path(__file__).resolve().parent / "pdf" / "gbt9704.css"
DOCUMENT_LANGUAGE = "zh-hans"


def _refuse_fetch(url, *args, **kwargs):
    raise ValueError(f"documents fetch nothing while rendering: {url}")


def render_pdf(template_name: str, context: dict) -> bytes:
    import weasyprint  # loads its own stylesheets and fonts: only where a PDF is made

    with translation.override(DOCUMENT_LANGUAGE):
        html = render_to_string(template_name, context)
    document = weasyprint.HTML(string=html, url_fetcher=_refuse_fetch)
    return document.write_pdf(stylesheets=[weasyprint.CSS(filename=str(STYLESHEET))])


def sha256_of(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()
