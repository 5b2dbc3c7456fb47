import pytest
from captcha.conf import settings as captcha_settings
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _captcha_test_mode(monkeypatch):
    """The captcha accepts the answer “PASSED” (django-simple-captcha's test mode); the test
    of a real refusal turns it off again."""
    monkeypatch.setattr(captcha_settings, "CAPTCHA_TEST_MODE", True)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters and cached pages of one test do not reach the next."""
    cache.clear()
    yield
    cache.clear()
