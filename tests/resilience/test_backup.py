"""Backup and restore: `manage.py backup` writes the database and the stored files into one
archive; `manage.py restore` puts it into an empty installation (here a fresh database on a
PostgreSQL of the test's own and an empty media directory). Afterwards the signed minutes
still verify against their stored SHA-256, and every row (history and audit log included) is
there, the audit chain intact."""

import datetime as dt
import hashlib
import io
import json
import subprocess
import sys
import tarfile

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection

from audit.models import Action
from audit.services import audit_record
from consultations.models import MinutesVersion
from followup.services import follow_up_item_add, progress_report
from tests.workflow import advance, today
from topics.models import State

from .servers import ROOT, app_environment

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


def snapshot() -> dict:
    """Every table's row count, the audit chain's hashes and the minutes PDFs' SHA-256."""
    from audit.models import AuditEvent

    return {
        "rows": {
            model._meta.label: model._base_manager.count()
            for model in apps.get_models(include_auto_created=True)
        },
        "audit": list(AuditEvent.objects.order_by("pk").values_list("pk", "hash")),
        "minutes": list(
            MinutesVersion.objects.order_by("pk").values_list("pdf_sha256", "signed_pdf_sha256")
        ),
    }


@pytest.fixture
def installation(cast, settings):
    """A year's work on PostgreSQL: signed minutes with their PDFs, evidence, audit rows."""
    if connection.vendor != "postgresql":
        pytest.skip("restores into a PostgreSQL of the test's own")
    from django.core.files.uploadedfile import SimpleUploadedFile

    cast.everyone()
    topic = advance(cast.topic(), State.FOLLOWING_UP, cast=cast)
    item = follow_up_item_add(
        topic=topic,
        actor=cast.office,
        task="完成一期管网施工",
        department=cast.department,
        due_on=today() + dt.timedelta(days=10),
    )
    progress_report(
        item=item,
        actor=cast.department_user,
        percent_done=50,
        text="管网铺设过半",
        files=[SimpleUploadedFile("现场.png", PNG, content_type="image/png")],
    )
    for user in (cast.office, cast.leader_a):
        audit_record(Action.SIGN_IN, user=user)
    version = MinutesVersion.objects.get(minutes__topic=topic)
    assert version.pdf and version.signed_pdf
    return topic


def run_manage(*args, **env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env=app_environment(DJANGO_SETTINGS_MODULE="config.settings.test", **env),
    )


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_into_an_empty_installation_and_everything_verifies(
    installation, spare_postgres, tmp_path
):
    archive = tmp_path / "weiyuan.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    before = snapshot()

    database = spare_postgres.createdb()
    restored_media = tmp_path / "restored-media"
    elsewhere = {"DATABASE_URL": spare_postgres.url(database), "MEDIA_ROOT": restored_media}
    result = run_manage("restore", str(archive), **elsewhere)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "Audit log intact" in result.stdout and "2 minutes PDFs match" in result.stdout
    shown = run_manage(
        "shell",
        "-c",
        "import json; from tests.resilience.test_backup import snapshot; "
        "print(json.dumps(snapshot()))",
        **elsewhere,
    )
    assert shown.returncode == 0, shown.stderr
    after = json.loads(shown.stdout.splitlines()[-1])
    assert after["rows"] == before["rows"]  # history, audit, sessions: every table
    assert after["audit"] == [list(row) for row in before["audit"]]
    assert after["minutes"] == [list(row) for row in before["minutes"]]
    version = MinutesVersion.objects.get(minutes__topic=installation)
    signed = (restored_media / version.signed_pdf.name).read_bytes()
    assert hashlib.sha256(signed).hexdigest() == version.signed_pdf_sha256
    assert run_manage("audit_verify", **elsewhere).returncode == 0

    # A second restore into the same, no longer empty, installation is refused.
    again = run_manage("restore", str(archive), **elsewhere)
    assert again.returncode != 0 and "not empty" in again.stderr


def damaged_copy(archive, target):
    """The archive with one byte of one stored picture changed."""
    with tarfile.open(archive) as source, tarfile.open(target, "w") as copy:
        for member in source:
            content = source.extractfile(member).read()
            if member.name.startswith("files/") and member.name.endswith(".png"):
                content = content[:-1] + bytes([content[-1] ^ 1])
            copy.addfile(member, io.BytesIO(content))
    return target


def test_a_damaged_archive_is_refused_before_anything_changes(tmp_path, db):
    """Without a database of its own: the archive check comes before any change."""
    archive = tmp_path / "weiyuan.tar"
    files = tmp_path / "files"
    files.mkdir()
    (files / "现场.png").write_bytes(PNG)
    manifest = {
        "format": 1,
        "created_at": "2026-11-29T05:00:00+08:00",
        "database": connection.vendor,
        "migrations": {},
        "members": {
            "files/uploads/followup/a.png": {
                "size": len(PNG),
                "sha256": hashlib.sha256(PNG).hexdigest(),
            }
        },
    }
    with tarfile.open(archive, "w") as tar:
        tar.add(files / "现场.png", arcname="files/uploads/followup/a.png")
        content = json.dumps(manifest).encode()
        info = tarfile.TarInfo("manifest.json")
        info.size = len(content)
        tar.addfile(info, io.BytesIO(content))
    call_command("restore", str(archive), check=True, stdout=io.StringIO())

    with pytest.raises(CommandError, match="does not match its SHA-256"):
        call_command(
            "restore", str(damaged_copy(archive, tmp_path / "d.tar")), stdout=io.StringIO()
        )
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(archive), stdout=io.StringIO())
