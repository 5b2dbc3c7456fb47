"""Password rules beyond Django's own (AUTH_PASSWORD_VALIDATORS names them all)."""

import string

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

CLASSES = (
    ("upper", lambda c: c.isupper()),
    ("lower", lambda c: c.islower()),
    ("digit", lambda c: c in string.digits),
    ("other", lambda c: not c.isalnum()),
)


class CharacterClassesValidator:
    """At least `min_classes` of: capital letters, small letters, digits, other characters."""

    def __init__(self, min_classes=3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        present = sum(any(test(c) for c in password) for _name, test in CLASSES)
        if present < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_too_few_classes")

    def get_help_text(self):
        return ngettext(
            "Your password must mix at least %(count)d kind of character: "
            "capital letters, small letters, digits, other characters.",
            "Your password must mix at least %(count)d of these kinds of character: "
            "capital letters, small letters, digits, other characters.",
            self.min_classes,
        ) % {"count": self.min_classes}


class NotTheUsernameValidator:
    """Neither the username nor a password containing it (in any case)."""

    def validate(self, password, user=None):
        username = (user.get_username() if user is not None else "") or ""
        if len(username) >= 3 and username.casefold() in password.casefold():
            raise ValidationError(
                _("Your password must not contain your username."),
                code="password_contains_username",
            )

    def get_help_text(self):
        return _("Your password must not contain your username.")


class PasswordChangeRecorder:
    """Checks nothing: Django tells every validator when a password was changed
    (`password_changed`), and this one notes the time, which the password expiry reads."""

    def validate(self, password, user=None):
        return None

    def password_changed(self, password, user=None):
        if user is None or user.pk is None:
            return
        user.password_changed_at = timezone.now()
        type(user).objects.filter(pk=user.pk).update(password_changed_at=user.password_changed_at)
        # Every way of changing a password is audited (self-service, the e-mailed link, the
        # admin, a command); an account created with its first password is not a change.
        if not getattr(user, "_accounts_new", False):
            from .services import password_change_audit

            password_change_audit(user=user)

    def get_help_text(self):
        days = settings.PASSWORD_EXPIRY_DAYS
        if days:
            return ngettext(
                "A new password signs you out everywhere else; it must be changed every day.",
                "A new password signs you out everywhere else; it must be changed every "
                "%(days)d days.",
                days,
            ) % {"days": days}
        return _("A new password signs you out everywhere else.")
