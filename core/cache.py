"""Figures kept in Django's cache and invalidated by the services that change them.

Every committee has a version in the cache. A service that changes what a committee's
figures count calls `committee_changed(committee_id)`, which gives the committee a new
version once the transaction commits; every cached figure's key holds the versions of the
committees it covers, so the next read after a change computes the figure afresh and an
older entry is never read again (it expires). The version is written after the commit, so
a reader that sees the new version also sees the committed data. A version lost from the
cache (evicted, or the cache restarted) comes back as a new one: a miss, never a stale hit.
"""

import hashlib
import uuid
from collections.abc import Callable, Iterable

from django.core.cache import cache
from django.utils import timezone, translation

from . import workflow

# How long a figure is kept at most; its key changes with every change it counts anyway.
FIGURE_TIMEOUT = 60 * 60


def _version_key(committee_id) -> str:
    return f"committee-version:{committee_id}"


def committee_changed(committee_id) -> None:
    """Invalidate the committee's cached figures once the current transaction commits."""
    workflow.after_commit(new_version, committee_id)


def new_version(committee_id) -> None:
    cache.set(_version_key(committee_id), uuid.uuid4().hex, timeout=None)


def committees_version(committee_ids: Iterable[int]) -> str:
    """One token for the current versions of these committees (one cache round trip)."""
    keys = [_version_key(committee_id) for committee_id in sorted(set(committee_ids))]
    versions = cache.get_many(keys)
    missing = {key: uuid.uuid4().hex for key in keys if key not in versions}
    if missing:
        for key, version in missing.items():
            # add(): two readers starting a lost version at once agree on the first one.
            if not cache.add(key, version, timeout=None):
                missing[key] = cache.get(key) or version
        versions.update(missing)
    token = ",".join(f"{key}={versions[key]}" for key in keys)
    return hashlib.blake2b(token.encode(), digest_size=16).hexdigest()


def cached_figure(name: str, committee_ids: Iterable[int], compute: Callable, *parts):
    """`compute()`, cached under `name`, the parts, today, the language and the versions of
    `committee_ids`."""
    committee_ids = list(committee_ids)
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
