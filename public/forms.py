import re

from captcha.fields import CaptchaField, CaptchaTextInput
from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateTimeInput, MultipleFileField, MultipleFileInput
from people.models import CommitteeBody, Department
from people.roles import Role
from people.selectors import users_with_role
from topics.models import State, Topic

from .models import ReceptionDay, Submission, TopicPublication
from .photos import photo_check

MOBILE = re.compile(r"^1[3-9]\d{9}$")
MAX_PHOTOS = 3


class ReceptionDayForm(forms.ModelForm):
    class Meta:
        model = ReceptionDay
        fields = ["kind", "venue_name", "venue_address", "starts_at", "ends_at", "members"]
        widgets = {
            "starts_at": DateTimeInput(),
            "ends_at": DateTimeInput(),
            "members": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, committee, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = users_with_role(committee, Role.MEMBER)


class LabelledCaptchaInput(CaptchaTextInput):
    """The captcha's picture and answer under one <label> for the answer box (Django would
    otherwise group its two inputs in a fieldset, leaving the box without a label)."""

    use_fieldset = False


class PhotoField(MultipleFileField):
    """Up to three photos, each recognised as a picture by its content."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        if len(files) > MAX_PHOTOS:
            raise forms.ValidationError(
                _("At most %(count)d photos, please."), params={"count": MAX_PHOTOS}
            )
        cleaned = [forms.FileField.clean(self, uploaded, initial) for uploaded in files]
        for uploaded in cleaned:
            photo_check(uploaded)
        return cleaned


class SubmissionForm(forms.ModelForm):
    """群众出题: the problem, where, up to three photos, who and how to reach them, and the
    consent to the personal-information notice. Online it also asks a captcha and carries a
    field people do not see (a honeypot); a member at a reception day needs neither."""

    photos = PhotoField(
        label=_("Photos (up to 3)"),
        help_text=_("JPEG, PNG or WebP. Location data in the photos is removed."),
    )
    consent = forms.BooleanField(
        label=_("I have read the personal-information notice above and agree to it."),
        error_messages={
            "required": _("Without your consent to the notice the problem cannot be received.")
        },
    )
    # Typed with spaces or dashes as often as not; stored as its eleven digits.
    mobile = forms.CharField(
        label=_("mobile number"),
        max_length=20,
        help_text=_("Eleven digits. Only the committee's office sees it."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "tel"}),
    )
    # The honeypot: hidden from people by the stylesheet and from screen readers; a robot that
    # fills every field fills it.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    captcha = CaptchaField(
        label=_("Check: the result of the sum"),
        widget=LabelledCaptchaInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={"invalid": _("The check answer is wrong. Please try the new picture.")},
    )

    class Meta:
        model = Submission
        fields = ["title", "description", "place", "category", "name", "mobile", "email"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }
        help_texts = {
            "title": _("In one line, e.g. “杜姚线二期沿线无路灯”."),
            "place": _("Street, community or road where the problem is."),
            "email": _("Optional: we write to you there when something happens."),
        }

    def __init__(self, *args, signed_in=False, **kwargs):
        super().__init__(*args, **kwargs)
        if signed_in:
            del self.fields["captcha"]
            del self.fields["website"]
            self.fields["consent"].label = _(
                "The resident was told of the personal-information notice and agreed to it."
            )

    def clean_mobile(self):
        mobile = re.sub(r"[\s-]", "", self.cleaned_data["mobile"])
        if not MOBILE.match(mobile):
            raise forms.ValidationError(_("Enter a mainland mobile number of 11 digits."))
        return mobile

    def is_robot(self) -> bool:
        return bool(self.data.get("website")) and "website" in self.fields

    @property
    def honeypot(self):
        return self["website"] if "website" in self.fields else None


class TrackForm(forms.Form):
    code = forms.CharField(label=_("Tracking code"), max_length=20)


class AcceptForm(forms.Form):
    title = forms.CharField(label=_("Title of the topic"), max_length=120)
    proposer_body = forms.ModelChoiceField(
        label=_("Proposing body"),
        queryset=CommitteeBody.objects.none(),
        required=False,
        help_text=_(
            "The special committee, liaison committee or sector that takes it up; without one, "
            "name the proposing members on the draft before submitting it."
        ),
    )
    description = forms.CharField(
        label=_("Description"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5})
    )
    category = forms.ChoiceField(label=_("Category"), choices=Topic.Category.choices)
    message = forms.CharField(
        label=_("Message to the submitter (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, committee, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposer_body"].queryset = committee.bodies.all()


class MergeForm(forms.Form):
    topic = forms.ModelChoiceField(label=_("Topic"), queryset=Topic.objects.none())
    message = AcceptForm.base_fields["message"]

    def __init__(self, *args, committee, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = (
            Topic.objects.filter(committee=committee)
            .exclude(state__in=[State.REJECTED])
            .order_by("-year", "title")
        )


class ReferForm(forms.Form):
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.none(), required=False
    )
    body = forms.ModelChoiceField(
        label=_("Liaison committee"), queryset=CommitteeBody.objects.none(), required=False
    )
    note = forms.CharField(
        label=_("Note for the recipient"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    message = AcceptForm.base_fields["message"]

    def __init__(self, *args, committee, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = committee.departments.all()
        self.fields["body"].queryset = committee.bodies.filter(kind=CommitteeBody.Kind.LIAISON)

    def clean(self):
        cleaned = super().clean()
        if bool(cleaned.get("department")) == bool(cleaned.get("body")):
            raise forms.ValidationError(_("Choose either a department or a liaison committee."))
        return cleaned


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (the submitter reads it)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=_("Reply to the submitter"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class PublicationForm(forms.ModelForm):
    class Meta:
        model = TopicPublication
        fields = ["published", "problem", "agreed", "outcome"]
        widgets = {
            "problem": forms.Textarea(attrs={"rows": 4}),
            "agreed": forms.Textarea(attrs={"rows": 4}),
            "outcome": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "published": _("Shown on the committee's public page, without any internal record."),
            "agreed": _("A summary for the public; the minutes stay internal."),
        }
