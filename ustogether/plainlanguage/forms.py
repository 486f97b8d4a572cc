from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ustogether.core.plaincheck import MAX_CHECK_CHARS, CheckedTextarea


class CheckForm(forms.Form):
    text = forms.CharField(
        label=_("Paste or type your writing"),
        widget=CheckedTextarea(attrs={"rows": 12}),
        max_length=MAX_CHECK_CHARS,
        error_messages={
            "required": _("Paste or type some writing to check."),
            "max_length": _("This is too long to check at once. Check it a part at a time."),
        },
    )
    easy_read = forms.BooleanField(
        label=_("Check it as Easy Read"),
        help_text=_(
            "Easy Read uses short sentences, one idea in each, and no short forms like NHS."
        ),
        required=False,
    )


class TermForm(forms.Form):
    term = forms.CharField(
        label=_("Word or phrase"),
        max_length=120,
        error_messages={"required": _("Enter the word or phrase.")},
    )
    variants = forms.CharField(
        label=_("Other ways of writing it"),
        max_length=300,
        required=False,
        help_text=_("Separate them with commas. For example: MDT, multi-disciplinary team."),
    )
    plain = forms.CharField(
        label=_("Plain words to use instead"),
        max_length=200,
        error_messages={"required": _("Enter plain words people can use instead.")},
    )
    definition = forms.CharField(
        label=_("What it means"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One or two short sentences."),
        error_messages={"required": _("Say what it means, in a sentence or two.")},
    )


class TurnDownForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it not being added?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why, so the person who wrote it knows.")},
    )
