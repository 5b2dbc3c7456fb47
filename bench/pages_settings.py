"""Settings of the gunicorn run of bench/pages.py: the test settings with a floor view added,
and database connections kept open as production keeps them (CONN_MAX_AGE=60)."""

from config.settings.test import *  # noqa: F403
from config.settings.test import DATABASES

ROOT_URLCONF = "pages_urls"
DATABASES["default"]["CONN_MAX_AGE"] = 60
