import csv

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from people.models import User


class Command(BaseCommand):
    help = (
        "Create accounts from a UTF-8 CSV file with the columns username, full_name, email "
        "and password. A password must satisfy the password policy; an empty one makes an "
        "account without a password (the person chooses one through the forgotten-password "
        "e-mail or signs in by single sign-on). Nothing is created if any row is refused."
    )

    def add_arguments(self, parser):
        parser.add_argument("csv_file")

    def handle(self, *args, csv_file, **options):
        with open(csv_file, encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
        errors = []
        with transaction.atomic():
            for line, row in enumerate(rows, start=2):
                username = (row.get("username") or "").strip()
                if not username:
                    errors.append(f"line {line}: no username")
                    continue
                if User.objects.filter(username=username).exists():
                    errors.append(f"line {line}: {username} exists already")
                    continue
                user = User(
                    username=username,
                    full_name=(row.get("full_name") or "").strip(),
                    email=(row.get("email") or "").strip(),
                )
                password = row.get("password") or ""
                try:
                    if password:
                        validate_password(password, user)
                except ValidationError as refused:
                    errors.append(f"line {line}: {username}: {' '.join(refused.messages)}")
                    continue
                if password:
                    user.set_password(password)
                else:
                    user.set_unusable_password()
                user.save()
            if errors:
                transaction.set_rollback(True)
        if errors:
            raise CommandError("Nothing imported.\n" + "\n".join(errors))
        self.stdout.write(self.style.SUCCESS(f"{len(rows)} accounts imported."))
