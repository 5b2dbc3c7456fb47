"""Writes of the public's side: reception days, submissions and their triage, publications.

Every triage step goes through `core.workflow.transition_perform` (declared in
catalogue/submission.py); its public text is the log's comment, which the step's effect
turns into a reply on the tracking page.
"""

import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.uploads import uploads_store
from core.workflow import after_commit, transition_perform
from people.roles import Role
from topics.models import Topic
from topics.services import topic_create

from .models import (
    PublicReply,
    ReceptionDay,
    Submission,
    SubmissionPhoto,
    TopicPublication,
    tracking_hash,
)
from .photos import photo_clean
from .tasks import notify_submitter, send_receipt

# No 0/O, 1/I/L: a code read from a phone screen or a receipt is typed back without doubt.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 10  # 31^10 ≈ 8 × 10^14 codes: not guessable one request at a time


def reception_day_save(
    *, committee, actor, members, instance: ReceptionDay | None = None, **fields
) -> ReceptionDay:
    """Create or change a reception day of `committee`; its members must be members of it."""
    day = instance or ReceptionDay(committee=committee)
    if day.committee_id != committee.pk:
        raise ValidationError(_("This reception day belongs to another committee."))
    for name, value in fields.items():
        setattr(day, name, value)
    errors = {}
    if day.starts_at and day.ends_at and day.ends_at <= day.starts_at:
        errors["ends_at"] = _("The end must be after the start.")
    strangers = [user for user in members if not user.has_role(Role.MEMBER, committee.pk)]
    if strangers:
        errors["members"] = _("%(names)s is not a member of this committee.") % {
            "names": "、".join(str(user) for user in strangers)
        }
    if errors:
        raise ValidationError(errors)
    day.full_clean()
    day._history_user = actor
    with transaction.atomic():
        day.save()
        day.members.set(members)
    return day


def tracking_code_new() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def submission_create(
    *,
    committee,
    title,
    description,
    place,
    category,
    name,
    mobile,
    email="",
    photos=(),
    reception_day: ReceptionDay | None = None,
    received_by=None,
) -> tuple[Submission, str]:
    """Save a problem brought by the public, with its photos cleaned; returns the submission
    and its tracking code (only its hash is stored). The photos were checked by the form."""
    if reception_day is not None and reception_day.committee_id != committee.pk:
        raise ValidationError(_("This reception day belongs to another committee."))
    cleaned = [photo_clean(photo) for photo in photos[:3]]
    for _attempt in range(5):
        code = tracking_code_new()
        submission = Submission(
            committee=committee,
            tracking_hash=tracking_hash(code),
            title=title,
            description=description,
            place=place,
            category=category,
            name=name,
            mobile=mobile,
            email=email,
            consented_at=timezone.now(),
            channel=Submission.Channel.RECEPTION if reception_day else Submission.Channel.ONLINE,
            reception_day=reception_day,
            received_by=received_by,
        )
        submission.full_clean(exclude=["state", "tracking_hash"])
        try:
            with transaction.atomic():
                submission.save()
                uploads_store(
                    [
                        SubmissionPhoto(
                            submission=submission, image=content, width=width, height=height
                        )
                        for content, width, height in cleaned
                    ]
                )
        except IntegrityError:  # the same code drawn twice: draw again
            continue
        if email:
            after_commit(send_receipt.delay, submission.pk, code)
        return submission, code
    raise RuntimeError("no free tracking code after five draws")


def submission_by_code(committee_id, code: str) -> Submission | None:
    """The submission of `committee_id` whose tracking code this is, or None.

    The code is looked up by its hash through a unique index: the same work for a right code,
    a wrong one and another committee's, so the answer time tells nothing."""
    code = (code or "").strip().upper()
    if len(code) != CODE_LENGTH or any(char not in CODE_ALPHABET for char in code):
        tracking_hash(code)  # the same hashing work as for a well-formed code
        code = "-" * CODE_LENGTH
    return (
        Submission.objects.filter(committee_id=committee_id, tracking_hash=tracking_hash(code))
        .select_related("topic", "reception_day")
        .first()
    )


def _triage(submission, name, actor, comment, expected_state, prepare=None):
    return transition_perform(
        obj=submission,
        name=name,
        actor=actor,
        comment=comment,
        expected_state=expected_state,
        prepare=prepare,
    )


