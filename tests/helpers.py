"""Assertions shared by the service and permission tests."""

import pytest
from django.apps import apps

DOMAIN_APPS = (
    "people",
    "topics",
    "research",
    "consultations",
    "evaluations",
    "deadlines",
    "notifications",
    "documents",
    "public",
    "duties",
    "auth",
)


def db_state():
    """Every row of every domain table, history and many-to-many tables included.

    Two equal results mean nothing was written in between.
    """
    state = {}
    for label in DOMAIN_APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            state[model._meta.label] = list(model._base_manager.order_by("pk").values())
    return state


def assert_unchanged(before):
    after = db_state()
    changed = sorted(label for label in before if before[label] != after[label])
    assert not changed, f"the database changed in: {changed}"


def refused(exception, action, *args, **kwargs):
    """Run `action`, expect `exception`, and check that the database is exactly as before.

    Returns the exception for further checks of its message.
    """
    before = db_state()
    with pytest.raises(exception) as info:
        action(*args, **kwargs)
    assert_unchanged(before)
    return info.value


def messages_of(error) -> list[str]:
    """The user-facing messages of a TransitionRefused or ValidationError."""
    if hasattr(error, "reasons"):
        return list(error.reasons)
    return [str(message) for message in error.messages]
