"""allauth's sign-up form, with its honeypot hidden by the stylesheet instead of an inline style (CSP)."""

from __future__ import annotations

from typing import Any

from allauth.account.forms import SignupForm
from django.conf import settings


class CopydeskSignupForm(SignupForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        honeypot = self.fields.get(getattr(settings, "ACCOUNT_SIGNUP_FORM_HONEYPOT_FIELD", "") or "")
        if honeypot is not None:
            honeypot.widget.attrs.pop("style", None)
            honeypot.widget.attrs["class"] = "hp"
            honeypot.widget.attrs["aria-hidden"] = "true"
