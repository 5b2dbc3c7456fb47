"""Account security: sessions, the second factor, lockouts. Each change is audited."""

import datetime as dt
from importlib import import_module

import django_otp
from axes.utils import reset as axes_reset
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from simple_history.models import HistoricalRecords

from audit.models import Action, Outcome
from audit.services import audit_record, client_address

from .models import UserSession


def password_change_audit(*, user) -> None:
    """Audit a changed password, with the request that changed it when there is one (the
    one simple-history's middleware keeps for the thread): by the person, by the e-mailed
    link (a reset), by an administrator; or by a command run on the server."""
    request = getattr(HistoricalRecords.context, "request", None)
    match = getattr(request, "resolver_match", None)
    if match is not None and match.url_name == "password_reset_confirm":
        action, actor = Action.PASSWORD_RESET, user
    else:
        action = Action.PASSWORD_CHANGE
        actor = getattr(request, "user", None)
        actor = actor if actor is not None and actor.is_authenticated else None
    detail = "" if actor is None or actor.pk == user.pk else "set by another person"
    if request is None:
        detail = "set on the server"
    audit_record(action, request=request, user=actor, obj=user, detail=detail)


# What the session remembers about the sign-in (epoch seconds), read by the middleware.
SIGNED_IN_AT = "accounts.signed_in_at"
LAST_SEEN = "accounts.last_seen"
# "verify": the person has a second factor and has not given its code yet; "enrol": they
# must set one up before anything else.
SECOND_FACTOR_STEP = "accounts.second_factor"
SECOND_FACTOR_AT = "accounts.second_factor_at"
VERIFY, ENROL = "verify", "enrol"
# The session is written at most this often just to note that it is still in use.
LAST_SEEN_GRANULARITY = 60


def second_factor_required(user) -> bool:
    """Whether this person must sign in with a second factor (production: office staff,
    leaders, the chair meeting and anyone with admin access)."""
    if not settings.SECOND_FACTOR_REQUIRED:
        return False
    if user.is_staff or user.is_superuser:
        return True
    return any(user.has_role(role) for role in settings.SECOND_FACTOR_REQUIRED_ROLES)


