"""allauth in plain words: its error messages, and the required-field messages of its forms."""

from __future__ import annotations

from typing import Any

from allauth.account import forms as allauth_forms
from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from ustogether.core.forms import PlainLimitsMixin
from ustogether.core.validators import EMAIL_MAX_LENGTH_MESSAGE


class AccountAdapter(DefaultAccountAdapter):
    error_messages = DefaultAccountAdapter.error_messages | {
        "email_password_mismatch": _(
            "The email address or password is not right. Check them, or sign in with a code instead."
        ),
        "enter_current_password": _("Enter the password you use now."),
        "incorrect_code": _(
            "That code is not right. Check the email we sent and type the code again."
        ),
        "incorrect_password": _("That password is not right. Try again."),
        "invalid_or_expired_key": _("This link has run out or is not right. Ask for a new one."),
        "too_many_login_attempts": _("Too many tries. Wait a few minutes, then try again."),
        "rate_limited": _("Too many tries. Wait a few minutes, then try again."),
        "email_taken": _("Someone already has an account with this email. Try signing in instead."),
        "unknown_email": _("We do not know this email address. Check it, or create an account."),
    }


class MFAAdapter(DefaultMFAAdapter):
    error_messages = DefaultMFAAdapter.error_messages | {
        "add_email_blocked": _(
            "You use two-step sign-in, so you cannot add another email address. "
            "Turn two-step sign-in off first, then add it."
        ),
        "cannot_delete_authenticator": _("You cannot turn off two-step sign-in."),
        "cannot_generate_recovery_codes": _(
            "Turn on two-step sign-in with an app first. Then you can make recovery codes."
        ),
        "incorrect_code": _(
            "That code is not right. Type the 6 numbers your app shows now, or a recovery code."
        ),
        "unverified_email": _(
            "Confirm your email address first. Then you can turn on two-step sign-in."
        ),
    }


# What to say when a box is left empty or filled in wrongly, by field name.
REQUIRED = {
    "login": _("Enter your email address."),
    "email": _("Enter your email address."),
    "password": _("Enter your password."),
    "password1": _("Make a password."),
    "password2": _("Type the same password again."),
    "oldpassword": _("Enter the password you use now."),
    "code": _("Enter the code from the email."),
    "full_name": _("Enter your name."),
}
INVALID_EMAIL = _("Enter an email address like name@example.org")


class PlainWordsMixin(PlainLimitsMixin):
    fields: dict[str, Any]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field, forms.EmailField):
                # The longest address email allows; shown as maxlength on the box.
                field.max_length = 254
                field.validators.append(MaxLengthValidator(254))
                field.error_messages["max_length"] = EMAIL_MAX_LENGTH_MESSAGE
            if name in REQUIRED:
                field.error_messages["required"] = REQUIRED[name]
            if "invalid" in field.error_messages and name in ("login", "email"):
                field.error_messages["invalid"] = INVALID_EMAIL


class LoginForm(PlainWordsMixin, allauth_forms.LoginForm):
    pass


class SignupForm(PlainWordsMixin, allauth_forms.SignupForm):
    pass


class AddEmailForm(PlainWordsMixin, allauth_forms.AddEmailForm):
    pass


class ChangePasswordForm(PlainWordsMixin, allauth_forms.ChangePasswordForm):
    pass


class ResetPasswordForm(PlainWordsMixin, allauth_forms.ResetPasswordForm):
    pass


class ResetPasswordKeyForm(PlainWordsMixin, allauth_forms.ResetPasswordKeyForm):
    pass


class RequestLoginCodeForm(PlainWordsMixin, allauth_forms.RequestLoginCodeForm):
    pass


class ConfirmLoginCodeForm(PlainWordsMixin, allauth_forms.ConfirmLoginCodeForm):
    pass


class ReauthenticateForm(PlainWordsMixin, allauth_forms.ReauthenticateForm):
    pass
