from html import escape

from django import forms
from django.forms.utils import flatatt
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from .figures import cached_figure
from .uploads import validate_upload


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each checked for type and size as it arrives."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        cleaned = [super(MultipleFileField, self).clean(uploaded, initial) for uploaded in files]
        for uploaded in cleaned:
            validate_upload(uploaded)
        return cleaned


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class StateBoundForm(forms.Form):
    """Carries the state the user saw, so that a stale page cannot act on a changed topic."""

    expected_state = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, topic, **kwargs):
        self.topic = topic
        kwargs.setdefault("initial", {})["expected_state"] = topic.state
        super().__init__(*args, **kwargs)


class CommentForm(StateBoundForm):
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReasonForm(StateBoundForm):
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )


def add_validation_errors(form, invalid):
    """Show a service's ValidationError on the form: on its fields where it names them."""
    if hasattr(invalid, "error_dict"):
        for field, errors in invalid.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, invalid)


class LeanSelect(forms.Select):
    """A select rendered in Python rather than one template per option: the topic list's
    filters offer hundreds of committees, bodies and departments at province scale, and
    the template per option cost more than the rest of the page. Same HTML as `Select`."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(v) for v in self.format_value(value)}
        options = "".join(
            '<option value="{}"{}>{}</option>'.format(
                escape(str(key)), " selected" if str(key) in chosen else "", escape(str(label))
            )
            for key, label in self.choices
        )
        final = flatatt(self.build_attrs(self.attrs, attrs))
        return mark_safe(f'<select name="{escape(name)}"{final}>{options}</select>')


def cache_choices(field: forms.ModelChoiceField, name: str, committee_ids) -> None:
    """Offer the field's choices from the cache (core.figures, under the committees'
    versions) instead of reading and building a model per option on every request; the
    submitted value is still checked against the field's queryset."""
    field.widget.choices = cached_figure(
        f"choices-{name}",
        committee_ids,
        lambda: [(str(key), str(label)) for key, label in field.choices],
    )
