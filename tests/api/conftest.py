import datetime as dt

import pytest
from django.core.cache import cache

from api.models import AccessToken
from followup.services import follow_up_item_add
from tests.workflow import advance, today


@pytest.fixture(autouse=True)
def _fresh_rate_counts(db):
    """Each test's tokens start with no requests counted: a token id may come again in a later
    test (SQLite reuses ids after a rollback). Only the API's own keys are removed: the cache
    is shared with other tests running in parallel."""
    yield
    cache.delete_many(
        [f"throttle_token_{pk}" for pk in AccessToken.objects.values_list("pk", flat=True)]
    )


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
