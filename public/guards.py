"""Guards of a submission's triage steps: pure checks, each with the reason it fails."""

from django.utils.translation import gettext_lazy as _

from topics.guards import guard


@guard(_("Choose or create the topic the submission goes to."))
def topic_linked(submission):
    return submission.topic_id is not None


@guard(_("Name the department or liaison committee and write a note for it."))
def referral_recorded(submission):
    has_recipient = bool(submission.referred_department_id or submission.referred_body_id)
    return has_recipient and bool(submission.referral_note.strip())


@guard(_("Write the reason the submitter will read."))
def decline_reason_written(submission):
    return bool(submission.decline_reason.strip())