def submission_accept(
    *,
    submission,
    actor,
    title,
    description,
    category,
    proposer_body=None,
    message="",
    expected_state=None,
) -> Submission:
    """Open a new draft topic (channel 群众出题) from the submission and link them."""
    if proposer_body is not None and proposer_body.committee_id != submission.committee_id:
        raise ValidationError({"proposer_body": _("Choose a body of this committee.")})

    def prepare(locked):
        day = locked.reception_day
        topic = topic_create(
            actor=actor,
            committee=locked.committee,
            year=timezone.localdate().year,
            title=title,
            description=description,
            category=category,
            proposer_body=proposer_body,
            channel=Topic.Channel.PUBLIC,
            public_contact=f"{locked.name} {locked.mobile}",
            public_venue=day.kind if day else Topic.PublicVenue.ONLINE,
        )
        locked.topic = topic
        locked.save(update_fields=["topic", "updated_at"])

    text = _("Your problem was accepted as a topic of the committee: “%(title)s”.") % {
        "title": title
    }
    return _triage(
        submission, "accept", actor, _join(text, message), expected_state, prepare=prepare
    )


def submission_merge(*, submission, actor, topic, message="", expected_state=None) -> Submission:
    """Join the submission to an existing topic of the same committee; the submitter follows
    that topic from now on."""
    if topic.committee_id != submission.committee_id:
        raise ValidationError({"topic": _("Choose a topic of this committee.")})

    def prepare(locked):
        locked.topic = topic
        locked.save(update_fields=["topic", "updated_at"])

    text = _("The committee is already working on this problem in the topic “%(title)s”.") % {
        "title": topic.title
    }
    return _triage(
        submission, "merge", actor, _join(text, message), expected_state, prepare=prepare
    )


def submission_refer(
    *, submission, actor, department=None, body=None, note, message="", expected_state=None
) -> Submission:
    """Hand the submission to a department or a liaison committee, with a note for it."""
    for recipient in (department, body):
        if recipient is not None and recipient.committee_id != submission.committee_id:
            raise ValidationError(_("Choose a recipient of this committee."))

    def prepare(locked):
        locked.referred_department = department
        locked.referred_body = body
        locked.referral_note = note
        locked.save(
            update_fields=["referred_department", "referred_body", "referral_note", "updated_at"]
        )

    recipient = department or body
    text = _("Your problem was passed on to %(recipient)s, which will handle it.") % {
        "recipient": recipient or "—"
    }
    return _triage(
        submission, "refer", actor, _join(text, message), expected_state, prepare=prepare
    )


def submission_decline(*, submission, actor, reason, expected_state=None) -> Submission:
    """Decline the submission with a reason the submitter reads."""

    def prepare(locked):
        locked.decline_reason = reason
        locked.save(update_fields=["decline_reason", "updated_at"])

    return _triage(submission, "decline", actor, reason, expected_state, prepare=prepare)


def _join(text, message):
    return f"{text}\n{message.strip()}" if message and message.strip() else text


def submission_reply(*, submission, actor, text) -> PublicReply:
    """A reply to the submitter without a change of state (say, while it is being looked at)."""
    if not actor.has_perm("public.reply_submission", submission):
        raise PermissionDenied
    if not text.strip():
        raise ValidationError({"text": _("Write the reply.")})
    with transaction.atomic():
        locked = Submission.objects.select_for_update().get(pk=submission.pk)
        return reply_add(locked, actor, text)


def reply_add(submission, actor, text) -> PublicReply:
    """Record a public reply (inside the caller's transaction) and tell the submitter after
    commit, by the channels of PUBLIC_SUBMITTER_CHANNELS."""
    reply = PublicReply.objects.create(submission=submission, author=actor, text=text.strip())
    if submission.first_reply_at is None:
        submission.first_reply_at = reply.at
        submission.save(update_fields=["first_reply_at", "updated_at"])
    after_commit(notify_submitter.delay, reply.pk)
    return reply


def triage_reply(submission, log) -> None:
    """A triage step's effect: its public text becomes a reply on the tracking page."""
    reply_add(submission, log.actor, log.comment)


def topic_publication_save(*, topic, actor, published, problem, agreed="", outcome=""):
    """Show a topic to the public (or stop showing it), with the texts written for them."""
    if not actor.has_perm("public.publish_topic", topic):
        raise PermissionDenied
    publication = TopicPublication.objects.filter(topic=topic).first() or TopicPublication(
        topic=topic
    )
    publication.published = published
    publication.problem = problem
    publication.agreed = agreed
    publication.outcome = outcome
    publication.full_clean()
    publication._history_user = actor
    publication.save()
    return publication
