"""`Authorization: Bearer <token>` with a personal access token (api.models.AccessToken)."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from .models import AccessToken, token_digest

KEYWORD = "Bearer"
# How often the token's "last used" time is written (not on every call).
TOUCH_EVERY = dt.timedelta(minutes=1)


class TokenRefused(exceptions.AuthenticationFailed):
    pass


class AccessTokenAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1").split()
        if not header or header[0] != KEYWORD:
            return None
        if len(header) != 2:
            raise TokenRefused(
                _("The Authorization header must be “Bearer” followed by the token."),
                code="token_malformed",
            )
        token = (
            AccessToken.objects.select_related("user")
            .filter(digest=token_digest(header[1]))
            .first()
        )
        if token is None:
            raise TokenRefused(_("This access token is not known."), code="token_invalid")
        if token.revoked_at is not None:
            raise TokenRefused(_("This access token was revoked."), code="token_revoked")
        if token.is_expired:
            raise TokenRefused(_("This access token has expired."), code="token_expired")
        if not token.user.is_active:
            raise TokenRefused(_("The account of this token is disabled."), code="account_disabled")
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > TOUCH_EVERY:
            AccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request):
        return f'{KEYWORD} realm="api"'
