from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.uploads import validate_upload
from people.models import Committee


class VerifyForm(forms.Form):
    document = forms.FileField(label=_("PDF file to check"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].help_text = _(
            "A PDF of the minutes downloaded from this site, at most %(limit)s."
        ) % {"limit": filesizeformat(settings.UPLOAD_MAX_BYTES)}

    def clean_document(self):
        uploaded = self.cleaned_data["document"]
        if validate_upload(uploaded) != "application/pdf":
            raise ValidationError(
                _("“%(name)s” is not a PDF file; only PDFs of the minutes can be checked."),
                code="not_pdf",
                params={"name": uploaded.name},
            )
        return uploaded


class AnnualReportForm(forms.Form):
    committee = forms.ModelChoiceField(label=_("Committee"), queryset=Committee.objects.none())
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)

    def __init__(self, *args, committees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees
        self.fields["year"].initial = timezone.localdate().year
        if len(committees) == 1:
            self.fields["committee"].initial = committees[0]
            self.fields["committee"].widget = forms.HiddenInput()
