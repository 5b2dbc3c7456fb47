"""Messages to the submitter, sent after commit; each reply is sent at most once."""

import datetime as dt
import logging

from celery import shared_task
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .channels import submitter_channels
from .models import PublicReply, Submission

logger = logging.getLogger(__name__)

REPLY_CATCH_UP_AFTER = dt.timedelta(minutes=1)  # the normal task has had its chance


def _tracking_link(submission, code=None) -> str:
    if code is None:
        return settings.SITE_URL + reverse("public:track_form", args=[submission.committee_id])
    return settings.SITE_URL + reverse("public:track", args=[submission.committee_id, code])


def _send(submission, subject, body):
    for channel in submitter_channels():
        if channel.wants(submission):
            try:
                channel.send(submission, subject, body)
            except Exception:
                logger.exception(
                    "%s could not reach the submitter of %s", channel.name, submission.pk
                )


@shared_task
def send_receipt(submission_id: int, code: str) -> None:
    submission = Submission.objects.get(pk=submission_id)
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Your problem was received: tracking code %(code)s") % {"code": code}
        body = _(
            "Thank you. The committee received “%(title)s”. Follow what happens to it "
            "with the code %(code)s: %(link)s"
        ) % {"title": submission.title, "code": code, "link": _tracking_link(submission, code)}
    _send(submission, subject, body)


@shared_task
def notify_submitter(reply_id: int) -> None:
    """Tell the submitter of a new reply, once: the reply is claimed by a conditional update."""
    claimed = PublicReply.objects.filter(pk=reply_id, notified_at__isnull=True).update(
        notified_at=timezone.now()
    )
    if not claimed:
        return
    reply = PublicReply.objects.select_related("submission").get(pk=reply_id)
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("News about the problem you raised: “%(title)s”") % {
            "title": reply.submission.title
        }
        body = _("%(text)s\n\nFollow it with your tracking code: %(link)s") % {
            "text": reply.text,
            "link": _tracking_link(reply.submission),
        }
    _send(reply.submission, subject, body)


@shared_task(ignore_result=True)
def catch_up_replies():
    """Tell the submitters of replies whose task never reached the broker (Redis down at the
    commit); run by beat. Each reply is still claimed once by `notify_submitter`."""
    waiting = PublicReply.objects.filter(
        notified_at__isnull=True, at__lt=timezone.now() - REPLY_CATCH_UP_AFTER
    ).values_list("pk", flat=True)
    for reply_id in list(waiting[:200]):
        notify_submitter(reply_id)
