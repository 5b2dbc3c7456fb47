"""Making and revoking personal access tokens."""

import datetime as dt
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import AccessToken, token_digest

TOKEN_PREFIX = "wy_"


def access_token_create(*, user, name: str, scope: str, days: int) -> tuple[AccessToken, str]:
    """A new token for `user`, valid `days` days; returns the row and the token (the only time
    it exists in clear)."""
    if not 1 <= days <= settings.API_TOKEN_MAX_DAYS:
        raise ValidationError(
            {
                "days": _("A token is valid from 1 to %(max)s days.")
                % {"max": settings.API_TOKEN_MAX_DAYS}
            }
        )
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = AccessToken(
        user=user,
        name=name.strip(),
        scope=scope,
        digest=token_digest(token),
        prefix=token[:8],
        expires_at=timezone.now() + dt.timedelta(days=days),
    )
    row.full_clean()
    row.save()
    return row, token


def access_token_revoke(*, token: AccessToken, actor) -> None:
    """Its owner revokes a token; it stops working at once."""
    if token.user_id != actor.pk:
        raise PermissionDenied
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
