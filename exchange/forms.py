from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from content.models import Content
from exchange.items import Format

MAX_CHARS = 400_000  # the request body limit (512 KB) is reached first


class ImportForm(forms.Form):
    """A file to preview, or (confirm=1) the previewed text to write. The text is checked
    again in full when confirmed: the hidden copy is no more trusted than an upload."""

    format = forms.ChoiceField(label=_("Format"), choices=Format.choices)
    file = forms.FileField(label=_("File"), required=False)
    text = forms.CharField(required=False, widget=forms.HiddenInput, max_length=MAX_CHARS,
                           strip=False)
    content = forms.ModelChoiceField(
        label=_("Evaluation content for questions without a category"), required=False,
        queryset=Content.objects.select_related("theme__subject")
        .order_by("theme__subject__order", "theme__order", "order"),
        help_text=_("Aiken has no categories; GIFT and Moodle XML may lack them."))
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["content"].label_from_instance = (
            lambda c: f"{c.theme.subject.code} · {c.theme.name} · {c.name}")

    def clean(self) -> dict:
        data = super().clean()
        upload = data.get("file")
        if upload:
            raw = upload.read(MAX_CHARS * 4 + 1)
            try:
                data["text"] = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                self.add_error("file", _("The file must be UTF-8 text."))
        if not data.get("text") and not self.errors:
            self.add_error("file", _("Choose a file."))
        return data


class ExportForm(forms.Form):
    format = forms.ChoiceField(label=_("Format"), choices=Format.choices)
