from celery import shared_task

from .notifications import send_transition_notice


@shared_task(ignore_result=True)
def notify_transition(log_id: int):
    send_transition_notice(log_id)
