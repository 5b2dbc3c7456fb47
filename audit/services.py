"""Writing, verifying and archiving the security audit log.

`audit_record` is the one way in: every feature that signs someone in or out, changes a
password, a role or a second factor, hands out a document or shows personal data in full,
and every refused access, calls it.
"""

import datetime as dt
import gzip
import json
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils import timezone

from people.privacy import personal_fields, sees_personal_data

from .models import Action, AuditEvent, Outcome

logger = logging.getLogger(__name__)

GENESIS = "0" * 64
# Any constant: the key of the PostgreSQL advisory lock that keeps the chain in one line.
CHAIN_LOCK = 0x61756469


def client_address(request) -> str | None:
    """The address the request came from; behind a proxy, the first address of the header
    the proxy sets (AUDIT_FORWARDED_HEADER), if configured."""
    header = getattr(settings, "AUDIT_FORWARDED_HEADER", "")
    if header and request.META.get(header):
        return request.META[header].split(",")[0].strip()
    return request.META.get("REMOTE_ADDR") or None


def audit_record(
    action: Action,
    *,
    request=None,
    user=None,
    obj=None,
    outcome: Outcome = Outcome.SUCCESS,
    detail: str = "",
    username: str = "",
    target: str = "",
) -> AuditEvent:
    """Append one row: who (the user, or the name tried), from where, did what to which
    object (a record, or `target`: what was asked for when it is not one, e.g. a page),
    with what outcome. Written at once, in its own transaction."""
    if user is None and request is not None:
        user = getattr(request, "user", None)
    if user is not None and not user.is_authenticated:
        user = None
    event = AuditEvent(
        at=timezone.now(),
        user_id=user.pk if user else None,
        username=(user.get_username() if user else username)[:150],
        source_address=client_address(request) if request is not None else None,
        user_agent=(request.META.get("HTTP_USER_AGENT", "") if request is not None else "")[:300],
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=(str(obj) if obj is not None else target)[:200],
        outcome=outcome,
        detail=str(detail)[:500],
    )
    field = AuditEvent._meta.get_field("source_address")
    event.source_address = field.get_prep_value(event.source_address)
    # Inside a caller's transaction the row is part of it (no savepoint: if the row cannot
    # be written, the caller's work is not kept either).
    with transaction.atomic(savepoint=False):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK])
        event.previous_hash = (
            AuditEvent.objects.order_by("-pk").values_list("hash", flat=True).first() or GENESIS
        )
        event.hash = AuditEvent.digest(
            event.previous_hash, [getattr(event, name) for name in AuditEvent.CHAINED]
        )
        event.save()
    return event


@dataclass(frozen=True)
class Verification:
    rows: int
    first_broken: int | None  # the primary key of the first row that does not verify
    reason: str = ""

    @property
    def intact(self) -> bool:
        return self.first_broken is None


def audit_verify(*, chunk_size: int = 20000) -> Verification:
    """Recompute the chain from the first row kept; report the first row that breaks it.

    The first row's predecessor is the genesis, or the last row an archive took away (its hash
    is named by that archive's own row in the chain).

    On PostgreSQL the database first recomputes every row's SHA-256 and checks each link
    itself (`_verified_in_database`, one query, fast for millions of rows); the rows it proves
    are skipped here, and whatever it does not prove is checked row by row in Python, whose
    digest stays the authority.
    """
    archived = set(
        AuditEvent.objects.filter(action=Action.ARCHIVE).values_list("detail", flat=True)
    )
    anchors = {GENESIS} | {_last_hash_of(detail) for detail in archived}
    first = AuditEvent.objects.order_by("pk").values_list("pk", "previous_hash").first()
    if first is None:
        return Verification(0, None)
    if first[1] not in anchors:
        return Verification(0, first[0], "the first row kept follows no known row")
    rows, expected, rest = 0, None, AuditEvent.objects.all()
    if connection.vendor == "postgresql":
        unproven = _verified_in_database()
        if unproven is None:
            return Verification(AuditEvent.objects.count(), None)
        before = AuditEvent.objects.filter(pk__lt=unproven)
        rows = before.count()
        expected = before.order_by("-pk").values_list("hash", flat=True).first()
        rest = rest.filter(pk__gte=unproven)
    fields = ["pk", *AuditEvent.CHAINED, "previous_hash", "hash"]
    digest = AuditEvent.digest
    for pk, *values, previous_hash, stored in (
        rest.order_by("pk").values_list(*fields).iterator(chunk_size)
    ):
        if expected is not None and previous_hash != expected:
            return Verification(rows, pk, "a row before it is missing or was changed")
        if digest(previous_hash, values) != stored:
            return Verification(rows, pk, "its content does not match its hash")
        expected, rows = stored, rows + 1
    return Verification(rows, None)


