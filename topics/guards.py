"""Guards: the conditions of the topic's transitions, each with the reason shown when it fails.

Each guard is a pure predicate on the topic. Its message names the missing condition in the
user's language so that a refused action can say why.
"""

from django.utils.translation import gettext_lazy as _


class Guard:
    def __init__(self, check, message):
        self.check = check
        self.message = message
        self.__name__ = check.__name__

    def __call__(self, topic) -> bool:
        return bool(self.check(topic))

    def __repr__(self):
        return f"<Guard {self.__name__}>"


def guard(message):
    def decorate(check):
        return Guard(check, message)

    return decorate


@guard(_("The topic needs a proposer: a committee body or at least one member."))
def has_proposer(topic):
    return topic.proposer_body_id is not None or topic.proposers.exists()


@guard(_("Every co-signing member must confirm the joint proposal first."))
def cosigners_confirmed(topic):
    return not topic.proposers.filter(confirmed_at__isnull=True).exists()


@guard(
    _(
        "A topic raised by the public needs the resident's contact "
        "and the venue where it was raised."
    )
)
def public_source_recorded(topic):
    if topic.channel != topic.Channel.PUBLIC:
        return True
    return bool(topic.public_contact and topic.public_venue)


@guard(_("A research plan with a team and a schedule is required."))
def has_research_plan(topic):
    plan = getattr(topic, "research_plan", None)
    return plan is not None and plan.is_complete()


@guard(_("No session without research: record at least one visit or symposium with findings."))
def has_research_findings(topic):
    return topic.research_activities.exclude(findings="").exists()


@guard(_("No session without research: a research report with a preliminary solution is required."))
def has_research_report(topic):
    report = getattr(topic, "research_report", None)
    return report is not None and bool(report.preliminary_solution.strip())


@guard(_("The session needs a date and a venue."))
def session_planned(topic):
    session = getattr(topic, "session", None)
    return session is not None and session.starts_at is not None and bool(session.venue)


@guard(_("The session record needs the members present."))
def session_has_attendees(topic):
    session = getattr(topic, "session", None)
    return session is not None and session.members.exists()


@guard(_("The session record needs at least one consensus point."))
def session_has_consensus(topic):
    session = getattr(topic, "session", None)
    return session is not None and session.consensus_points.exists()


@guard(_("The session cannot be recorded before it has started."))
def session_started(topic):
    from django.utils import timezone

    session = getattr(topic, "session", None)
    return session is not None and session.starts_at <= timezone.now()


@guard(_("The minutes have no text yet."))
def minutes_written(topic):
    minutes = getattr(topic, "minutes", None)
    return minutes is not None and bool(minutes.text.strip())


@guard(_("Every leader asked to sign must have signed the minutes."))
def all_signoffs_in(topic):
    version = topic.minutes.current_version
    return version is not None and version.awaiting_leaders().count() == 0


@guard(_("At least one follow-up item must be assigned."))
def has_follow_up_items(topic):
    return topic.follow_up_items.exists()


@guard(_("Every follow-up item must be verified as completed, or closed with a reason."))
def follow_up_settled(topic):
    return not topic.follow_up_items.unsettled().exists()


@guard(_("An evaluator organisation must be commissioned."))
def evaluation_commissioned(topic):
    return topic.evaluation_assignments.exists()


@guard(_("Every commissioned third-party evaluation must be submitted."))
def evaluations_submitted(topic):
    assignments = topic.evaluation_assignments.all()
    return assignments.exists() and not assignments.pending().exists()
