"""Settings of the gunicorn run of bench/pages.py: the test settings with a floor view added."""

from config.settings.test import *  # noqa: F403

ROOT_URLCONF = "pages_urls"
