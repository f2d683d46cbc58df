from django import forms

from review.models import ReportReason


class NoteForm(forms.Form):
    text = forms.CharField(max_length=4000, required=False, strip=True)


class ReportForm(forms.Form):
    reason = forms.ChoiceField(choices=ReportReason.choices)
    text = forms.CharField(max_length=2000, required=False)


class SearchForm(forms.Form):
    q = forms.CharField(max_length=100, required=False, strip=True)