def has_second_factor(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def session_start(*, request, user) -> None:
    """After the password (or single sign-on) was accepted: note the session, and what it
    still needs before the person may use the site."""
    now = timezone.now()
    session = request.session
    session[SIGNED_IN_AT] = session[LAST_SEEN] = int(now.timestamp())
    if has_second_factor(user):
        session[SECOND_FACTOR_STEP] = VERIFY
    elif second_factor_required(user):
        session[SECOND_FACTOR_STEP] = ENROL
    if session.session_key is None:
        session.save()
    # One statement (an upsert): signing in again in the same session replaces its row.
    UserSession.objects.bulk_create(
        [
            UserSession(
                session_key=session.session_key,
                user=user,
                signed_in_at=now,
                last_seen=now,
                source_address=client_address(request),
                user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
            )
        ],
        update_conflicts=True,
        unique_fields=["session_key"],
        update_fields=["user", "signed_in_at", "last_seen", "source_address", "user_agent"],
    )


def session_touch(*, request) -> None:
    """The session is in use: note it (at most once a minute)."""
    now = int(timezone.now().timestamp())
    if now - request.session.get(LAST_SEEN, 0) < LAST_SEEN_GRANULARITY:
        return
    request.session[LAST_SEEN] = now
    # A session from before these limits existed counts its lifetime from now.
    request.session.setdefault(SIGNED_IN_AT, now)
    UserSession.objects.filter(session_key=request.session.session_key).update(
        last_seen=dt.datetime.fromtimestamp(now, tz=dt.UTC)
    )


def session_expiry_reason(*, request) -> str:
    """Why this session has ended by itself ("" while it has not)."""
    now = timezone.now().timestamp()
    session = request.session
    if now - session.get(LAST_SEEN, now) > settings.SESSION_IDLE_MINUTES * 60:
        return "idle"
    if now - session.get(SIGNED_IN_AT, now) > settings.SESSION_LIFETIME_HOURS * 3600:
        return "lifetime"
    return ""


def session_forget(*, session_key) -> None:
    """A session was signed out of: it is no longer listed."""
    UserSession.objects.filter(session_key=session_key).delete()


def session_end(*, user_session: UserSession, request) -> None:
    """End one of a person's sessions (on another device): the session store forgets it,
    so its next request is signed out."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    store(session_key=user_session.session_key).delete()
    user_session.delete()
    audit_record(
        Action.SESSION_ENDED,
        request=request,
        detail=f"ended by its owner: signed in {user_session.signed_in_at:%Y-%m-%d %H:%M} "
        f"from {user_session.source_address or '-'}",
    )


def second_factor_device_start(*, user) -> TOTPDevice:
    """The unconfirmed authenticator being set up (one at a time): its secret is shown as
    a QR code until a code from it confirms it."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


def backup_codes_issue(*, user) -> list[str]:
    """New single-use backup codes (the old ones stop working); shown once."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name="backup", confirmed=True)
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(settings.BACKUP_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def second_factor_enrol(*, request, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm the authenticator with a code it shows; returns the backup codes, or None
    when the code is wrong. The session counts as verified from now on."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk, confirmed=False)
        if not device.verify_token(token):
            audit_record(
                Action.SECOND_FACTOR_FAILED,
                request=request,
                outcome=Outcome.FAILURE,
                detail="enrolment",
            )
            return None
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
        codes = backup_codes_issue(user=device.user)
    second_factor_verified(request=request, device=device)
    audit_record(Action.SECOND_FACTOR_ENROL, request=request, detail="TOTP authenticator")
    return codes


def second_factor_check(*, request, token: str):
    """The device of the signed-in person that accepts this code (a code of the
    authenticator, or one of the backup codes, which is then used up), or None."""
    user = request.user
    token = token.strip().replace(" ", "")
    for device in (
        *TOTPDevice.objects.filter(user=user, confirmed=True),
        *StaticDevice.objects.filter(user=user, confirmed=True),
    ):
        if django_otp.verify_token(user, device.persistent_id, token):
            second_factor_verified(request=request, device=device)
            return device
    audit_record(Action.SECOND_FACTOR_FAILED, request=request, outcome=Outcome.FAILURE)
    return None


def second_factor_verified(*, request, device) -> None:
    django_otp.login(request, device)
    request.session.pop(SECOND_FACTOR_STEP, None)
    request.session[SECOND_FACTOR_AT] = int(timezone.now().timestamp())


def second_factor_recent(*, request) -> bool:
    """Whether the code was given within SECOND_FACTOR_REVERIFY_SECONDS (always so for a
    person without a second factor: there is nothing to ask)."""
    if not request.user.is_verified():
        return True
    given = request.session.get(SECOND_FACTOR_AT, 0)
    return timezone.now().timestamp() - given <= settings.SECOND_FACTOR_REVERIFY_SECONDS


def second_factor_reset(*, actor, user, request) -> None:
    """An administrator removes a person's authenticator and backup codes (a lost phone):
    they set up a new one at their next sign-in (where it is required) and are signed out
    everywhere now."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        keys = list(UserSession.objects.filter(user=user).values_list("session_key", flat=True))
    store = import_module(settings.SESSION_ENGINE).SessionStore
    for key in keys:
        store(session_key=key).delete()
    UserSession.objects.filter(session_key__in=keys).delete()
    audit_record(Action.SECOND_FACTOR_RESET, request=request, user=actor, obj=user)


def lockout_lift(*, request, username: str = "", address: str = "") -> int:
    """Lift the lockout of an account or of an address (office staff, security
    administrator); returns the number of failure records removed."""
    if username:
        removed = axes_reset(username=username)
        detail = f"account {username}"
    else:
        removed = axes_reset(ip=address)
        detail = f"address {address}"
    audit_record(Action.LOCKOUT_LIFTED, request=request, detail=f"{detail} lifted")
    return removed
