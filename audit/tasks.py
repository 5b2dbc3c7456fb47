from celery import shared_task

from .services import audit_archive


@shared_task(ignore_result=True)
def archive_old_audit_rows():
    audit_archive()
