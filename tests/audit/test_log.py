"""The security audit log: appended, chained by SHA-256, verified, archived, never edited."""

import datetime as dt
import gzip
import json

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from audit.models import Action, AppendOnly, AuditEvent, Outcome
from audit.services import GENESIS, audit_archive, audit_record, audit_verify
from tests.people.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_row_says_who_from_where_did_what_to_which_object(rf):
    user = UserFactory(username="office")
    request = rf.get("/", REMOTE_ADDR="10.1.2.3", HTTP_USER_AGENT="Mozilla/5.0 WeChat")
    request.user = user

    event = audit_record(Action.DOWNLOAD, request=request, obj=user, detail="minutes.pdf")

    event = AuditEvent.objects.get(pk=event.pk)
    assert (event.user_id, event.username, event.source_address, event.user_agent) == (
        user.pk,
        "office",
        "10.1.2.3",
        "Mozilla/5.0 WeChat",
    )
    assert (event.action, event.object_type, event.object_id, event.outcome) == (
        Action.DOWNLOAD,
        "people.user",
        str(user.pk),
        Outcome.SUCCESS,
    )
    assert event.previous_hash == GENESIS and len(event.hash) == 64


def test_a_failed_attempt_keeps_the_name_tried(rf):
    event = audit_record(
        Action.SIGN_IN_FAILED,
        request=rf.post("/login/"),
        username="nobody",
        outcome=Outcome.FAILURE,
    )
    assert (event.user_id, event.username) == (None, "nobody")


def test_rows_cannot_be_changed_or_deleted_through_the_application():
    event = audit_record(Action.SIGN_OUT, detail="x")
    event.detail = "changed"
    with pytest.raises(AppendOnly):
        event.save()
    with pytest.raises(AppendOnly):
        event.delete()
    with pytest.raises(AppendOnly):
        AuditEvent.objects.filter(pk=event.pk).update(detail="changed")
    with pytest.raises(AppendOnly):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).detail == "x"


def test_each_row_carries_the_hash_of_the_one_before():
    rows = [audit_record(Action.EXPORT, detail=str(number)) for number in range(5)]
    for before, after in zip(rows, rows[1:], strict=False):
        assert after.previous_hash == before.hash
    assert audit_verify().intact and audit_verify().rows == 5
    call_command("audit_verify")


def _tamper(sql, *params):
    with connection.cursor() as cursor:
        cursor.execute(sql.format(table=AuditEvent._meta.db_table), params)


def test_a_row_edited_in_sql_is_found():
    rows = [audit_record(Action.EXPORT, detail=str(number)) for number in range(6)]
    _tamper("UPDATE {table} SET detail = %s WHERE id = %s", "nothing happened", rows[3].pk)

    result = audit_verify()
    assert (result.intact, result.first_broken, result.rows) == (False, rows[3].pk, 3)
    with pytest.raises(CommandError, match=f"row {rows[3].pk}"):
        call_command("audit_verify")


def test_a_row_deleted_in_sql_is_found():
    rows = [audit_record(Action.EXPORT, detail=str(number)) for number in range(6)]
    _tamper("DELETE FROM {table} WHERE id = %s", rows[2].pk)
    assert audit_verify().first_broken == rows[3].pk


def test_a_row_rehashed_in_sql_breaks_the_next_one():
    rows = [audit_record(Action.EXPORT, detail=str(number)) for number in range(4)]
    forged = AuditEvent.digest(
        rows[1].previous_hash,
        [getattr(rows[1], name) if name != "detail" else "forged" for name in AuditEvent.CHAINED],
    )
    _tamper("UPDATE {table} SET detail = 'forged', hash = %s WHERE id = %s", forged, rows[1].pk)
    assert audit_verify().first_broken == rows[2].pk


@override_settings(AUDIT_RETENTION_DAYS=180)
def test_old_rows_are_archived_to_a_file_before_they_are_removed(tmp_path):
    now = timezone.now()
    with override_settings(MEDIA_ROOT=str(tmp_path)):
        from unittest import mock

        with mock.patch("django.utils.timezone.now", return_value=now - dt.timedelta(days=200)):
            old = [audit_record(Action.SIGN_IN, detail=f"old {n}") for n in range(3)]
        recent = [audit_record(Action.SIGN_IN, detail=f"recent {n}") for n in range(2)]

        assert audit_archive(now=now) == 3

        kept = list(AuditEvent.objects.order_by("pk"))
        assert [row.pk for row in kept[:2]] == [row.pk for row in recent]
        archive_row = kept[-1]
        assert archive_row.action == Action.ARCHIVE and old[-1].hash in archive_row.detail
        assert audit_verify().intact
        name = archive_row.detail.split(" to ")[1].split(";")[0]
        with default_storage.open(name) as stored:
            lines = gzip.decompress(stored.read()).decode().splitlines()
        assert [json.loads(line)["detail"] for line in lines] == ["old 0", "old 1", "old 2"]
        assert audit_archive(now=now) == 0  # nothing older is left
