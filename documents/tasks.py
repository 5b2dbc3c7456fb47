"""Thin tasks: fetch, then call the service, which is idempotent (a task may run twice)."""

from celery import shared_task

from consultations.models import MinutesVersion

from . import services


def _version(version_id):
    return (
        MinutesVersion.objects.select_related("minutes__topic")
        .prefetch_related("leaders", "sign_offs__leader")
        .get(pk=version_id)
    )


@shared_task(ignore_result=True)
def render_minutes_pdf(version_id: int):
    services.minutes_pdf_freeze(version=_version(version_id))


@shared_task(ignore_result=True)
def render_signed_minutes_pdf(version_id: int):
    services.minutes_pdf_freeze(version=_version(version_id), signed=True)


@shared_task(ignore_result=True)
def build_annual_report(report_id: int):
    services.annual_report_build(report_id=report_id)


@shared_task(ignore_result=True)
def catch_up_documents():
    services.documents_catch_up()
