"""The error page for a failure of the infrastructure rather than of the application."""

import errno
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.views import defaults
from django.views.decorators.csrf import requires_csrf_token

# The file storage is full or cannot be written to: waiting helps, reporting a bug does not.
STORAGE_ERRORS = (errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EIO)
RETRY_AFTER_SECONDS = 30


@requires_csrf_token
def server_error(request):
    """Django's handler500: a database that went away (restart, failover) or a storage that
    refuses writes answers 503 with “try again shortly”, in Chinese; whatever was being saved
    was rolled back. Anything else is the ordinary 500 page."""
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError) or (
        isinstance(error, OSError) and error.errno in STORAGE_ERRORS
    ):
        template = loader.get_template("503.html")
        response = HttpResponse(template.render(), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return defaults.server_error(request)
