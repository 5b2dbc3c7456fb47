"""Photos of a submission: recognised by their content with Pillow, turned upright, shrunk,
and re-encoded as JPEG without any metadata (EXIF, GPS, comments)."""

import io

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}
MAX_PIXELS = 40_000_000  # refuse decompression bombs long before Pillow's own limit


def photo_check(uploaded) -> None:
    """Refuse what is not a JPEG, PNG or WebP picture of sensible size, by its content."""
    limit = settings.PUBLIC_PHOTO_MAX_BYTES
    if uploaded.size > limit:
        raise ValidationError(
            _("The photo “%(name)s” is %(size)s; a photo may be at most %(limit)s."),
            code="too_large",
            params={
                "name": uploaded.name,
                "size": filesizeformat(uploaded.size),
                "limit": filesizeformat(limit),
            },
        )
    try:
        uploaded.seek(0)
        with Image.open(uploaded) as image:
            image_format = image.format
            pixels = image.width * image.height
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as error:
        raise ValidationError(
            _("The file “%(name)s” is not a photo. Please choose a JPEG, PNG or WebP picture."),
            code="not_a_photo",
            params={"name": uploaded.name},
        ) from error
    finally:
        uploaded.seek(0)
    if image_format not in ACCEPTED_FORMATS or pixels > MAX_PIXELS:
        raise ValidationError(
            _("The file “%(name)s” is not a photo. Please choose a JPEG, PNG or WebP picture."),
            code="not_a_photo",
            params={"name": uploaded.name},
        )


def photo_clean(uploaded) -> tuple[ContentFile, int, int]:
    """The photo upright, at most PUBLIC_PHOTO_MAX_SIDE pixels on its longer side, as a
    JPEG with no metadata; returns the content and its size in pixels."""
    uploaded.seek(0)
    with Image.open(uploaded) as image:
        image = ImageOps.exif_transpose(image)
        image = image.convert("RGB")
        side = settings.PUBLIC_PHOTO_MAX_SIDE
        image.thumbnail((side, side))
        clean = Image.new("RGB", image.size)
        clean.paste(image)
    buffer = io.BytesIO()
    clean.save(buffer, format="JPEG", quality=85, optimize=True)
    return ContentFile(buffer.getvalue(), name="photo.jpg"), clean.width, clean.height
