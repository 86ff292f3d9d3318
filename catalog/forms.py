from django import forms
from django.utils.translation import gettext_lazy as _


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Template file (JSON)"))


class ReviewForm(forms.Form):
    note = forms.CharField(label=_("Review note"), widget=forms.Textarea, required=False)
