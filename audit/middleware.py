"""Every refused access goes into the security audit log.

A 403 (`PermissionDenied`, raised by a view, a rules mixin or the admin) and a 404 that hides
an existing record (`core.access.RefusedAccess`) are recorded with the user, the address, the
record or page asked for; a 404 of an address or number that does not exist is not.
"""

from django.core.exceptions import PermissionDenied

from core.access import RefusedAccess

from .models import Action, Outcome
from .services import audit_record


class RefusedAccessMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, RefusedAccess):
            status = 404
        elif isinstance(exception, PermissionDenied):
            status = 403
        else:
            return None
        audit_record(
            Action.ACCESS_REFUSED,
            request=request,
            obj=getattr(exception, "obj", None),
            target=_page(request),
            outcome=Outcome.REFUSED,
            detail=f"{status} {request.method} {request.get_full_path()}",
        )
        return None


def _page(request) -> str:
    match = request.resolver_match
    if match is None:
        return request.path
    arguments = " ".join(f"{key}={value}" for key, value in match.kwargs.items())
    return f"{match.view_name} {arguments}".strip()
