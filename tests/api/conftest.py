import datetime as dt

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from api.services import access_token_create
from followup.services import follow_up_item_add
from tests.workflow import advance, today


@pytest.fixture(autouse=True)
def _fresh_rate_counts():
    """Rate counts live in the cache; each test starts with none."""
    cache.clear()
    yield
    cache.clear()


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


@pytest.fixture
def following(cast):
    """A topic in follow-up with an open item of the cast's department."""
    cast.everyone()
    topic = advance(cast.topic(), "following_up", cast=cast)
    item = follow_up_item_add(
        topic=topic,
        actor=cast.office,
        task="完成管网施工",
        department=cast.department,
        due_on=today() + dt.timedelta(days=10),
    )
    return topic, item
