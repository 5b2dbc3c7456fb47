from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal.backup import BackupError, backup_create, default_archive_name


class Command(BaseCommand):
    help = (
        "Back up the database and every stored file together into one archive (tar.gz) with a "
        "manifest of SHA-256s; restore it with `manage.py restore`."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "archive",
            nargs="?",
            help="the archive to write (default: weiyuan-backup-<date>-<time>.tar.gz here)",
        )

    def handle(self, *args, archive=None, **options):
        output = Path(archive) if archive else default_archive_name(Path.cwd())
        try:
            manifest = backup_create(output)
        except BackupError as error:
            raise CommandError(str(error)) from error
        files = sum(1 for name in manifest["members"] if name.startswith("files/"))
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up the {manifest['database']} database and {files} files to {output}."
            )
        )
