"""What a signed-in session must satisfy on every request: not idle or too old, the second
factor given (or set up, where required), the password not expired."""

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import Action
from audit.services import audit_record

from . import services

# Pages a person may open while a step of the sign-in is still owed.
OPEN_PATHS = ("/static/", "/media/", "/i18n/")
OPEN_URLS = ("logout", "accounts:verify")


def _open(request, *names) -> bool:
    if request.path.startswith(OPEN_PATHS):
        return True
    return any(request.path == reverse(name) for name in (*OPEN_URLS, *names))


class SessionLimitsMiddleware:
    """Signs out a session idle longer than SESSION_IDLE_MINUTES, or older than
    SESSION_LIFETIME_HOURS, and notes that the session is in use."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            reason = services.session_expiry_reason(request=request)
            if reason:
                user = request.user
                audit_record(Action.SESSION_ENDED, request=request, user=user, detail=reason)
                logout(request)
                messages.info(
                    request,
                    _("You were signed out after a while without activity.")
                    if reason == "idle"
                    else _("Your session has reached its time limit; please sign in again."),
                )
                return redirect_to_login(request.get_full_path())
            services.session_touch(request=request)
        return self.get_response(request)


class SecondFactorMiddleware:
    """Until the code of the second factor is given, or a second factor set up where it is
    required, a signed-in person reaches only the page that asks for it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        step = request.session.get(services.SECOND_FACTOR_STEP)
        if step and request.user.is_authenticated:
            if step == services.VERIFY and not _open(request):
                return redirect_to_login(request.get_full_path(), reverse("accounts:verify"))
            if step == services.ENROL and not _open(request, "accounts:second_factor"):
                messages.info(
                    request, _("Set up a second factor for your account before you continue.")
                )
                return redirect("accounts:second_factor")
        return self.get_response(request)


class PasswordExpiryMiddleware:
    """After PASSWORD_EXPIRY_DAYS (if set), the password must be changed before anything
    else. Accounts that sign in only by single sign-on have no password to change."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        days = settings.PASSWORD_EXPIRY_DAYS
        user = request.user
        if (
            days
            and user.is_authenticated
            and user.has_usable_password()
            and not _open(request, "accounts:password_change")
        ):
            changed = user.password_changed_at or user.date_joined
            if timezone.now() - changed > dt.timedelta(days=days):
                messages.info(request, _("Your password has expired; please choose a new one."))
                return redirect("accounts:password_change")
        return self.get_response(request)
