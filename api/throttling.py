from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from .models import AccessToken


class PerTokenThrottle(SimpleRateThrottle):
    """`REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["token"]` requests per token (settings:
    API_RATE_PER_TOKEN), counted in the cache shared by the servers."""

    scope = "token"

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]

    def get_cache_key(self, request, view):
        if not isinstance(request.auth, AccessToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}
