from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import LeanSelect, cache_choices
from people.models import Committee, CommitteeBody, User
from people.privacy import sees_personal_data
from people.roles import Role

from .models import Stage, Topic
from .selectors import list_filters


class TopicForm(forms.ModelForm):
    """Proposal of a topic; joint proposers are invited and must each confirm."""

    committee = forms.ModelChoiceField(label=_("Committee"), queryset=Committee.objects.none())
    cosigners = forms.ModelMultipleChoiceField(
        label=_("Co-signing members"),
        required=False,
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Each member chosen here is asked to confirm the joint proposal."),
    )

    class Meta:
        model = Topic
        fields = [
            "committee",
            "year",
            "title",
            "description",
            "category",
            "channel",
            "proposer_body",
            "public_contact",
            "public_venue",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        committees = Committee.objects.filter(
            pk__in=user.committees_with_role(Role.OFFICE_STAFF, Role.MEMBER)
        )
        self.fields["committee"].queryset = committees
        self.fields["proposer_body"].queryset = CommitteeBody.objects.filter(
            committee__in=committees
        )
        self.fields["cosigners"].queryset = (
            User.objects.filter(
                memberships__committee__in=committees,
                memberships__role=Role.MEMBER,
                is_active=True,
            )
            .exclude(pk=user.pk)
            .distinct()
            .order_by("full_name")
        )
        if self.instance.pk:
            self.fields.pop("committee")
            if self.instance.public_contact and not sees_personal_data(user, self.instance):
                # Kept as it is: only office staff read (and so rewrite) a resident's contact.
                self.fields.pop("public_contact")
            self.fields["cosigners"].initial = [
                proposer.member_id for proposer in self.instance.proposers.all()
            ]
        else:
            self.fields["year"].initial = timezone.localdate().year
            if committees.count() == 1:
                self.fields["committee"].initial = committees.get()

    def clean(self):
        cleaned = super().clean()
        committee = cleaned.get("committee") or getattr(self.instance, "committee", None)
        body = cleaned.get("proposer_body")
        if committee and body and body.committee_id != committee.pk:
            self.add_error("proposer_body", _("Choose a body of the topic's committee."))
        stray = [
            m
            for m in cleaned.get("cosigners", [])
            if committee and not m.has_role(Role.MEMBER, committee.pk)
        ]
        if stray:
            self.add_error("cosigners", _("Co-signers must be members of the topic's committee."))
        return cleaned


class TopicFilterForm(forms.Form):
    query = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    stage = forms.TypedChoiceField(
        label=_("Stage"),
        required=False,
        coerce=int,
        choices=[("", _("All stages")), *Stage.choices],
        widget=LeanSelect,
    )
    channel = forms.ChoiceField(
        label=_("Source channel"),
        required=False,
        choices=[("", _("All channels")), *Topic.Channel.choices],
        widget=LeanSelect,
    )
    category = forms.ChoiceField(
        label=_("Category"),
        required=False,
        choices=[("", _("All categories")), *Topic.Category.choices],
        widget=LeanSelect,
    )
    committee = forms.ModelChoiceField(
        label=_("Committee"),
        required=False,
        queryset=Committee.objects.none(),
        empty_label=_("All committees"),
        widget=LeanSelect,
    )
    # The filters the dashboard's figures link to.
    body = forms.ModelChoiceField(
        label=_("Proposing body"),
        required=False,
        queryset=CommitteeBody.objects.none(),
        empty_label=_("All bodies"),
        widget=LeanSelect,
    )
    held = forms.BooleanField(label=_("Session held"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = Committee.objects.filter(pk__in=user.committee_ids)
        self.fields["body"].queryset = CommitteeBody.objects.filter(
            committee_id__in=user.committee_ids
        )
        for registered in list_filters():
            self.fields.update(registered.fields(user))
        if len(user.committee_ids) < 2:
            self.fields.pop("committee")
        for name, field in self.fields.items():
            if isinstance(field, forms.ModelChoiceField):
                cache_choices(field, name, user.committee_ids)
