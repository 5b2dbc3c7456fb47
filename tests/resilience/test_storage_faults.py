"""A file storage that refuses writes (disk full, read-only or not a directory) while someone
uploads evidence: a clear Chinese error on the form, nothing saved, no file left behind."""

import datetime as dt
import errno
import os

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from followup.models import Evidence, ProgressReport
from followup.services import follow_up_item_add
from tests.cast import Cast
from tests.helpers import assert_unchanged, db_state
from tests.workflow import advance, today
from topics.models import State

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture
def item(db):
    cast = Cast().everyone()
    topic = advance(cast.topic(), State.FOLLOWING_UP, cast=cast)
    item = follow_up_item_add(
        topic=topic,
        actor=cast.office,
        task="完成一期管网施工",
        department=cast.department,
        due_on=today() + dt.timedelta(days=10),
    )
    item.cast = cast
    return item


@pytest.fixture
def client(client, item):
    client.force_login(item.cast.department_user)
    return client


def report(client, item):
    return client.post(
        reverse("followup:item_report", args=[item.topic.pk, item.pk]),
        {
            "percent_done": 60,
            "text": "管网已铺设过半",
            "files": [
                SimpleUploadedFile("现场1.png", PNG, content_type="image/png"),
                SimpleUploadedFile("现场2.png", PNG, content_type="image/png"),
            ],
        },
    )


def files_under(root):
    return sorted(
        os.path.relpath(os.path.join(folder, name), root)
        for folder, _dirs, names in os.walk(root)
        for name in names
    )


def test_a_full_disk_gives_a_clear_error_and_keeps_nothing(client, item, monkeypatch, tmp_path):
    real_save, calls = FileSystemStorage._save, []

    def second_write_fails(storage, name, content):
        calls.append(name)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_save(storage, name, content)

    monkeypatch.setattr(FileSystemStorage, "_save", second_write_fails)
    before = db_state()
    with override_settings(MEDIA_ROOT=str(tmp_path)):
        response = report(client, item)

    assert response.status_code == 400
    assert "文件存储空间已满，本次内容没有保存。请稍后再试。" in response.content.decode()
    assert len(calls) == 2  # the first file was written, then removed
    assert files_under(tmp_path) == []
    assert_unchanged(before)
    assert not ProgressReport.objects.exists() and not Evidence.objects.exists()


def test_a_media_directory_that_cannot_be_written_gives_a_clear_error(client, item, tmp_path):
    blocked = tmp_path / "media"
    blocked.write_text("not a directory")  # as an unmounted or read-only volume would refuse
    before = db_state()
    with override_settings(MEDIA_ROOT=str(blocked)):
        response = report(client, item)

    assert response.status_code == 400
    assert "文件存储暂时无法写入，本次内容没有保存。请稍后再试。" in response.content.decode()
    assert_unchanged(before)


def test_the_same_report_is_saved_once_the_storage_works_again(client, item, tmp_path):
    with override_settings(MEDIA_ROOT=str(tmp_path)):
        response = report(client, item)

    assert response.status_code == 302
    assert Evidence.objects.count() == 2
    assert len(files_under(tmp_path)) == 2


def test_a_public_submission_with_photos_on_a_full_disk_saves_nothing(
    client, db, monkeypatch, tmp_path, settings
):
    from captcha.conf import settings as captcha_settings

    from public.models import Submission, SubmissionPhoto
    from tests.public.factories import jpeg_with_gps
    from tests.public.test_submit import form_data

    committee = Cast().committee
    monkeypatch.setattr(captcha_settings, "CAPTCHA_TEST_MODE", True)
    real_save, calls = FileSystemStorage._save, []

    def second_write_fails(storage, name, content):
        calls.append(name)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_save(storage, name, content)

    monkeypatch.setattr(FileSystemStorage, "_save", second_write_fails)
    photos = [
        SimpleUploadedFile(f"street{n}.jpg", jpeg_with_gps(), content_type="image/jpeg")
        for n in (1, 2)
    ]
    with override_settings(MEDIA_ROOT=str(tmp_path)):
        response = client.post(
            reverse("public:submit", args=[committee.pk]), {**form_data(), "photos": photos}
        )

    assert response.status_code == 400
    assert "文件存储空间已满，本次内容没有保存。请稍后再试。" in response.content.decode()
    assert files_under(tmp_path) == []
    assert not Submission.objects.exists() and not SubmissionPhoto.objects.exists()
