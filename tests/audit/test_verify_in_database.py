"""On PostgreSQL the chain is first proven by the database itself (its own SHA-256 of the same
canonical form); the Python digest stays the authority for whatever it cannot prove."""

import datetime as dt

import pytest
import time_machine
from django.db import connection

from audit.models import Action, AuditEvent, Outcome
from audit.services import _verified_in_database, audit_record, audit_verify

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only"),
]

AWKWARD = [
    'quote " and backslash \\ and slash /',
    "tab\tnewline\ncarriage\rbell\x07escape\x1b formfeed\x0c backspace\x08 del\x7f",
    "江北政协纪〔2026〕12号 “老旧小区” 🚀 \u2028 \u00e9",
    '=HYPERLINK("http://evil","x")',
    "",
]


def write(rf, text, address):
    request = rf.get("/", REMOTE_ADDR=address, HTTP_USER_AGENT=text)
    audit_record(
        Action.SIGN_IN_FAILED,
        request=request,
        username=text[:150],
        outcome=Outcome.FAILURE,
        detail=text,
    )


def test_the_database_proves_rows_the_python_digest_wrote(rf):
    addresses = ["10.0.0.1", "2001:db8::1", "::ffff:10.0.0.7", "192.0.2.255"]
    for n, text in enumerate(AWKWARD):
        write(rf, text, addresses[n % len(addresses)])
    # A whole second (isoformat leaves out the microseconds), and a row without address.
    with time_machine.travel(dt.datetime(2026, 3, 5, 8, 0, 0, tzinfo=dt.UTC), tick=False):
        audit_record(Action.EXPORT, detail="整秒")
    assert _verified_in_database() is None
    assert audit_verify().intact
    assert audit_verify().rows == len(AWKWARD) + 1


def test_the_database_finds_an_edited_row(rf):
    for text in AWKWARD:
        write(rf, text, "10.0.0.1")
    target = AuditEvent.objects.order_by("pk")[2]
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET detail = 'innocent' WHERE id = %s", [target.pk])
    assert _verified_in_database() == target.pk
    result = audit_verify()
    assert (result.first_broken, result.rows) == (target.pk, 2)


def test_a_row_the_database_cannot_prove_is_checked_in_python(rf, monkeypatch):
    """Were the two canonical forms ever to differ for a row, the Python digest decides."""
    for text in AWKWARD:
        write(rf, text, "10.0.0.1")
    doubted = AuditEvent.objects.order_by("pk")[1].pk
    monkeypatch.setattr("audit.services._verified_in_database", lambda: doubted)
    assert audit_verify().intact
    assert audit_verify().rows == len(AWKWARD)


def test_a_hash_that_is_not_hexadecimal_is_found_not_fatal(rf):
    for text in AWKWARD[:3]:
        write(rf, text, "10.0.0.1")
    target = AuditEvent.objects.order_by("pk")[1]
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET hash = 'not hex!' WHERE id = %s", [target.pk])
    assert audit_verify().first_broken == target.pk
