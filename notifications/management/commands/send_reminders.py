from django.core.management.base import BaseCommand

from notifications.sweep import reminders_sweep


class Command(BaseCommand):
    help = (
        "Run the reminder sweep now: due soon, due today, overdue and escalations, each sent once; "
        "then deliver whatever is still pending."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--inline",
            action="store_true",
            help=(
                "Deliver in this process instead of queueing for the Celery worker "
                "(e.g. while Redis is down)."
            ),
        )

    def handle(self, *args, **options):
        result = reminders_sweep(inline=options["inline"])
        self.stdout.write(
            f"Reminders written: {result.reminders}; "
            f"delivery to {result.recipients} recipients handed on."
        )
