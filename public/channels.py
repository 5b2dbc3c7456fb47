"""How a submitter hears of a reply: by e-mail if they gave an address, by SMS through the
gateway a deployment configures. PUBLIC_SUBMITTER_CHANNELS names the classes in use, so a
provider's gateway is added by configuration; each has `name`, `wants()` and `send()`."""

import json
import urllib.request

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils.module_loading import import_string


class SubmitterChannel:
    name: str

    def wants(self, submission) -> bool:
        raise NotImplementedError

    def send(self, submission, subject: str, body: str) -> None:
        """Send one message; raise when it could not be sent."""
        raise NotImplementedError


def submitter_channels() -> list[SubmitterChannel]:
    return [import_string(path)() for path in settings.PUBLIC_SUBMITTER_CHANNELS]


class EmailSubmitterChannel(SubmitterChannel):
    name = "email"

    def wants(self, submission) -> bool:
        return bool(submission.email)

    def send(self, submission, subject, body) -> None:
        EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [submission.email]).send()


class SmsGatewayChannel(SubmitterChannel):
    """A text message through an HTTP gateway: POST {"mobile", "text"} as JSON to
    PUBLIC_SMS_GATEWAY_URL with PUBLIC_SMS_GATEWAY_TOKEN as a bearer token."""

    name = "sms"

    def wants(self, submission) -> bool:
        return bool(submission.mobile and settings.PUBLIC_SMS_GATEWAY_URL)

    def send(self, submission, subject, body) -> None:
        payload = json.dumps({"mobile": submission.mobile, "text": f"{subject}\n{body}"})
        request = urllib.request.Request(
            settings.PUBLIC_SMS_GATEWAY_URL,
            data=payload.encode(),
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {settings.PUBLIC_SMS_GATEWAY_TOKEN}",
            },
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            if response.status >= 300:
                raise OSError(f"SMS gateway answered {response.status}")
