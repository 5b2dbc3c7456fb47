"""The security audit log (安全审计): one append-only table, each row chained to the one
before by SHA-256, so that a row changed or removed outside the application is found.

Rows are written only by `audit.services.audit_record` and never changed: the model refuses
an update or a delete, and so does its queryset; the admin shows them read-only. Rows older
than the retention period are archived to a compressed file before they are removed
(`audit.services.audit_archive`), the only way a row ever leaves the table.
"""

import datetime as dt
import hashlib
import json

from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    SIGN_IN = "sign_in", _("Sign-in")
    SIGN_IN_FAILED = "sign_in_failed", _("Failed sign-in")
    SIGN_OUT = "sign_out", _("Sign-out")
    LOCKOUT = "lockout", _("Account locked")
    LOCKOUT_LIFTED = "lockout_lifted", _("Lockout lifted")
    PASSWORD_CHANGE = "password_change", _("Password changed")
    PASSWORD_RESET = "password_reset", _("Password reset")
    SECOND_FACTOR_ENROL = "otp_enrol", _("Second factor enrolled")
    SECOND_FACTOR_RESET = "otp_reset", _("Second factor reset")
    SECOND_FACTOR_FAILED = "otp_failed", _("Wrong second-factor code")
    SESSION_ENDED = "session_ended", _("Session ended")
    ROLE_CHANGE = "role_change", _("Role or permission changed")
    DOWNLOAD = "download", _("Document or file handed out")
    EXPORT = "export", _("Export")
    PERSONAL_DATA = "personal_data", _("Personal data shown in full")
    ACCESS_REFUSED = "access_refused", _("Access refused")
    ARCHIVE = "archive", _("Audit rows archived")


class Outcome(models.TextChoices):
    SUCCESS = "success", _("Success")
    FAILURE = "failure", _("Failure")
    REFUSED = "refused", _("Refused")


class AppendOnly(Exception):
    """An audit row cannot be changed or deleted."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnly("audit rows cannot be changed")

    def delete(self):
        raise AppendOnly("audit rows cannot be deleted; they are archived")


class AuditEvent(models.Model):
    # Who and what are kept as written then, not as foreign keys: a user or a record deleted
    # later must not change (or cascade into) the log.
    at = models.DateTimeField(_("time"), db_index=True)
    user_id = models.BigIntegerField(_("user id"), null=True, blank=True, db_index=True)
    username = models.CharField(_("user"), max_length=150, blank=True)
    source_address = models.GenericIPAddressField(_("source address"), null=True, blank=True)
    user_agent = models.CharField(_("user agent"), max_length=300, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices, db_index=True)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    detail = models.CharField(_("detail"), max_length=500, blank=True)
    previous_hash = models.CharField(_("hash of the previous row"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64, unique=True)

    objects = AuditEventQuerySet.as_manager()

    CHAINED = [
        "at", "user_id", "username", "source_address", "user_agent", "action", "object_type",
        "object_id", "object_repr", "outcome", "detail",
    ]  # fmt: skip

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-pk"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.username or '-'} {self.action} {self.outcome}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnly("audit rows cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("audit rows cannot be deleted; they are archived")

    @classmethod
    def digest(cls, previous_hash: str, values) -> str:
        """SHA-256 over the previous row's hash and this row's chained fields (in CHAINED
        order), written canonically: the time in UTC, empty for none."""
        at, *rest = values
        canonical = json.dumps(
            [
                previous_hash,
                at.astimezone(dt.UTC).isoformat(),
                *("" if v is None else str(v) for v in rest),
            ],
            ensure_ascii=False,
            separators=(",", ":"),
        )
        return hashlib.sha256(canonical.encode()).hexdigest()
