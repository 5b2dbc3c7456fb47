"""Every API error as JSON: `{"error": {"code", "message", "fields"?}}`, with a stable code a
program can test and a message in the user's language (Chinese by default)."""

import math

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from audit.models import Action, Outcome
from audit.services import audit_record
from core.access import RefusedAccess
from core.workflow import TransitionRefused


def _messages(detail):
    """Field errors as {field: [message, …]} from DRF's nested details."""
    if isinstance(detail, dict):
        return {field: _messages(value) for field, value in detail.items()}
    if isinstance(detail, list):
        return [str(item) for item in detail]
    return [str(detail)]


def _message(exc, method) -> tuple[str, str]:
    """The code and message of each kind of error."""
    if isinstance(exc, exceptions.NotAuthenticated):
        return "not_authenticated", _(
            "Sign in with a personal access token: Authorization: Bearer <token>."
        )
    if isinstance(exc, exceptions.NotFound):
        return "not_found", _("Not found, or you may not see it.")
    if isinstance(exc, exceptions.Throttled):
        return "throttled", _(
            "Too many requests with this token; try again in %(seconds)s seconds."
        ) % {"seconds": math.ceil(exc.wait or 1)}
    if isinstance(exc, exceptions.MethodNotAllowed):
        return "method_not_allowed", _("This address does not accept %(method)s.") % {
            "method": method
        }
    if isinstance(exc, exceptions.ValidationError):
        return "invalid", _("The data sent is not valid; see the fields.")
    if isinstance(exc, exceptions.ParseError):
        return "parse_error", _("The request body could not be read.")
    if isinstance(exc, exceptions.UnsupportedMediaType):
        return "unsupported_media_type", _("Send JSON or multipart/form-data.")
    if isinstance(exc, exceptions.PermissionDenied) and exc.default_code == "permission_denied":
        return "permission_denied", _("You may not do this.")
    code = exc.get_codes() if isinstance(exc.get_codes(), str) else exc.default_code
    return code, str(exc.detail)


def _audit_refusal(exc, request):
    """A 403, or the 404 of a record that exists, goes into the security audit log (the pages'
    `audit.middleware.RefusedAccessMiddleware` never sees what DRF handles)."""
    if isinstance(exc, RefusedAccess):
        status_code = 404
    elif isinstance(exc, DjangoPermissionDenied | exceptions.PermissionDenied):
        status_code = 403
    else:
        return
    match = request.resolver_match
    audit_record(
        Action.ACCESS_REFUSED,
        request=request,
        obj=getattr(exc, "obj", None),
        target=match.view_name if match else request.path,
        outcome=Outcome.REFUSED,
        detail=f"{status_code} {request.method} {request.get_full_path()} (API)",
    )


def exception_handler(exc, context):
    _audit_refusal(exc, context["request"])
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    elif isinstance(exc, TransitionRefused):
        return Response(
            {
                "error": {
                    "code": "refused",
                    "message": "；".join(exc.reasons),
                    "reasons": exc.reasons,
                }
            },
            status=status.HTTP_409_CONFLICT,
        )
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    code, message = _message(exc, context["request"].method)
    body = {"code": code, "message": message}
    if isinstance(exc, exceptions.ValidationError):
        body["fields"] = _messages(exc.detail)
    response.data = {"error": body}
    return response
