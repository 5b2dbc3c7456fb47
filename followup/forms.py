from django import forms
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from consultations.models import SignOff
from core.forms import DateInput, MultipleFileField
from people.models import Department

from .models import SatisfactionRating


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
