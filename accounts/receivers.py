"""Sign-in events: audited, and the session noted (see services.session_start)."""

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import pre_save
from django.dispatch import receiver

from audit.models import Action, Outcome
from audit.services import audit_record

from . import services


def _method(user) -> str:
    backend = getattr(user, "backend", "") or ""
    return "single sign-on" if backend.endswith("oidc.ExistingAccountBackend") else "password"


@receiver(pre_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="accounts_new_account")
def note_new_account(sender, instance, **kwargs):
    # Read when the password is set (validators.PasswordChangeRecorder): a new account's
    # first password is not a password change.
    instance._accounts_new = instance._state.adding


@receiver(user_logged_in, dispatch_uid="accounts_signed_in")
def signed_in(sender, request, user, **kwargs):
    services.session_start(request=request, user=user)
    step = request.session.get(services.SECOND_FACTOR_STEP)
    detail = _method(user)
    if step:
        detail += f"; second factor: {step}"
    audit_record(Action.SIGN_IN, request=request, user=user, detail=detail)


@receiver(user_logged_out, dispatch_uid="accounts_signed_out")
def signed_out(sender, request, user, **kwargs):
    if request is None:
        return
    if request.session.session_key:
        services.session_forget(session_key=request.session.session_key)
    if user is not None:
        audit_record(Action.SIGN_OUT, request=request, user=user)


@receiver(user_login_failed, dispatch_uid="accounts_sign_in_failed")
def sign_in_failed(sender, credentials, request=None, **kwargs):
    # The same record whether the account exists or not: the name tried, from where.
    audit_record(
        Action.SIGN_IN_FAILED,
        request=request,
        user=None,
        username=str(credentials.get("username") or ""),
        outcome=Outcome.FAILURE,
    )


@receiver(user_locked_out, dispatch_uid="accounts_locked_out")
def locked_out(sender, request, username, ip_address, **kwargs):
    failures = getattr(request, "axes_failures_since_start", None)
    audit_record(
        Action.LOCKOUT,
        request=request,
        user=None,
        username=username or "",
        outcome=Outcome.REFUSED,
        detail=f"account {username or '-'} / address {ip_address or '-'} locked"
        + (f" after {failures} failures" if failures else ""),
    )
