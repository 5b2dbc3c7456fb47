from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import override_settings
from rest_framework.test import APIClient
from simple_history.models import HistoricalRecords

from api.services import access_token_create
from tests.cast import Cast

BROWSER_TESTS = Path(__file__).resolve().parent / "browser"


def pytest_collection_modifyitems(config, items):
    """Every test under tests/browser/ drives Chromium: marked `browser` and `slow`."""
    for item in items:
        if item.path.is_relative_to(BROWSER_TESTS):
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session", autouse=True)
def _media_root(tmp_path_factory):
    """Uploaded files of the whole run go to a temporary directory."""
    with override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("media"))):
        yield


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: a rolled-back test can leave cached figures
    under the ids the next test's committees get again."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def cast(db):
    return Cast()


@pytest.fixture
def topic(cast):
    """A draft topic proposed by `cast.proposer`."""
    return cast.topic()


@pytest.fixture
def history_request(rf):
    """`history_request(user)`: simple-history sees a request by `user`, as with the middleware."""

    def set_user(user):
        request = rf.post("/")
        request.user = user
        HistoricalRecords.context.request = request
        return request

    yield set_user
    if hasattr(HistoricalRecords.context, "request"):
        del HistoricalRecords.context.request


@pytest.fixture
def api_as():
    """`api_as(user, scope="write")`: a client sending a new token of `user` (none for None)."""

    def client_for(user, scope="write", days=30):
        client = APIClient()
        if user is not None and user.is_authenticated:
            _row, token = access_token_create(user=user, name="测试", scope=scope, days=days)
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
        return client

    return client_for
