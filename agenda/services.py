"""Handing out and withdrawing the secret address of a user's calendar feed."""

import secrets

from django.db import transaction

from .models import CalendarFeed, token_hash


def calendar_feed_renew(*, user) -> str:
    """A new secret for the user's feed; any earlier address stops working. Returns the
    secret (shown once: only its hash is stored)."""
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        CalendarFeed.objects.update_or_create(user=user, defaults={"token_hash": token_hash(token)})
    return token


def calendar_feed_revoke(*, user) -> bool:
    """Withdraw the feed address; True if there was one."""
    deleted, _rows = CalendarFeed.objects.filter(user=user).delete()
    return bool(deleted)
