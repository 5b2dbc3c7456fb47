"""Channels that carry notifications out of the site.

The in-app inbox needs no channel: the outbox row is the message. Every other channel is a
class with a `name`, `route()` (send, wait for the daily digest, or skip) and `send()`;
NOTIFICATION_CHANNELS names the classes in use, so that an SMS gateway is added by
configuration, e.g. NOTIFICATION_CHANNELS=notifications.channels.EmailChannel,sms.Gateway.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import translation
from django.utils.module_loading import import_string

from . import texts

SEND, DIGEST, SKIP = "send", "digest", "skip"


class Channel:
    """What a channel implements.

    `send(recipient, notifications, total, digest=False)` sends one message to `recipient`
    about `total` notifications, of which `notifications` (with topic and subject loaded)
    are the ones to spell out; it raises when the message could not be sent.
    """

    name: str

    def route(self, kind, recipient, preference) -> str:
        """SEND now, wait for the DIGEST, or SKIP this channel for this notification."""
        return SEND

    def send(self, recipient, notifications, total, *, digest=False) -> None:
        raise NotImplementedError


def configured_channels() -> list[Channel]:
    return [import_string(path)() for path in settings.NOTIFICATION_CHANNELS]


class EmailChannel(Channel):
    """E-mail through Django's e-mail backend (SMTP in production), in the site's language."""

    name = "email"

    def route(self, kind, recipient, preference) -> str:
        if not recipient.email or (preference is not None and not preference.wants_email(kind)):
            return SKIP
        if preference is not None and preference.daily_digest:
            return DIGEST
        return SEND

    def send(self, recipient, notifications, total, *, digest=False) -> None:
        with translation.override(settings.LANGUAGE_CODE):
            subject = texts.email_subject(notifications, total, digest=digest)
            body = texts.email_body(notifications, total, digest=digest)
        EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient.email]).send()
