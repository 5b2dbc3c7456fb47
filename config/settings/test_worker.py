"""The real Celery worker that tests/notifications/test_worker.py starts.

The test settings, except that tasks come from the broker (CELERY_BROKER_URL), e-mail goes
over SMTP to the server the test runs (EMAIL_HOST, EMAIL_PORT), and the database is the
test's own (DATABASE_URL names the test database).
"""

from .test import *  # noqa: F403

CELERY_TASK_ALWAYS_EAGER = False
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
