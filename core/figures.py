"""Figures kept in Django's cache and invalidated by the services that change them.

Every committee has a version number in the database (`FigureVersion`). A service that
changes what a committee's figures count calls `committee_changed(committee_id)`, which raises
it in the same transaction as the change: it commits with the change or not at all, and no
cache outage can lose it. Every cached figure's key holds the versions of the committees it
covers, read in one query, so the first read after a commit computes the figure afresh and an
older entry is never read again (it expires). A reader that sees the new version also sees
the committed data; one that raced with the commit may store fresh data under the old
version, which no one reads any more.
"""

import hashlib
import threading
from collections.abc import Callable, Iterable

from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone, translation

from .models import FigureVersion

# How long a figure is kept at most; its key changes with every change it counts anyway.
FIGURE_TIMEOUT = 60 * 60


# The versions read during one request (a page asks for several figures), kept from the
# request's start to its end and forgotten at every change; outside requests (tasks,
# commands) they are read each time.
_read = threading.local()


def _request_started(**kwargs) -> None:
    _read.versions = {}


def _request_finished(**kwargs) -> None:
    _read.versions = None


request_started.connect(_request_started)
request_finished.connect(_request_finished)


def committee_changed(committee_id) -> None:
    """Invalidate the committee's cached figures when the current transaction commits."""
    if getattr(_read, "versions", None):
        _read.versions = {}
    if FigureVersion.objects.filter(pk=committee_id).update(version=F("version") + 1):
        return
    try:
        with transaction.atomic():
            FigureVersion.objects.create(pk=committee_id, version=2)
    except IntegrityError:  # created meanwhile by another transaction
        FigureVersion.objects.filter(pk=committee_id).update(version=F("version") + 1)


def committees_version(committee_ids: Iterable[int]) -> str:
    """One token for the current versions of these committees."""
    ids = tuple(sorted(set(committee_ids)))
    known = getattr(_read, "versions", None)
    if known is not None and ids in known:
        return known[ids]
    versions = dict(FigureVersion.objects.filter(pk__in=ids).values_list("pk", "version"))
    token = ",".join(f"{pk}={versions.get(pk, 1)}" for pk in ids)
    digest = hashlib.blake2b(token.encode(), digest_size=16).hexdigest()
    if known is not None:
        known[ids] = digest
    return digest


def cached_figure(name: str, committee_ids: Iterable[int], compute: Callable, *parts):
    """`compute()`, cached under `name`, the parts, today, the language and the versions of
    `committee_ids`."""
    key = ":".join(
        [
            "figure",
            name,
            *map(str, parts),
            str(timezone.localdate()),
            translation.get_language() or "",
            committees_version(committee_ids),
        ]
    )
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, timeout=FIGURE_TIMEOUT)
    return found
