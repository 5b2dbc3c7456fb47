import pytest
from captcha.conf import settings as captcha_settings
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _captcha_test_mode(monkeypatch):
    """The captcha accepts the answer “PASSED” (django-simple-captcha's test mode); the test
    of a real refusal turns it off again."""
    monkeypatch.setattr(captcha_settings, "CAPTCHA_TEST_MODE", True)


@pytest.fixture(autouse=True)
def _own_cache(settings):
    """A cache of this test's own (rate-limit counters and cached pages of one test do not
    reach the next, nor another worker's tests on a shared Redis). The test of the deployed
    cache asks for `configured_cache` instead."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "public-tests",
        }
    }
    cache.clear()
    yield
    cache.clear()
