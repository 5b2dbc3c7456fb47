"""The triage of a submission from the public (群众出题), each step taken by office staff on
the submission's page: accept it as a new topic, join it to an existing one, refer it to a
department or liaison committee, or decline it. Every step's public text becomes a reply on
the submitter's tracking page (`public.services.triage_reply`), who is told by the channels of
PUBLIC_SUBMITTER_CHANNELS after commit."""

from django.utils.translation import gettext_lazy as _

from core.workflow import Machine, Page, register
from people.roles import Role
from public.models import Submission, SubmissionLog
from public.services import triage_reply

machine = register(
    Machine(
        Submission,
        log=SubmissionLog,
        log_field="submission",
        noun=_("submission"),
        page_args=lambda submission: [submission.committee_id, submission.pk],
        topic_of=lambda submission: submission.topic,
        committee_of=lambda submission: submission.committee_id,
        committee_lookup="committee_id",
    )
)
for name, guards in (
    ("accept", ("topic_linked",)),
    ("merge", ("topic_linked",)),
    ("refer", ("referral_recorded",)),
    ("decline", ("decline_reason_written",)),
):
    machine.step(
        name,
        actor=Role.OFFICE_STAFF,
        page=Page("public:triage", argument=name),
        form_guards=guards,
        notice=None,  # the submitter is no user: the effect writes the reply that tells them
        deadline=None,
        todo=_("Accept, join to a topic, refer or decline the submission."),
        refusal=_("This submission has already been dealt with."),
        effects=[triage_reply],
    )
