"""Writes of the documents app: issuing numbers, frozen PDFs, annual reports."""

import datetime as dt
import hashlib
import logging
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from consultations.models import Minutes, MinutesVersion, SignOff
from core.workflow import TransitionRefused, after_commit, transition_perform
from people.models import Committee

from . import minutes as official
from .models import AnnualReport, IssuingCounter
from .rendering import render_pdf, sha256_of
from .selectors import annual_report_data

logger = logging.getLogger(__name__)

ANNUAL_REPORT_STALE_AFTER = dt.timedelta(minutes=15)
# Work queued after a commit that has not happened this long after is caught up by the sweep.
CATCH_UP_AFTER = dt.timedelta(minutes=1)
CATCH_UP_BATCH = 50
STALE = "no progress within 15 minutes: its task was lost"


def minutes_number_issue(*, minutes: Minutes) -> str:
    """Give the minutes their issuing number at their first submission; later versions keep it.

    Runs inside the submitting transaction. The committee's counter row for the year is
    created if missing (a concurrent creation is ignored, not an error) and then locked until
    that transaction ends: a second submission waits here and gets the next number.
    """
    if minutes.issuing_number:
        return minutes.issuing_number
    committee = minutes.topic.committee
    year = timezone.localdate().year
    IssuingCounter.objects.bulk_create(
        [IssuingCounter(committee=committee, year=year)], ignore_conflicts=True
    )
    counter = IssuingCounter.objects.select_for_update().get(committee=committee, year=year)
    counter.last_serial += 1
    counter.save(update_fields=["last_serial"])
    minutes.issuing_year, minutes.issuing_serial = year, counter.last_serial
    minutes.issuing_number = official.issuing_number(
        committee.short_name, year, counter.last_serial
    )
    minutes.save(update_fields=["issuing_number", "issuing_year", "issuing_serial"])
    return minutes.issuing_number


def minutes_particulars_freeze(*, minutes: Minutes) -> dict:
    """Number the minutes if need be, and return what a new version freezes besides its text."""
    minutes_number_issue(minutes=minutes)
    return official.particulars_of(minutes, dated=timezone.localdate())


def minutes_pdf_freeze(*, version: MinutesVersion, signed: bool = False) -> MinutesVersion:
    """Render the version's PDF (as submitted, or signed) and keep it with its SHA-256, once.

    Called after commit by a task, or on request if the task has not run yet; either way the
    same frozen data gives the same bytes. A PDF already kept is never replaced: whoever comes
    second throws its copy away.
    """
    file_field, hash_field = (
        ("signed_pdf", "signed_pdf_sha256") if signed else ("pdf", "pdf_sha256")
    )
    if getattr(version, file_field):
        return version
    if signed and not version.is_signed:
        raise ValueError(f"version {version.pk} is not signed by every leader asked")
    content = render_pdf(
        "documents/pdf/minutes.html",
        {"document": official.minutes_document(version, signed=signed)},
    )
    stored = MinutesVersion._meta.get_field(file_field)
    name = stored.generate_filename(version, "minutes.pdf")
    name = stored.storage.save(name, ContentFile(content))
    try:
        with transaction.atomic():
            locked = MinutesVersion.objects.select_for_update().get(pk=version.pk)
            if getattr(locked, file_field):
                stored.storage.delete(name)
                return locked
            getattr(locked, file_field).name = name
            setattr(locked, hash_field, sha256_of(content))
            locked.save(update_fields=[file_field, hash_field])
    except Exception:
        # The database went away before the file was recorded (the next try renders it
        # again): no unrecorded copy is left behind.
        stored.storage.delete(name)
        raise
    return locked


@dataclass(frozen=True)
class Verification:
    version: MinutesVersion | None
    signed: bool = False

    @property
    def matches(self) -> bool:
        return self.version is not None


def document_verify(*, topic, actor, uploaded) -> Verification:
    """Compare an uploaded PDF with the stored hashes of the topic's minutes versions.

    Only versions the person may see count, so that an outsider learns nothing about drafts.
    """
    if not actor.has_perm("topics.view_topic", topic):
        raise PermissionDenied
    digest = hashlib.sha256()
    for chunk in uploaded.chunks():
        digest.update(chunk)
    value = digest.hexdigest()
    candidates = (
        MinutesVersion.objects.filter(minutes__topic=topic)
        .filter(Q(pdf_sha256=value) | Q(signed_pdf_sha256=value))
        .select_related("minutes__topic")
        .prefetch_related("leaders", "sign_offs")
    )
    for version in candidates:
        if actor.has_perm("documents.view_minutes_version", version):
            return Verification(version=version, signed=version.signed_pdf_sha256 == value)
    return Verification(version=None)


