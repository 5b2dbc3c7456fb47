"""Accounts: the permissions of account security, and the sessions a person has open.

A session is tracked by its key in a small table of our own, not by a session backend of a
library (django-user-sessions): whatever SESSION_ENGINE the deployment uses (database, cache,
cached database), the list shows where one is signed in and ending one deletes it through
that engine's own SessionStore.
"""

from django.conf import settings
from django.contrib.auth.models import UserManager
from django.contrib.auth.password_validation import validate_password
from django.db import models
from django.utils.translation import gettext_lazy as _

from people.models import User


class AccountManager(UserManager):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        """Refuses a password that the policy refuses, whatever `createsuperuser` was told
        (Django's own lets an interactive user bypass it, and checks nothing with
        --noinput)."""
        if password is not None:
            validate_password(password, self.model(username=username, email=email or ""))
        return super().create_superuser(username, email, password, **extra_fields)


class Account(User):
    """A person's account as account security sees it; carries the security permissions that
    the security administrator's group is given."""

    objects = AccountManager()

    class Meta:
        proxy = True
        default_permissions = ()
        permissions = [
            ("manage_lockouts", _("Can see and lift sign-in lockouts")),
            ("reset_second_factor", _("Can reset a person's second factor")),
        ]
        verbose_name = _("account")
        verbose_name_plural = _("accounts")


class UserSession(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="signed_in_sessions",
    )
    session_key = models.CharField(_("session key"), max_length=40, unique=True)
    signed_in_at = models.DateTimeField(_("signed in at"))
    last_seen = models.DateTimeField(_("last seen"))
    source_address = models.GenericIPAddressField(_("source address"), null=True, blank=True)
    user_agent = models.CharField(_("user agent"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["-last_seen"]

    def __str__(self):
        return f"{self.user} · {self.signed_in_at:%Y-%m-%d %H:%M}"
