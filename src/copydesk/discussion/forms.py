"""The forms readers fill in: a thought (with a honeypot), an edit, a report."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import MaxLengthValidator

from copydesk.discussion.models import Report
from copydesk.discussion.policy import Policy

HONEYPOT = "homepage"


class ThoughtForm(forms.Form):
    body = forms.CharField(
        label="Your thought",
        widget=forms.Textarea(attrs={"rows": 4}),
        strip=True,
        help_text="Plain text; *emphasis*, **strong**, `code` and [links](https://example.org) work.",
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
    # Left empty by people (it is hidden from them); bots that fill every field give themselves away.
    homepage = forms.CharField(
        required=False,
        label="Leave this empty",
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit = Policy.current().max_length
        self.fields["body"].max_length = limit
        self.fields["body"].validators.append(MaxLengthValidator(limit))

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get(HONEYPOT))


class EditForm(forms.Form):
    body = forms.CharField(label="Your thought", widget=forms.Textarea(attrs={"rows": 6}), strip=True)


class ReportForm(forms.Form):
    reason = forms.ChoiceField(choices=Report.Reason.choices)