def annual_report_request(*, actor, committee: Committee, year: int) -> AnnualReport:
    """Queue the annual work report of a committee's year; one being prepared is reused.

    A report still pending after `ANNUAL_REPORT_STALE_AFTER` lost its task (say, the broker
    was restarted empty): it is marked failed and a new one is queued.
    """
    report = AnnualReport(committee=committee, year=year, requested_by=actor)
    if not actor.has_perm("documents.view_annual_report", report):
        raise PermissionDenied
    report.full_clean(exclude=["state", "file"])
    with transaction.atomic():
        pending = (
            AnnualReport.objects.select_for_update()
            .filter(
                committee=committee,
                year=year,
                state__in=[AnnualReport.State.QUEUED, AnnualReport.State.RUNNING],
            )
            .first()
        )
        if pending is not None:
            if pending.requested_at > timezone.now() - ANNUAL_REPORT_STALE_AFTER:
                return pending
            transition_perform(obj=pending, name="fail", actor=actor, comment=STALE)
        report.save()
        after_commit(_queue_annual_report, report.pk)
    return report


def _queue_annual_report(report_id: int):
    from .tasks import build_annual_report

    build_annual_report.delay(report_id)


def _set_progress(report: AnnualReport, percent: int):
    # A progress tick is not a change anyone needs in the history: a plain UPDATE.
    AnnualReport.objects.filter(pk=report.pk).update(progress=percent)


def annual_report_build(*, report_id: int) -> AnnualReport:
    """Gather the year's figures, render the report and keep it; a finished report is left as is."""
    report = AnnualReport.objects.select_related("committee", "requested_by").get(pk=report_id)
    if not report.is_pending:
        return report
    try:
        report = transition_perform(obj=report, name="start", actor=report.requested_by)
    except TransitionRefused:  # finished meanwhile by another delivery of the task
        return AnnualReport.objects.get(pk=report_id)
    try:
        data = annual_report_data(committee=report.committee, year=report.year)
        _set_progress(report, 40)
        content = render_pdf("documents/pdf/annual_report.html", data)
        _set_progress(report, 90)
        stored = AnnualReport._meta.get_field("file")
        name = stored.storage.save(
            stored.generate_filename(report, "report.pdf"), ContentFile(content)
        )
    except Exception as error:
        logger.exception("annual report %s failed", report_id)
        try:
            return transition_perform(
                obj=report, name="fail", actor=report.requested_by, comment=repr(error)[:500]
            )
        except TransitionRefused:  # finished or given up meanwhile
            return AnnualReport.objects.get(pk=report_id)
    try:
        return transition_perform(
            obj=report, name="finish", actor=report.requested_by, args=(name,)
        )
    except TransitionRefused:  # another delivery of the task kept its copy first
        stored.storage.delete(name)
        return AnnualReport.objects.get(pk=report_id)
    except Exception:  # the database went away: the catch-up builds it again
        stored.storage.delete(name)
        raise


# Effects of the minutes steps, declared with them in the catalogue.


def submitted_version_freeze(topic, _log) -> None:
    """On submission: number the minutes, freeze what the new version shows, and have its PDF
    rendered on the worker once that is committed."""
    from .tasks import render_minutes_pdf

    version = topic.minutes.current_version
    version.particulars = minutes_particulars_freeze(minutes=topic.minutes)
    version.save(update_fields=["particulars"])
    after_commit(render_minutes_pdf.delay, version.pk)


def signed_version_render(topic, _log) -> None:
    """On the last sign-off: have the signed copy rendered on the worker once committed."""
    from .tasks import render_signed_minutes_pdf

    after_commit(render_signed_minutes_pdf.delay, topic.minutes.current_version.pk)


def documents_catch_up(*, older_than=CATCH_UP_AFTER) -> int:
    """Do the rendering whose task was never queued (the broker was down at the commit) or was
    lost: PDFs of submitted versions, signed copies, annual reports still waiting. Run by beat
    every few minutes; each piece is idempotent, so a task that does arrive late changes
    nothing. Returns how many pieces were done."""
    before = timezone.now() - older_than
    versions = MinutesVersion.objects.select_related("minutes__topic").prefetch_related(
        "leaders", "sign_offs__leader"
    )
    unrendered = list(versions.filter(pdf="", submitted_at__lt=before)[:CATCH_UP_BATCH])
    for version in unrendered:
        minutes_pdf_freeze(version=version)
    approved = Count(
        "sign_offs", filter=Q(sign_offs__decision=SignOff.Decision.APPROVE), distinct=True
    )
    unsigned = list(
        versions.filter(signed_pdf="")
        .exclude(sign_offs__decision=SignOff.Decision.RETURN)
        .annotate(asked=Count("leaders", distinct=True), approved=approved)
        .filter(asked__gt=0, approved__gte=F("asked"))
        .order_by("pk")[:CATCH_UP_BATCH]
    )
    for version in unsigned:
        minutes_pdf_freeze(version=version, signed=True)
    waiting = list(
        AnnualReport.objects.filter(
            Q(state=AnnualReport.State.QUEUED, requested_at__lt=before)
            | Q(
                state=AnnualReport.State.RUNNING,
                requested_at__lt=timezone.now() - ANNUAL_REPORT_STALE_AFTER,
            )
        ).values_list("pk", flat=True)[:CATCH_UP_BATCH]
    )
    for report_id in waiting:
        annual_report_build(report_id=report_id)
    return len(unrendered) + len(unsigned) + len(waiting)
