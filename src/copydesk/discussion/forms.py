"""The forms that write a thought's text (a new thought with a honeypot, an author's edit, a moderator's
edit in the admin), a report, and the admin's sign-in with the accounts' lockout."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import get_adapter
from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator

from copydesk.discussion.models import Report, Thought
from copydesk.discussion.policy import Policy

HONEYPOT = "homepage"


class LimitedBody:
    """A form whose `body` keeps to COPYDESK_THOUGHTS_MAX_LENGTH: every form that writes a thought's text."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        limit = Policy.current().max_length
        body = self.fields["body"]
        body.max_length = limit  # type: ignore[attr-defined]
        body.widget.attrs["maxlength"] = str(limit)
        body.validators.append(MaxLengthValidator(limit))


class ThoughtForm(LimitedBody, forms.Form):
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

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get(HONEYPOT))


class EditForm(LimitedBody, forms.Form):
    body = forms.CharField(label="Your thought", widget=forms.Textarea(attrs={"rows": 6}), strip=True)


class ThoughtAdminForm(LimitedBody, forms.ModelForm):
    """A moderator's edit of a thought in the admin."""

    class Meta:
        model = Thought
        fields = ["body", "status", "hold_reason"]


class ReportForm(forms.Form):
    reason = forms.ChoiceField(choices=Report.Reason.choices)


class AdminSignInForm(AdminAuthenticationForm):
    """The admin's sign-in, counted against the same limits as the accounts' (COPYDESK_LOGIN_ATTEMPTS
    failures per name within COPYDESK_LOGIN_LOCKOUT, and per IP address): allauth's adapter counts the
    attempt, and takes it back when the password was right."""

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username is not None and password:
            try:
                self.user_cache = get_adapter(self.request).authenticate(
                    self.request, username=username, password=password
                )
            except ValidationError as exc:  # too many failed attempts
                raise ValidationError(exc.messages, code="too_many_login_attempts") from None
            if self.user_cache is None:
                raise self.get_invalid_login_error()
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data
