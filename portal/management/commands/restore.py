from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal.backup import BackupError, backup_restore, backup_verify


class Command(BaseCommand):
    help = (
        "Restore an archive of `manage.py backup` into an empty installation (empty database, "
        "empty file storage), then verify the audit log and the minutes PDFs."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument(
            "--check",
            action="store_true",
            help="only check the archive against its manifest; change nothing",
        )

    def handle(self, *args, archive, check=False, **options):
        try:
            if check:
                manifest = backup_verify(Path(archive))
                self.stdout.write(
                    self.style.SUCCESS(
                        f"{archive}: {len(manifest['members'])} members match the manifest."
                    )
                )
                return
            report = backup_restore(Path(archive))
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Restored the database of {report.manifest['created_at']} and {report.files} files."
        )
        if report.problems:
            raise CommandError("Restored, but:\n" + "\n".join(report.problems))
        self.stdout.write(
            self.style.SUCCESS(
                f"Audit log intact ({report.audit_rows} rows); {report.minutes_pdfs} minutes "
                "PDFs match their SHA-256. Run `manage.py migrate` if this version is newer."
            )
        )
