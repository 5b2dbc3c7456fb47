"""E-mail to the people a transition hands work to, sent once after commit."""

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from people.models import User
from people.roles import Role

from .models import State, TransitionLog


def recipients_of(log: TransitionLog):
    topic = log.topic
    in_committee = User.objects.filter(committees=topic.committee_id, is_active=True)
    proposers = in_committee.filter(Q(proposals__topic=topic) | Q(pk=topic.created_by_id))
    match log.target:
        case State.PROPOSED:
            return in_committee.filter(groups__name=Role.CHAIR_MEETING)
        case State.PLANNED | State.REJECTED | State.CLOSED:
            return proposers
        case State.RESEARCHING | State.SESSION_SCHEDULED:
            return in_committee.filter(research_plans__topic=topic)
        case State.MINUTES_SUBMITTED:
            return topic.minutes.current_version.leaders.filter(is_active=True)
        case State.DELIBERATED | State.FOLLOWING_UP if log.source == State.MINUTES_SUBMITTED:
            return in_committee.filter(groups__name=Role.OFFICE_STAFF)
        case State.EVALUATING:
            return User.objects.filter(
                is_active=True, evaluator__assignments__topic=topic
            )
    return User.objects.none()


def send_transition_notice(log_id: int) -> int:
    """Send the notice for one transition record; a second call for the same record sends nothing."""
    claimed = TransitionLog.objects.filter(pk=log_id, notified_at__isnull=True).update(
        notified_at=timezone.now()
    )
    if not claimed:
        return 0
    log = TransitionLog.objects.select_related("topic", "actor").get(pk=log_id)
    addresses = sorted(
        set(recipients_of(log).exclude(email="").exclude(pk=log.actor_id).values_list("email", flat=True))
    )
    if not addresses:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("[Consultation] “%(topic)s” is now “%(state)s”") % {
            "topic": log.topic.title, "state": State(log.target).label,
        }
        body = _(
            "%(actor)s moved the topic “%(topic)s” from “%(source)s” to “%(target)s”.\n"
            "%(comment)s\nOpen it: %(url)s"
        ) % {
            "actor": log.actor, "topic": log.topic.title,
            "source": State(log.source).label, "target": State(log.target).label,
            "comment": log.comment, "url": settings.SITE_URL + log.topic.get_absolute_url(),
        }
    messages = [(subject, body, settings.DEFAULT_FROM_EMAIL, [address]) for address in addresses]
    return send_mass_mail(messages, fail_silently=False)
