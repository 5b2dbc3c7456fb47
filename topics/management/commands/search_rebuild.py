from django.core.management.base import BaseCommand

from topics.search import documents_rebuild


class Command(BaseCommand):
    help = "Write the search document of every topic again (after an import or an upgrade)."

    def handle(self, *args, **options):
        count = documents_rebuild()
        self.stdout.write(f"{count} search documents written.")
