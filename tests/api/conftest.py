import datetime as dt

import pytest
from django.core.cache import cache

from followup.services import follow_up_item_add
from tests.workflow import advance, today


@pytest.fixture(autouse=True)
def _fresh_rate_counts():
    """Rate counts live in the cache; each test starts with none."""
    cache.clear()
    yield
    cache.clear()


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
