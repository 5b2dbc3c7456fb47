from django import forms
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput, DateTimeInput, MultipleFileField, StateBoundForm
from people.models import Department
from people.roles import Role
from people.selectors import users_with_role

from .models import SatisfactionRating, SignOff


class SessionScheduleForm(StateBoundForm):
    starts_at = forms.DateTimeField(label=_("Date and time"), widget=DateTimeInput)
    venue = forms.CharField(label=_("Venue"), max_length=200)
    agenda = forms.CharField(
        label=_("Agenda"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5})
    )


class SessionRecordForm(StateBoundForm):
    members = forms.ModelMultipleChoiceField(
        label=_("Members present"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    members_on_leave = forms.ModelMultipleChoiceField(
        label=_("Members on leave"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Members who were expected but excused; the minutes list them."),
    )
    departments = forms.ModelMultipleChoiceField(
        label=_("Departments present"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    residents_count = forms.IntegerField(
        label=_("Residents present"), min_value=0, max_value=10000, initial=0
    )
    consensus = forms.CharField(
        label=_("Consensus reached"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("One point of consensus per line."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = users_with_role(self.topic.committee, Role.MEMBER)
        self.fields["members_on_leave"].queryset = users_with_role(
            self.topic.committee, Role.MEMBER
        )
        self.fields["departments"].queryset = Department.objects.filter(
            committee=self.topic.committee
        )

    def clean(self):
        cleaned = super().clean()
        both = set(cleaned.get("members") or ()) & set(cleaned.get("members_on_leave") or ())
        if both:
            self.add_error(
                "members_on_leave",
                _("A member cannot be both present and on leave: %(names)s.")
                % {"names": "、".join(sorted(str(member) for member in both))},
            )
        return cleaned

    def clean_consensus(self):
        points = [
            line.strip() for line in self.cleaned_data["consensus"].splitlines() if line.strip()
        ]
        if not points:
            raise forms.ValidationError(_("Write at least one point of consensus."))
        if any(len(point) > 2000 for point in points):
            raise forms.ValidationError(_("Each point may be at most 2000 characters."))
        return points


class MinutesForm(StateBoundForm):
    text = forms.CharField(
        label=_("Minutes"), max_length=50000, widget=forms.Textarea(attrs={"rows": 16})
    )
    leaders = forms.ModelMultipleChoiceField(
        label=_("Leaders asked to sign"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Needed when submitting; every leader chosen must sign off."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leaders"].queryset = users_with_role(self.topic.committee, Role.LEADER)
        minutes = getattr(self.topic, "minutes", None)
        if minutes is not None:
            self.fields["text"].initial = minutes.text


class SignOffForm(StateBoundForm):
    # The version the leader read: signing refuses if another has been submitted since.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    decision = forms.ChoiceField(
        label=_("Decision"), choices=SignOff.Decision.choices, widget=forms.RadioSelect
    )
    opinion = forms.CharField(
        label=_("Opinion"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Your written opinion (签批意见); when returning, say what must change."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        minutes = getattr(self.topic, "minutes", None)
        version = minutes.current_version if minutes else None
        if version is not None:
            self.fields["version"].initial = version.number


class FollowUpItemForm(forms.Form):
    """A consensus point or a leader's opinion turned into a task for one or more departments."""

    source = forms.ChoiceField(
        label=_("Comes from"),
        help_text=_(
            "The consensus point of the session or the leader's opinion this task carries out."
        ),
    )
    task = forms.CharField(
        label=_("Task"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    department = forms.ModelMultipleChoiceField(
        label=_("Responsible departments"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Each department chosen gets its own item to report on."),
    )
    due_on = forms.DateField(label=_("Due date"), widget=DateInput)

    def __init__(self, *args, topic, **kwargs):
        self.topic = topic
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(committee=topic.committee)
        self.sources = item_sources(topic)
        self.fields["source"].choices = [
            ("", _("Choose a consensus point or an opinion")),
            *((key, label) for key, (label, _point, _sign_off) in self.sources.items()),
        ]

    def clean_source(self):
        _label, point, sign_off = self.sources[self.cleaned_data["source"]]
        return {"consensus_point": point, "sign_off": sign_off}

    def assignment(self):
        """The keyword arguments of `follow_up_items_assign`."""
        data = self.cleaned_data
        return {
            "task": data["task"],
            "departments": list(data["department"]),
            "due_on": data["due_on"],
            **data["source"],
        }


def item_sources(topic) -> dict:
    """Choice key → (label, consensus point, sign-off) for the topic's points and leaders'
    opinions."""
    sources = {}
    session = getattr(topic, "session", None)
    if session is not None:
        for point in session.consensus_points.all():
            label = _("Consensus point %(number)s: %(text)s") % {
                "number": point.position,
                "text": Truncator(point.text).chars(80),
            }
            sources[f"point:{point.pk}"] = (label, point, None)
    sign_offs = SignOff.objects.filter(
        version__minutes__topic=topic, decision=SignOff.Decision.APPROVE
    ).select_related("leader")
    for sign_off in sign_offs:
        label = _("Opinion of %(leader)s: %(text)s") % {
            "leader": sign_off.leader,
            "text": Truncator(sign_off.opinion).chars(80),
        }
        sources[f"opinion:{sign_off.pk}"] = (label, None, sign_off)
    return sources


class ProgressReportForm(forms.Form):
    percent_done = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100)
    text = forms.CharField(
        label=_("What was done"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5})
    )
    files = MultipleFileField(
        label=_("Evidence"), help_text=_("Photos, PDF, Word or Excel files, each at most 10 MB.")
    )
    completed = forms.BooleanField(
        label=_("The task is completed; ask the office to verify it"), required=False
    )

    def __init__(self, *args, topic, **kwargs):
        self.topic = topic
        super().__init__(*args, **kwargs)


class ItemReviewForm(forms.Form):
    VERIFY, SEND_BACK, CLOSE = "verify", "send_back", "close"
    decision = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        choices=[
            (VERIFY, _("Verify as completed")),
            (SEND_BACK, _("Send back to the department")),
            (CLOSE, _("Close with a reason")),
        ],
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when sending back or closing."),
    )

    def __init__(self, *args, topic, **kwargs):
        self.topic = topic
        super().__init__(*args, **kwargs)


class ExtensionRequestForm(forms.Form):
    due_on = forms.DateField(label=_("New due date asked for"), widget=DateInput)
    reason = forms.CharField(
        label=_("Why more time is needed"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, topic, **kwargs):
        self.topic = topic
        super().__init__(*args, **kwargs)


class ExtensionDecisionForm(forms.Form):
    GRANT, REFUSE = "grant", "refuse"
    decision = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        choices=[(GRANT, _("Grant: move the due date")), (REFUSE, _("Refuse: keep the due date"))],
    )
    note = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The department sees it with your decision."),
    )

    def __init__(self, *args, topic, **kwargs):
        self.topic = topic
        super().__init__(*args, **kwargs)


class SatisfactionForm(forms.Form):
    level = forms.ChoiceField(
        label=_("Your satisfaction"),
        widget=forms.RadioSelect,
        choices=SatisfactionRating.Level.choices,
    )
    comment = forms.CharField(
        label=_("Comment"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, topic, **kwargs):
        self.topic = topic
        super().__init__(*args, **kwargs)
