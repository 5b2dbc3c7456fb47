"""Channels that carry a notification out of the site.

The in-app inbox needs no channel: the outbox row is the message. Every other channel is a
class with a `name`, `route()` (send now, wait for the digest, or skip) and `send()`;
NOTIFICATION_CHANNELS names the classes in use, so that an SMS gateway is added by
configuration, e.g. NOTIFICATION_CHANNELS=notifications.channels.EmailChannel,sms.Gateway.
"""

import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.utils import translation
from django.utils.module_loading import import_string

from . import texts
from .models import Delivery

logger = logging.getLogger(__name__)

SEND = "send"


class Channel:
    """What a channel implements. `send` takes notifications with their recipient and topic
    loaded, and returns (notification, error) pairs, error None when it was sent."""

    name: str

    def route(self, notification, preference) -> str:
        """SEND, Delivery.State.DIGEST or Delivery.State.SKIPPED."""
        return SEND

    def send(self, notifications) -> list:
        raise NotImplementedError


def configured_channels() -> list[Channel]:
    return [import_string(path)() for path in settings.NOTIFICATION_CHANNELS]


class EmailChannel(Channel):
    """E-mail through Django's e-mail backend (SMTP in production), in the site's language."""

    name = "email"

    def route(self, notification, preference) -> str:
        if not notification.recipient.email:
            return Delivery.State.SKIPPED
        if preference is not None and not preference.wants_email(notification.kind):
            return Delivery.State.SKIPPED
        if preference is not None and preference.daily_digest:
            return Delivery.State.DIGEST
        return SEND

    def send(self, notifications) -> list:
        with translation.override(settings.LANGUAGE_CODE):
            messages = [
                (notification, EmailMessage(
                    texts.email_subject(notification), texts.email_body(notification),
                    settings.DEFAULT_FROM_EMAIL, [notification.recipient.email],
                ))
                for notification in notifications
            ]
        return send_each(messages)

    def send_digest(self, recipient, notifications) -> Exception | None:
        with translation.override(settings.LANGUAGE_CODE):
            message = EmailMessage(
                texts.digest_subject(notifications), texts.digest_body(recipient, notifications),
                settings.DEFAULT_FROM_EMAIL, [recipient.email],
            )
        return send_each([(recipient, message)])[0][1]


def send_each(messages) -> list:
    """Send (key, message) pairs over one connection; each one's error, or None, with its key.

    Each message is sent on its own so that one refused address does not hide which of the
    others went out.
    """
    if not messages:
        return []
    connection = get_connection()
    try:
        connection.open()
    except (smtplib.SMTPException, OSError) as error:
        logger.warning("Cannot reach the mail server: %s", error)
        return [(key, error) for key, _message in messages]
    results = []
    try:
        for key, message in messages:
            message.connection = connection
            try:
                message.send()
            except (smtplib.SMTPException, OSError) as error:
                logger.warning("E-mail to %s failed: %s", message.to, error)
                results.append((key, error))
            else:
                results.append((key, None))
    finally:
        connection.close()
    return results
