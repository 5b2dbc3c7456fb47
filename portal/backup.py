"""Backup and restore of a whole installation: the database and the stored files together.

One archive (a tar file, gzip-compressed when its name ends in .gz) holds

- `database.pgdump` (PostgreSQL: `pg_dump` custom format) or `database.sqlite3` (SQLite: a
  consistent copy made with SQLite's online backup);
- `files/<name>` for every file of the default storage (shared directory or S3), read through
  the storage API;
- `manifest.json`, last: when and from what it was made, the latest migration of each app,
  and the size and SHA-256 of every other member.

The database is dumped first, then the files: files are only ever added (generated names),
so every file the dumped rows name is in the archive. Restoring checks every SHA-256 before
it changes anything, refuses a database that is not empty, restores the rows, then the files,
then verifies what an office must be able to trust: the audit log's chain and the SHA-256 of
every stored minutes PDF.
"""

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from audit.services import audit_verify
from consultations.models import MinutesVersion

FORMAT = 1
MANIFEST = "manifest.json"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """The archive cannot be made or restored; the message says why."""


def _sha256_file(path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for chunk in iter(lambda: stream.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _pg_environment(settings_dict) -> dict:
    environment = dict(os.environ)
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ):
        if settings_dict.get(key):
            environment[variable] = str(settings_dict[key])
    return environment


def _run(command, settings_dict):
    try:
        subprocess.run(command, env=_pg_environment(settings_dict), check=True, capture_output=True)
    except FileNotFoundError as error:
        raise BackupError(f"{command[0]} is not installed (Debian: postgresql-client)") from error
    except subprocess.CalledProcessError as error:
        raise BackupError(
            f"{command[0]} failed: {error.stderr.decode(errors='replace')}"
        ) from error


def _dump_database(directory: Path) -> Path:
    settings_dict = connection.settings_dict
    if connection.vendor == "postgresql":
        target = directory / "database.pgdump"
        _run(["pg_dump", "--format=custom", "--no-owner", f"--file={target}"], settings_dict)
        return target
    if connection.vendor == "sqlite":
        target = directory / "database.sqlite3"
        source = sqlite3.connect(settings_dict["NAME"])
        copy = sqlite3.connect(target)
        with copy:
            source.backup(copy)
        source.close()
        copy.close()
        return target
    raise BackupError(f"no backup for the {connection.vendor} database")


def _stored_files(storage, directory=""):
    folders, files = storage.listdir(directory)
    for name in sorted(files):
        yield f"{directory}/{name}" if directory else name
    for folder in sorted(folders):
        yield from _stored_files(storage, f"{directory}/{folder}" if directory else folder)


class _Hashing(io.RawIOBase):
    """Reads a stream through, keeping the SHA-256 of what was read."""

    def __init__(self, stream):
        self.stream, self.digest = stream, hashlib.sha256()

    def readable(self):
        return True

    def readinto(self, buffer):
        chunk = self.stream.read(len(buffer))
        self.digest.update(chunk)
        buffer[: len(chunk)] = chunk
        return len(chunk)


def backup_create(output: Path, *, storage=default_storage) -> dict:
    """Write the archive of the database and the stored files to `output`; its manifest."""
    output = Path(output)
    mode = "w:gz" if output.name.endswith(".gz") else "w"
    members = {}
    with tempfile.TemporaryDirectory() as scratch:
        dump = _dump_database(Path(scratch))
        partial = output.with_name(output.name + ".partial")
        with tarfile.open(partial, mode) as archive:
            archive.add(dump, arcname=dump.name)
            members[dump.name] = {"size": dump.stat().st_size, "sha256": _sha256_file(dump)}
            for name in _stored_files(storage):
                info = tarfile.TarInfo(f"files/{name}")
                info.size, info.mtime = storage.size(name), int(timezone.now().timestamp())
                with storage.open(name, "rb") as stream:
                    hashing = _Hashing(stream)
                    archive.addfile(info, io.BufferedReader(hashing, CHUNK))
                members[info.name] = {"size": info.size, "sha256": hashing.digest.hexdigest()}
            manifest = {
                "format": FORMAT,
                "created_at": timezone.now().isoformat(),
                "database": connection.vendor,
                "migrations": _latest_migrations(),
                "members": members,
            }
            content = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime = len(content), int(timezone.now().timestamp())
            archive.addfile(info, io.BytesIO(content))
        partial.replace(output)  # never a half-written archive under the final name
    return manifest


def _latest_migrations() -> dict:
    latest = {}
    for app, name in MigrationRecorder(connection).migration_qs.values_list("app", "name"):
        latest[app] = max(latest.get(app, name), name)
    return latest


@dataclass
class RestoreReport:
    manifest: dict
    files: int = 0
    audit_rows: int = 0
    minutes_pdfs: int = 0
    problems: list = field(default_factory=list)


def backup_verify(archive_path: Path) -> dict:
    """Check every member of the archive against the manifest; the manifest."""
    try:
        archive = tarfile.open(archive_path)  # noqa: SIM115 — closed by the `with` below
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"not a readable backup archive: {error}") from error
    with archive:
        try:
            manifest = json.load(archive.extractfile(MANIFEST))
        except KeyError as error:
            raise BackupError("the archive has no manifest.json") from error
        if manifest.get("format") != FORMAT:
            raise BackupError(f"unknown archive format {manifest.get('format')!r}")
        seen = set()
        for member in archive:
            if member.name == MANIFEST:
                continue
            expected = manifest["members"].get(member.name)
            if expected is None or not member.isfile():
                raise BackupError(f"unexpected member {member.name}")
            digest = hashlib.sha256()
            stream = archive.extractfile(member)
            for chunk in iter(lambda stream=stream: stream.read(CHUNK), b""):
                digest.update(chunk)
            if digest.hexdigest() != expected["sha256"]:
                raise BackupError(f"{member.name} does not match its SHA-256 in the manifest")
            seen.add(member.name)
        missing = set(manifest["members"]) - seen
        if missing:
            raise BackupError(f"members missing from the archive: {sorted(missing)[:5]}")
    return manifest


