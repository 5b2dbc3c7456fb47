"""What the fault and multi-server tests (tests/resilience/) run under gunicorn and Celery.

The test settings, except that the cache is the deployment's (Redis from CACHE_URL, shared by
the servers), tasks go to the broker unless CELERY_TASK_ALWAYS_EAGER says otherwise, and
e-mail goes over SMTP when EMAIL_HOST names a server.
"""

from .base import CACHES as DEPLOYED_CACHES
from .base import env
from .test import *  # noqa: F403

CACHES = DEPLOYED_CACHES
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
