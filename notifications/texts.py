"""What a notification says, in the active language: the same words in the inbox and e-mail."""

from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from .models import Kind

SITE_NAME = gettext_lazy("Members' Consultation")

HEADLINES = {
    Kind.TOPIC_SUBMITTED: gettext_lazy("“%(topic)s” awaits the chair meeting's decision"),
    Kind.TOPIC_APPROVED: gettext_lazy("“%(topic)s” was approved into the annual plan"),
    Kind.TOPIC_REJECTED: gettext_lazy("“%(topic)s” was not approved"),
    Kind.COSIGN_REQUESTED: gettext_lazy("You are asked to co-sign “%(topic)s”"),
    Kind.RESEARCH_STARTED: gettext_lazy("Research on “%(topic)s” has started"),
    Kind.SESSION_SCHEDULED: gettext_lazy("The session on “%(topic)s” is scheduled"),
    Kind.MINUTES_SUBMITTED: gettext_lazy("The minutes of “%(topic)s” await your sign-off"),
    Kind.MINUTES_SIGNED: gettext_lazy("The minutes of “%(topic)s” were signed off"),
    Kind.MINUTES_RETURNED: gettext_lazy("The minutes of “%(topic)s” were returned for revision"),
    Kind.ITEM_ASSIGNED: gettext_lazy(
        "A follow-up item of “%(topic)s” was assigned to your department"
    ),
    Kind.EVALUATION_ASSIGNED: gettext_lazy("You are asked to evaluate “%(topic)s”"),
    Kind.EXTENSION_REQUESTED: gettext_lazy(
        "A department asks for more time on a follow-up item of “%(topic)s”"
    ),
    Kind.EXTENSION_DECIDED: gettext_lazy("Your request for more time on “%(topic)s” was decided"),
    Kind.EVALUATION_REOPENED: gettext_lazy("Your evaluation of “%(topic)s” was reopened"),
    Kind.TOPIC_CLOSED: gettext_lazy("“%(topic)s” is closed"),
    Kind.DUE_SOON: gettext_lazy("Due on %(date)s: %(deadline)s of “%(topic)s”"),
    Kind.DUE_TODAY: gettext_lazy("Due today: %(deadline)s of “%(topic)s”"),
    Kind.OVERDUE: gettext_lazy("Overdue since %(date)s: %(deadline)s of “%(topic)s”"),
    Kind.ESCALATED: gettext_lazy("Overdue with others since %(date)s: %(deadline)s of “%(topic)s”"),
}


@dataclass
class Message:
    headline: str
    details: list[tuple[str, str]]
    path: str

    @property
    def url(self):
        return settings.SITE_URL + self.path


def describe(notification) -> Message:
    """The notification's words; its `subject` should be prefetched (selectors.with_subjects)."""
    deadline_label = notification.get_deadline_display() if notification.deadline else ""
    headline = HEADLINES[notification.kind] % {
        "topic": notification.topic.title,
        "date": date_format(notification.due_on),
        "deadline": deadline_label,
    }
    return Message(headline, _details(notification, notification.subject), _path(notification))


def _details(notification, subject) -> list[tuple[str, str]]:
    """What the subject says of itself (`notification_details()`), then the due date."""
    details = list(subject.notification_details()) if subject is not None else []
    if notification.deadline:
        details.append((_("Due date"), date_format(notification.due_on)))
    return details


def _path(notification) -> str:
    path = reverse("topics:detail", args=[notification.topic_id])
    anchor = getattr(notification.subject, "notification_anchor", "")
    return f"{path}#{anchor}" if anchor else path


def email_subject(notifications, total, *, digest=False) -> str:
    if digest:
        what = ngettext(
            "Your daily digest: %(count)s notification",
            "Your daily digest: %(count)s notifications",
            total,
        ) % {"count": total}
    elif total == 1:
        what = describe(notifications[0]).headline
    else:
        what = ngettext("%(count)s new notification", "%(count)s new notifications", total) % {
            "count": total
        }
    return f"[{SITE_NAME}] {what}"


def email_body(notifications, total, *, digest=False) -> str:
    """One notification in full; several as a list of those given, and how many more there are."""
    if total == 1 and not digest:
        message = describe(notifications[0])
        lines = [message.headline, ""]
        lines += [f"{label}: {value}" for label, value in message.details]
        lines += ["", _("Open it: %(url)s") % {"url": message.url}]
    else:
        lines = []
        for notification in notifications:
            message = describe(notification)
            lines += [f"• {message.headline}"]
            lines += [f"  {label}: {value}" for label, value in message.details]
            lines += [f"  {message.url}", ""]
        if total > len(notifications):
            lines += [
                _("…and %(count)s more in your notifications: %(url)s")
                % {
                    "count": total - len(notifications),
                    "url": settings.SITE_URL + reverse("notifications:inbox"),
                },
                "",
            ]
    lines += [
        "",
        _("Choose which e-mails you receive: %(url)s")
        % {"url": settings.SITE_URL + reverse("notifications:preferences")},
    ]
    return "\n".join(lines)
