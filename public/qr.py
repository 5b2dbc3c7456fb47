"""QR codes of public pages, as SVG (qrcode's path image needs no Pillow)."""

import io

import qrcode
from qrcode.image.svg import SvgPathImage


def qr_svg(url: str) -> bytes:
    buffer = io.BytesIO()
    qrcode.make(url, image_factory=SvgPathImage, border=2).save(buffer)
    return buffer.getvalue()
