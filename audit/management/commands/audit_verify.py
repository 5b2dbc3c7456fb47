from django.core.management.base import BaseCommand, CommandError

from audit.services import audit_verify


class Command(BaseCommand):
    help = "Verify the SHA-256 chain of the security audit log; report the first broken row."

    def handle(self, *args, **options):
        result = audit_verify()
        if not result.intact:
            raise CommandError(
                f"Audit log broken at row {result.first_broken}: {result.reason} "
                f"({result.rows} rows verified before it)."
            )
        self.stdout.write(self.style.SUCCESS(f"Audit log intact: {result.rows} rows verified."))
