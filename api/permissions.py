from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, permissions


class ReadOnlyToken(exceptions.PermissionDenied):
    default_detail = _("This access token may only read; make a read-write token to change data.")
    default_code = "read_only_token"


class TokenScope(permissions.BasePermission):
    """Signed in with a token; a read-only token cannot change anything. (What the user may
    see or do with each object is decided by the same rules as the pages, in the views.)"""

    def has_permission(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return False
        if request.method in permissions.SAFE_METHODS:
            return True
        token = request.auth
        if token is None or not token.can_write:
            raise ReadOnlyToken
        return True
