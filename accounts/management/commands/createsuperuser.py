from django.contrib.auth.management.commands import createsuperuser

from accounts.models import Account


class Command(createsuperuser.Command):
    help = "Create a superuser; the password must satisfy the password policy."

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.UserModel = Account