# The canonical form of AuditEvent.digest, written in SQL: a JSON array of strings without
# spaces, the time in UTC as datetime.isoformat() writes it. Free text goes through to_json,
# which escapes a string as Python's json.dumps does with ensure_ascii=False; the hashes,
# numbers, addresses and choices need no escaping. (Should a changed row ever make the two
# forms differ, the row is simply left to the Python check.)
_CANONICAL_SQL = """
'["' || previous_hash || '","'
    || to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS')
    || CASE WHEN mod(extract(microseconds FROM at)::bigint, 1000000) = 0 THEN ''
            ELSE to_char(at AT TIME ZONE 'UTC', '.US') END
    || '+00:00","' || coalesce(user_id::text, '') || '",'
    || to_json(username)::text || ',"' || coalesce(host(source_address), '') || '",'
    || to_json(user_agent)::text || ',"' || action || '",'
    || to_json(object_type)::text || ',' || to_json(object_id)::text || ','
    || to_json(object_repr)::text || ',"' || outcome || '",' || to_json(detail)::text || ']'
"""


def _verified_in_database() -> int | None:
    """The primary key of the first row PostgreSQL cannot prove (its SHA-256 differs from
    the database's own recomputation, or its link to the row before is broken), or None.
    Two scans: the hashes in any order (a sequential scan), the links in order."""
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT min(id) FROM {table} "
            f"WHERE encode(sha256(convert_to({_CANONICAL_SQL}, 'UTF8')), 'hex') <> hash"
        )
        bad_hash = cursor.fetchone()[0]
        cursor.execute(
            f"SELECT min(id) FROM (SELECT id, previous_hash, lag(hash) OVER (ORDER BY id) "
            f"AS before FROM {table}) AS chain WHERE before <> previous_hash"
        )
        bad_link = cursor.fetchone()[0]
    broken = [pk for pk in (bad_hash, bad_link) if pk is not None]
    return min(broken) if broken else None


def _last_hash_of(detail: str) -> str:
    # An archive row's detail: "<count> rows to <file>; last hash <hex>".
    return detail.rsplit(" ", 1)[-1]


def audit_archive(*, now: dt.datetime | None = None) -> int:
    """Move rows older than AUDIT_RETENTION_DAYS into a gzip file of JSON lines in the
    storage (`audit-archive/`), then remove them; the archive itself is audited. Returns the
    number of rows archived."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.AUDIT_RETENTION_DAYS)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK])
        last = AuditEvent.objects.filter(at__lt=cutoff).order_by("-pk").first()
        if last is None:
            return 0
        # Everything up to the last old row goes, so that what stays is one unbroken chain,
        # anchored by the archive's own row, written next.
        leaving = AuditEvent.objects.filter(pk__lte=last.pk)
        fields = ["pk", *AuditEvent.CHAINED, "previous_hash", "hash", "action"]
        lines = [
            json.dumps(dict(zip(fields, row, strict=True)), ensure_ascii=False, default=str)
            for row in leaving.order_by("pk").values_list(*fields).iterator()
        ]
        name = default_storage.save(
            f"audit-archive/{now:%Y%m%d-%H%M%S}.jsonl.gz",
            ContentFile(gzip.compress("\n".join(lines).encode())),
        )
        count = len(lines)
        # The one way a row leaves the table, after it is safely in the archive.
        super(type(leaving), leaving).delete()
    audit_record(
        Action.ARCHIVE,
        detail=f"{count} rows to {name}; last hash {last.hash}",
    )
    logger.info("Archived %d audit rows older than %s to %s", count, cutoff, name)
    return count


def personal_data_shown(request, obj) -> bool:
    """Whether the signed-in user sees the personal fields of `obj` in full
    (`people.privacy.sees_personal_data`); when they do and there is something to see, the
    full read is audited, once for the page."""
    fields = personal_fields(type(obj))
    full = sees_personal_data(request.user, obj)
    shown = [name for name in fields if getattr(obj, name)]
    if full and shown:
        audit_record(Action.PERSONAL_DATA, request=request, obj=obj, detail=", ".join(shown))
    return full
