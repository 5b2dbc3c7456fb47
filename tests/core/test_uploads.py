"""Uploaded files are checked by content and size, and stored under generated names."""

import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core.uploads import validate_upload
from research.models import ResearchActivity
from research.services import research_activity_record
from tests.workflow import advance
from topics.models import State

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15"
    b"\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
JPEG = (
    b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    + b"\x00" * 64
    + b"\xff\xd9"
)
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200
ZIP = b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + b"\x00" * 100


def upload(name, content):
    return SimpleUploadedFile(name, content)


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("现场照片.png", PNG, "image/png"),
        ("验收报告.pdf", PDF, "application/pdf"),
        ("photo.jpg", JPEG, "image/jpeg"),
        # The type comes from the content, not from the name the browser sent.
        ("照片.pdf", PNG, "image/png"),
    ],
)
def test_accepted_types(name, content, content_type):
    assert validate_upload(upload(name, content)) == content_type


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("setup.exe", EXE),
        ("报告.pdf", EXE),  # a program renamed .pdf
        ("报告.pdf", "这只是一段文字，改了扩展名。".encode()),  # text renamed .pdf
        ("archive.zip", ZIP),
        ("page.html", b"<html><script>alert(1)</script></html>"),
    ],
)
def test_wrong_type_is_refused_with_a_clear_message(name, content):
    with pytest.raises(ValidationError) as info:
        validate_upload(upload(name, content))

    error = info.value
    assert error.code == "wrong_type"
    message = error.messages[0]
    assert name in message
    assert "PDF" in message and "PNG" in message  # names what is accepted


def test_too_large_is_refused(settings):
    settings.UPLOAD_MAX_BYTES = 100
    content = PNG + b"\x00" * 200

    with pytest.raises(ValidationError) as info:
        validate_upload(upload("大照片.png", content))

    assert info.value.code == "too_large"
    assert "大照片.png" in info.value.messages[0]
    assert "100" in info.value.messages[0]  # the limit is named


def test_at_the_limit_is_accepted(settings):
    settings.UPLOAD_MAX_BYTES = len(PNG)
    assert validate_upload(upload("刚好.png", PNG)) == "image/png"


def test_empty_file_is_refused():
    with pytest.raises(ValidationError) as info:
        validate_upload(upload("空文件.pdf", b""))

    assert info.value.code == "empty"
    assert "空文件.pdf" in info.value.messages[0]


@pytest.mark.django_db
def test_stored_under_a_generated_name(cast, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    cast.everyone()
    topic = advance(cast.topic(), State.RESEARCHING, cast=cast)
    files = [
        upload("../../etc/座谈会纪要.pdf", PDF),
        upload("照片.pdf", PNG),
    ]

    activity = research_activity_record(
        topic=topic,
        actor=cast.member,
        kind=ResearchActivity.Kind.SYMPOSIUM,
        held_on=timezone.localdate(),
        place="江北区住建局会议室",
        members=[cast.member],
        findings="燃气公司同意先期投资。",
        files=files,
    )

    first, second = activity.attachments.order_by("pk")
    assert first.original_name == "座谈会纪要.pdf"  # no path from the browser is kept
    assert re.fullmatch(r"uploads/research/[0-9a-f]{32}\.pdf", first.file.name)
    assert re.fullmatch(r"uploads/research/[0-9a-f]{32}\.png", second.file.name)  # by content
    assert first.file.name != second.file.name
    assert (first.size, first.content_type, first.uploaded_by) == (
        len(PDF),
        "application/pdf",
        cast.member,
    )
    stored = Path(tmp_path) / first.file.name
    assert stored.read_bytes() == PDF
    assert "座谈会纪要" not in str(stored)
