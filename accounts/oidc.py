"""Single sign-on by OpenID Connect (mozilla-django-oidc): the person is the existing
account whose OIDC_USER_FIELD equals the claim OIDC_MATCH_CLAIM; nobody is created, and
an inactive account stays out."""

from django.conf import settings
from mozilla_django_oidc.auth import OIDCAuthenticationBackend


class ExistingAccountBackend(OIDCAuthenticationBackend):
    def filter_users_by_claims(self, claims):
        value = claims.get(settings.OIDC_MATCH_CLAIM)
        if not value:
            return self.UserModel.objects.none()
        return self.UserModel.objects.filter(**{settings.OIDC_USER_FIELD: value}, is_active=True)

    def verify_claims(self, claims):
        return bool(claims.get(settings.OIDC_MATCH_CLAIM))
