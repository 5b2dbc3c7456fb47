"""Small files for upload tests: a real PNG, and a script pretending to be one."""

import base64

from django.core.files.uploadedfile import SimpleUploadedFile

PNG_BYTES = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


def png(name="现场照片.png"):
    return SimpleUploadedFile(name, PNG_BYTES, content_type="image/png")


def fake_png(name="照片.png"):
    return SimpleUploadedFile(name, b"#!/bin/sh\nrm -rf /\n", content_type="image/png")
