"""Thin Celery tasks: each calls one function of the app."""

from celery import shared_task
from django.conf import settings

from .delivery import claimed_elsewhere, deliver, digests_send, dispatch_pending
from .sweep import reminders_sweep


@shared_task(bind=True, ignore_result=True, max_retries=3)
def deliver_notifications(self, recipient_id):
    # Delivered again after its worker died mid-send, the task finds the rows still claimed:
    # it comes back once the claim's lease is over, and sends them then.
    if not deliver(recipient_id) and claimed_elsewhere(recipient_id) and not self.request.is_eager:
        raise self.retry(countdown=settings.NOTIFICATION_CLAIM_LEASE + 1)


@shared_task(ignore_result=True)
def deliver_pending():
    dispatch_pending()


@shared_task(ignore_result=True)
def send_reminders():
    reminders_sweep()


@shared_task(ignore_result=True)
def send_digests():
    digests_send()
