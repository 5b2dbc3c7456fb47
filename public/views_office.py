"""Office pages of the public's side (signed in)."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.models import Action
from audit.services import audit_record
from core import workflow
from core.access import scoped_get_or_404
from core.forms import add_validation_errors
from core.workflow import TransitionRefused
from people.models import Committee
from people.roles import Role
from topics.models import Topic

from .forms import (
    AcceptForm,
    DeclineForm,
    MergeForm,
    PublicationForm,
    ReceptionDayForm,
    ReferForm,
    ReplyForm,
    SubmissionForm,
)
from .models import ReceptionDay, Submission, SubmissionPhoto, TopicPublication
from .selectors import similar
from .services import (
    reception_day_save,
    submission_accept,
    submission_create,
    submission_decline,
    submission_merge,
    submission_refer,
    submission_reply,
    topic_publication_save,
)


def committee_for(request, committee_pk, permission):
    """The committee, if the user belongs to it (404 otherwise) and holds `permission` (403)."""
    committee = scoped_get_or_404(
        Committee.objects.filter(pk__in=request.user.committee_ids), pk=committee_pk
    )
    if not request.user.has_perm(permission, committee):
        raise PermissionDenied
    return committee


@login_required
def reception_day_list(request, committee_pk):
    committee = committee_for(request, committee_pk, "public.manage_reception_days")
    days = committee.reception_days.prefetch_related("members").order_by("-starts_at")[:200]
    return render(request, "public/receptionday_list.html", {"committee": committee, "days": days})


@login_required
def reception_day_edit(request, committee_pk, pk=None):
    committee = committee_for(request, committee_pk, "public.manage_reception_days")
    day = get_object_or_404(ReceptionDay, pk=pk, committee=committee) if pk else None
    form = ReceptionDayForm(request.POST or None, instance=day, committee=committee)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            reception_day_save(
                committee=committee,
                actor=request.user,
                instance=day,
                members=list(data.pop("members")),
                **data,
            )
        except ValidationError as invalid:
            add_validation_errors(form, invalid)
        else:
            messages.success(request, _("The reception day was saved."))
            return redirect("public:reception_days", committee_pk=committee.pk)
    return render(
        request,
        "public/receptionday_form.html",
        {"form": form, "committee": committee, "day": day},
        status=400 if form.errors else 200,
    )


# The office's side of submissions: hub, inbox, one submission, its triage steps.


@login_required
def hub(request):
    """Where the public's side starts for a signed-in user: the inbox and reception days for
    office staff; a member's own reception days, to record what residents raise."""
    user = request.user
    committees = Committee.objects.filter(pk__in=user.committee_ids).order_by("name")
    office = user.committees_with_role(Role.OFFICE_STAFF)
    rows = []
    for committee in committees:
        waiting = (
            Submission.objects.filter(committee=committee, state=Submission.State.RECEIVED).count()
            if committee.pk in office
            else None
        )
        my_days = (
            committee.reception_days.filter(
                members=user, ends_at__gte=timezone.now() - dt.timedelta(days=7)
            ).order_by("starts_at")[:10]
            if user.has_role(Role.MEMBER, committee.pk)
            else []
        )
        rows.append((committee, committee.pk in office, waiting, my_days))
    if not rows:
        raise PermissionDenied
    return render(request, "public/hub.html", {"rows": rows})


@login_required
def inbox(request, committee_pk):
    committee = committee_for(request, committee_pk, "public.view_submissions")
    state = request.GET.get("state", Submission.State.RECEIVED)
    if state not in Submission.State.values and state != "all":
        state = Submission.State.RECEIVED
    submissions = Submission.objects.filter(committee=committee).select_related(
        "reception_day", "topic"
    )
    if state != "all":
        submissions = submissions.filter(state=state)
    page = Paginator(submissions.order_by("-created_at", "-pk"), 30).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "public/submission_list.html",
        {
            "committee": committee,
            "page": page,
            "state": state,
            "states": [("all", _("All")), *Submission.State.choices],
        },
    )


def _submission_for(request, committee_pk, pk, permission="public.view_submissions"):
    committee = committee_for(request, committee_pk, permission)
    submission = get_object_or_404(
        Submission.objects.select_related("reception_day", "received_by", "topic"),
        pk=pk,
        committee=committee,
    )
    return committee, submission


@login_required
def submission_detail(request, committee_pk, pk, reply_form=None, full_mobile=False):
    committee, submission = _submission_for(request, committee_pk, pk)
    topics, submissions = similar(
        committee.pk, submission.title, submission.description, exclude_submission=submission.pk
    )
    machine = workflow.machine_of(Submission)
    return render(
        request,
        "public/submission_detail.html",
        {
            "committee": committee,
            "submission": submission,
            "photos": submission.photos.all(),
            "replies": submission.replies.select_related("author"),
            "log": submission.transitions.select_related("actor"),
            "similar_topics": topics,
            "similar_submissions": submissions,
            "steps": machine.available(submission, request.user),
            "reply_form": reply_form or ReplyForm(),
            "full_mobile": full_mobile,
        },
        status=400 if reply_form is not None else 200,
    )


@login_required
@require_POST
def submission_mobile(request, committee_pk, pk):
    """Show the submitter's full mobile number, once, and write it in the audit log."""
    committee, submission = _submission_for(request, committee_pk, pk, "public.view_full_mobile")
    audit_record(
        Action.PERSONAL_DATA,
        request=request,
        obj=submission,
        detail="mobile number of the submitter",
    )
    return submission_detail(request, committee.pk, submission.pk, full_mobile=True)


