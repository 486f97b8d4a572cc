"""Checks on what people type that several apps share, with messages in plain words."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Line breaks, tabs and other control characters (and Unicode's own line and
# paragraph separators). In a name or title they break the emails that quote it.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")

# Digits with the spaces, brackets, dashes and leading + people write in phone
# numbers, and an optional extension: "+44 (0)20 7946 0000 ext 12".
PHONE_NUMBER = re.compile(
    r"^\+?[0-9][0-9 ()\-]{4,24}(\s*(ext|extension|x)\.?\s*[0-9]{1,6})?$", re.I
)


def single_line(value: str) -> None:
    if CONTROL_CHARACTERS.search(value):
        raise ValidationError(
            _("Write this on one line, without line breaks or tabs."), code="single_line"
        )


def phone_number(value: str) -> None:
    if value and not PHONE_NUMBER.match(value.strip()):
        raise ValidationError(
            _("Enter a phone number using numbers only, like 01632 960 001 or +44 7700 900 982."),
            code="phone",
        )


MAX_LENGTH_MESSAGE = _("Use %(limit_value)d characters or fewer. You have used %(show_value)d.")
EMAIL_MAX_LENGTH_MESSAGE = _(
    "An email address can be at most 254 characters long. Check the address."
)
