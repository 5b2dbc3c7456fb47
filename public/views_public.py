"""Pages for the public: no sign-in, phone first, nothing personal.

The landing and topic pages are rendered once into the cache (Django's cache framework: Redis
in a deployment) under a key that includes a stamp of everything they show, so a change is
shown at once and an unchanged page is served without rendering. Nothing on these pages
depends on the visitor: no CSRF token, no name; the submission form is not cached.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django_ratelimit.core import is_ratelimited

from core.forms import add_validation_errors
from people.models import Committee

from . import selectors
from .forms import SubmissionForm, TrackForm
from .models import ReceptionDay, Submission
from .qr import qr_svg
from .services import submission_by_code, submission_create


def _cached_fragment(kind, key_parts, build) -> str:
    digest = hashlib.sha256(repr(key_parts).encode()).hexdigest()[:32]
    key = f"public:{kind}:{translation.get_language()}:{digest}"
    html = cache.get(key)
    if html is None:
        html = build()
        cache.set(key, html, settings.PUBLIC_PAGE_CACHE_SECONDS)
    return html


def _absolute(request, path):
    return request.build_absolute_uri(path)


@require_GET
def landing(request, committee_pk):
    committee = get_object_or_404(Committee, pk=committee_pk)
    stamp = (committee.pk, committee.name, selectors.landing_stamp(committee.pk))
    body = _cached_fragment(
        "landing",
        stamp,
        lambda: render_to_string(
            "public/landing_body.html",
            {"committee": committee, **selectors.landing(committee)},
        ),
    )
    return render(
        request,
        "public/landing.html",
        {
            "committee": committee,
            "body": body,
            "og_url": _absolute(request, request.path),
            "qr_url": reverse("public:landing_qr", args=[committee.pk]),
        },
    )


@require_GET
def topic(request, committee_pk, topic_pk):
    found = selectors.public_topic(committee_pk, topic_pk)
    if found is None:
        raise Http404
    body = _cached_fragment(
        "topic",
        (found.pk, selectors.topic_stamp(found)),
        lambda: render_to_string(
            "public/topic_body.html",
            {
                "topic": found,
                "publication": found.publication,
                "stages": selectors.stage_dates(found),
                "result": getattr(found, "evaluation_result", None),
            },
        ),
    )
    return render(
        request,
        "public/topic.html",
        {
            "committee": found.committee,
            "topic": found,
            "publication": found.publication,
            "body": body,
            "og_url": _absolute(request, request.path),
            "qr_url": reverse("public:topic_qr", args=[committee_pk, found.pk]),
        },
    )


def _qr_response(url):
    response = HttpResponse(qr_svg(url), content_type="image/svg+xml")
    response["Cache-Control"] = "public, max-age=86400"
    return response


@require_GET
def landing_qr(request, committee_pk):
    committee = get_object_or_404(Committee, pk=committee_pk)
    return _qr_response(_absolute(request, reverse("public:landing", args=[committee.pk])))


@require_GET
def topic_qr(request, committee_pk, topic_pk):
    found = selectors.public_topic(committee_pk, topic_pk)
    if found is None:
        raise Http404
    return _qr_response(_absolute(request, reverse("public:topic", args=[committee_pk, found.pk])))


@require_GET
def submit_qr(request, committee_pk):
    committee = get_object_or_404(Committee, pk=committee_pk)
    return _qr_response(_absolute(request, reverse("public:submit", args=[committee.pk])))


@require_GET
def poster(request, committee_pk, day_pk=None):
    """A printable poster with the QR code of the form, e.g. for a members' lounge."""
    committee = get_object_or_404(Committee, pk=committee_pk)
    day = get_object_or_404(ReceptionDay, pk=day_pk, committee=committee) if day_pk else None
    return render(
        request,
        "public/poster.html",
        {
            "committee": committee,
            "day": day,
            "submit_url": _absolute(request, reverse("public:submit", args=[committee.pk])),
        },
    )


def submit(request, committee_pk):
    """群众出题 online: captcha, honeypot and rate limits per address and per mobile number;
    a refused submission saves nothing and says why."""
    committee = get_object_or_404(Committee, pk=committee_pk)
    form = SubmissionForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if is_ratelimited(
            request,
            group="public-submit-address",
            key="ip",
            rate=settings.PUBLIC_SUBMIT_RATE_PER_ADDRESS,
            increment=True,
        ):
            return _refused(
                request,
                committee,
                _(
                    "Too many problems were sent from this network in a short time. "
                    "Please try again later, or bring it to a reception day."
                ),
                status=429,
            )
        if form.is_robot():
            return _refused(
                request,
                committee,
                _("The form was filled in a way people do not; it was not received."),
                status=400,
            )
        if form.is_valid():
            mobile = form.cleaned_data["mobile"]
            if is_ratelimited(
                request,
                group="public-submit-mobile",
                key=lambda group, request: mobile,
                rate=settings.PUBLIC_SUBMIT_RATE_PER_PHONE,
                increment=True,
            ):
                form.add_error(
                    "mobile",
                    _(
                        "This mobile number has already sent as many problems as allowed for "
                        "now. Please try again later."
                    ),
                )
                status = 429
            else:
                data = {
                    name: form.cleaned_data[name]
                    for name in ("title", "description", "place", "category", "name", "mobile")
                }
                try:
                    _submission, code = submission_create(
                        committee=committee,
                        email=form.cleaned_data.get("email", ""),
                        photos=form.cleaned_data["photos"],
                        **data,
                    )
                except ValidationError as invalid:
                    add_validation_errors(form, invalid)
                else:
                    url = reverse("public:track", args=[committee.pk, code])
                    return redirect(f"{url}?new=1")
        if form.errors and status == 200:
            status = 400
    return render(
        request,
        "public/submit.html",
        {"committee": committee, "form": form},
        status=status,
    )


def _refused(request, committee, message, status):
    return render(
        request,
        "public/refused.html",
        {"committee": committee, "message": message},
        status=status,
    )


@require_GET
def track_form(request, committee_pk):
    committee = get_object_or_404(Committee, pk=committee_pk)
    form = TrackForm(request.GET or None)
    if form.is_valid():
        code = form.cleaned_data["code"].strip().upper()
        return redirect("public:track", committee_pk=committee.pk, code=code)
    return render(request, "public/track_form.html", {"committee": committee, "form": form})


@require_GET
def track(request, committee_pk, code):
    """The status and the public replies of one submission, and nothing else; any code that
    is not one of this committee's is a 404 after the same lookup."""
    submission = submission_by_code(committee_pk, code)
    if submission is None:
        raise Http404
    following = submission.topic if submission.state in FOLLOWS_TOPIC else None
    response = render(
        request,
        "public/track.html",
        {
            "committee": submission.committee,
            "submission": submission,
            "code": code.upper(),
            "new": request.GET.get("new") == "1",
            "replies": submission.replies.all(),
            "following": following,
            "published": following is not None
            and selectors.published_topics(committee_pk).filter(pk=following.pk).exists(),
        },
    )
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


FOLLOWS_TOPIC = (Submission.State.ACCEPTED, Submission.State.MERGED)