def _database_is_empty() -> bool:
    return not connection.introspection.table_names()


def backup_restore(archive_path: Path, *, storage=default_storage) -> RestoreReport:
    """Restore an archive into an empty installation (database and file storage)."""
    manifest = backup_verify(archive_path)
    if manifest["database"] != connection.vendor:
        raise BackupError(
            f"the archive holds a {manifest['database']} database; this installation uses "
            f"{connection.vendor}"
        )
    if not _database_is_empty():
        raise BackupError("the database is not empty: restore only into an empty installation")
    names = [
        name.removeprefix("files/") for name in manifest["members"] if name.startswith("files/")
    ]
    occupied = [name for name in names if storage.exists(name)]
    if occupied:
        raise BackupError(f"the file storage already holds {occupied[0]}: it must be empty")
    report = RestoreReport(manifest=manifest)
    with tarfile.open(archive_path) as archive, tempfile.TemporaryDirectory() as scratch:
        if connection.vendor == "postgresql":
            dump = Path(scratch) / "database.pgdump"
            with open(dump, "wb") as target:
                shutil.copyfileobj(archive.extractfile("database.pgdump"), target, CHUNK)
            connection.close()
            _run(
                ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error",
                 "--single-transaction", f"--dbname={connection.settings_dict['NAME']}",
                 str(dump)],
                connection.settings_dict,
            )  # fmt: skip
        else:
            connection.close()
            source_path = Path(scratch) / "database.sqlite3"
            with open(source_path, "wb") as target:
                shutil.copyfileobj(archive.extractfile("database.sqlite3"), target, CHUNK)
            source, copy = (
                sqlite3.connect(source_path),
                sqlite3.connect(connection.settings_dict["NAME"]),
            )
            with copy:
                source.backup(copy)
            source.close()
            copy.close()
        for name in names:
            stored = storage.save(name, File(archive.extractfile(f"files/{name}"), name=name))
            if stored != name:
                raise BackupError(f"the storage kept {name} as {stored}")
            report.files += 1
    verification = audit_verify()
    report.audit_rows = verification.rows
    if not verification.intact:
        report.problems.append(
            f"audit log broken at row {verification.first_broken}: {verification.reason}"
        )
    report.minutes_pdfs, problems = minutes_pdfs_verify(storage)
    report.problems += problems
    return report


def minutes_pdfs_verify(storage=default_storage) -> tuple[int, list]:
    """Every stored minutes PDF (as submitted and signed) against its stored SHA-256."""
    checked, problems = 0, []
    versions = MinutesVersion.objects.exclude(pdf="", signed_pdf="").order_by("pk")
    for version in versions.iterator():
        for file, expected in ((version.pdf, version.pdf_sha256),
                               (version.signed_pdf, version.signed_pdf_sha256)):  # fmt: skip
            if not file:
                continue
            digest = hashlib.sha256()
            with storage.open(file.name, "rb") as stream:
                for chunk in iter(lambda stream=stream: stream.read(CHUNK), b""):
                    digest.update(chunk)
            checked += 1
            if digest.hexdigest() != expected:
                problems.append(f"{file.name} does not match the SHA-256 stored with it")
    return checked, problems


def default_archive_name(directory: Path) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    return Path(directory) / f"weiyuan-backup-{stamp}.tar.gz"


__all__ = [
    "BackupError",
    "backup_create",
    "backup_restore",
    "backup_verify",
    "default_archive_name",
    "minutes_pdfs_verify",
]
