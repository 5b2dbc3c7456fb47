"""Uploaded files: checked by content for type and size, stored under generated names."""

import errno
import logging
import uuid
from pathlib import PurePath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

# Types are recognised by their content, never by the name the browser sent.
ALLOWED_TYPES = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/webp": "webp",
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/msword": "doc",
}
ALLOWED_DESCRIPTION = _("JPEG, PNG or WebP pictures, PDF, Word or Excel documents")


def sniff_content_type(uploaded) -> str | None:
    uploaded.seek(0)
    head = uploaded.read(8192)
    uploaded.seek(0)
    kind = filetype.guess(head)
    if kind is None:
        return None
    return kind.mime


def validate_upload(uploaded):
    limit = settings.UPLOAD_MAX_BYTES
    if uploaded.size > limit:
        raise ValidationError(
            _("The file “%(name)s” is %(size)s; files may be at most %(limit)s."),
            code="too_large",
            params={
                "name": uploaded.name,
                "size": filesizeformat(uploaded.size),
                "limit": filesizeformat(limit),
            },
        )
    if uploaded.size == 0:
        raise ValidationError(
            _("The file “%(name)s” is empty."), code="empty", params={"name": uploaded.name}
        )
    content_type = sniff_content_type(uploaded)
    if content_type not in ALLOWED_TYPES:
        raise ValidationError(
            _("The file “%(name)s” is not an accepted type. Accepted: %(allowed)s."),
            code="wrong_type",
            params={"name": uploaded.name, "allowed": ALLOWED_DESCRIPTION},
        )
    return content_type


def generated_name(instance, filename):
    extension = ALLOWED_TYPES.get(getattr(instance, "content_type", ""), "bin")
    return f"uploads/{instance._meta.app_label}/{uuid.uuid4().hex}.{extension}"


class UploadedFile(models.Model):
    """Base for stored files: the generated storage name plus what the user saw."""

    file = models.FileField(_("file"), upload_to=generated_name, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.original_name

    @classmethod
    def from_upload(cls, uploaded, user, **fields):
        content_type = validate_upload(uploaded)
        return cls(
            file=uploaded,
            original_name=PurePath(uploaded.name).name[:200],
            content_type=content_type,
            size=uploaded.size,
            uploaded_by=user,
            **fields,
        )


# Errors of the file storage that the person uploading can do nothing about but wait.
STORAGE_FULL = (errno.ENOSPC, errno.EDQUOT)


def uploads_store(records) -> None:
    """Save each record with its file, inside the caller's transaction.

    When the storage refuses a file (disk full, read-only or unreachable), the files stored so
    far are removed and a ValidationError says so in the user's language; raised inside the
    caller's `transaction.atomic`, it rolls the rows back too: nothing is saved.
    """
    stored = []
    try:
        for record in records:
            record.save()
            stored += [
                getattr(record, field.attname)
                for field in record._meta.concrete_fields
                if isinstance(field, models.FileField)
            ]
    except OSError as error:
        logger.error("Storing an uploaded file failed: %s", error)
        for file in stored:
            try:
                file.storage.delete(file.name)
            except OSError:
                logger.exception("Could not remove %s after a failed upload", file.name)
        if error.errno in STORAGE_FULL:
            message = _("The file storage is full, so nothing was saved. Please try again later.")
        else:
            message = _(
                "The file storage cannot be written to at the moment, so nothing was saved. "
                "Please try again later."
            )
        raise ValidationError(message, code="storage_unavailable") from error
