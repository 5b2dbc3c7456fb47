"""Thin Celery tasks: each calls one function of the app."""

from celery import shared_task

from .delivery import deliver, digests_send, dispatch_pending
from .sweep import reminders_sweep


@shared_task(ignore_result=True)
def deliver_notifications(recipient_id):
    deliver(recipient_id)


@shared_task(ignore_result=True)
def deliver_pending():
    dispatch_pending()


@shared_task(ignore_result=True)
def send_reminders():
    reminders_sweep()


@shared_task(ignore_result=True)
def send_digests():
    digests_send()