@login_required
def submission_photo(request, committee_pk, pk, photo_pk):
    _committee, submission = _submission_for(request, committee_pk, pk)
    photo = get_object_or_404(SubmissionPhoto, pk=photo_pk, submission=submission)
    response = FileResponse(photo.image.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def submission_reply_view(request, committee_pk, pk):
    committee, submission = _submission_for(request, committee_pk, pk, "public.reply_submission")
    form = ReplyForm(request.POST)
    if form.is_valid():
        submission_reply(submission=submission, actor=request.user, text=form.cleaned_data["text"])
        messages.success(request, _("The reply was sent; the submitter sees it when tracking."))
        return redirect(submission)
    return submission_detail(request, committee.pk, submission.pk, reply_form=form)


STEP_FORMS = {
    "accept": AcceptForm,
    "merge": MergeForm,
    "refer": ReferForm,
    "decline": DeclineForm,
}


@login_required
def triage(request, committee_pk, pk, step):
    """One triage step: its form, its permission (the transition's), and its service."""
    if step not in STEP_FORMS:
        raise Http404
    committee, submission = _submission_for(request, committee_pk, pk)
    machine = workflow.machine_of(Submission)
    declared = machine.steps[step]
    if not request.user.has_perm(declared.permission, submission):
        raise PermissionDenied
    if machine.transition_of(submission, step) is None:
        messages.warning(request, _("This submission has already been dealt with."))
        return redirect(submission)
    form_class = STEP_FORMS[step]
    kwargs = {"committee": committee} if step in ("accept", "merge", "refer") else {}
    initial = {}
    if step == "accept":
        initial = {
            "title": submission.title,
            "description": f"{submission.description}\n\n{_('Place')}：{submission.place}",
            "category": submission.category,
        }
    form = form_class(request.POST or None, initial=initial, **kwargs)
    if request.method == "POST" and form.is_valid():
        perform = {
            "accept": submission_accept,
            "merge": submission_merge,
            "refer": submission_refer,
            "decline": submission_decline,
        }[step]
        try:
            done = perform(
                submission=submission,
                actor=request.user,
                expected_state=request.POST.get("expected_state") or None,
                **form.cleaned_data,
            )
        except TransitionRefused as refused:
            for reason in refused.reasons:
                form.add_error(None, reason)
        except ValidationError as invalid:
            add_validation_errors(form, invalid)
        else:
            messages.success(
                request,
                _("Done: the submission is now “%(state)s”.") % {"state": done.get_state_display()},
            )
            if step == "accept":
                return redirect(done.topic)
            return redirect(done)
    topics = similar_submissions = ()
    if step in ("accept", "merge"):
        topics, similar_submissions = similar(
            committee.pk,
            submission.title,
            submission.description,
            exclude_submission=submission.pk,
        )
    return render(
        request,
        "public/submission_triage.html",
        {
            "committee": committee,
            "submission": submission,
            "form": form,
            "step": declared,
            "similar_topics": topics,
            "similar_submissions": similar_submissions,
        },
        status=400 if form.errors else 200,
    )


@login_required
def record_at_day(request, committee_pk, pk):
    """A member (or office staff) records a problem a resident raises at a reception day."""
    if committee_pk not in request.user.committee_ids:
        raise Http404
    day = get_object_or_404(ReceptionDay, pk=pk, committee_id=committee_pk)
    if not request.user.has_perm("public.record_submission", day):
        raise PermissionDenied
    form = SubmissionForm(
        request.POST or None,
        request.FILES or None,
        signed_in=True,
        initial={"place": day.venue_address},
    )
    if request.method == "POST" and form.is_valid():
        data = {
            name: form.cleaned_data[name]
            for name in ("title", "description", "place", "category", "name", "mobile", "email")
        }
        try:
            _submission, code = submission_create(
                committee=day.committee,
                photos=form.cleaned_data["photos"],
                reception_day=day,
                received_by=request.user,
                **data,
            )
        except ValidationError as invalid:
            add_validation_errors(form, invalid)
        else:
            messages.success(
                request,
                _(
                    "Recorded. Give the resident the tracking code %(code)s; they follow it at "
                    "%(url)s"
                )
                % {
                    "code": code,
                    "url": request.build_absolute_uri(
                        reverse("public:track_form", args=[day.committee_id])
                    ),
                },
            )
            return redirect("public:record", committee_pk=committee_pk, pk=day.pk)
    return render(
        request,
        "public/record_form.html",
        {"day": day, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def publish(request, committee_pk, topic_pk):
    """Office staff show a topic to the public, with texts written for the public."""
    committee = committee_for(request, committee_pk, "public.publish_topic")
    found = get_object_or_404(Topic, pk=topic_pk, committee=committee)
    publication = TopicPublication.objects.filter(topic=found).first()
    initial = {} if publication else {"problem": found.description}
    form = PublicationForm(request.POST or None, instance=publication, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            topic_publication_save(topic=found, actor=request.user, **form.cleaned_data)
        except ValidationError as invalid:
            add_validation_errors(form, invalid)
        else:
            messages.success(request, _("The public page of the topic was saved."))
            return redirect(found)
    return render(
        request,
        "public/publication_form.html",
        {"committee": committee, "topic": found, "form": form},
        status=400 if form.errors else 200,
    )
