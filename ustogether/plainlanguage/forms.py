from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ustogether.core.plaincheck import MAX_CHECK_CHARS, CheckedTextarea


class CheckForm(forms.Form):
    text = forms.CharField(
        label=_("Paste or type your writing"),
        widget=CheckedTextarea(attrs={"rows": 12}, check_only=True),
        max_length=MAX_CHECK_CHARS,
        error_messages={
            "required": _("Paste or type some writing to check."),
            "max_length": _("This is too long to check at once. Check it a part at a time."),
        },
    )
    easy_read = forms.BooleanField(
        label=_("Check it as Easy Read"),
        help_text=_(
            "Easy Read uses short sentences with one idea in each. It does not use short forms like NHS."
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
        help_text=_(
            "Put a comma between each one. For example: MDT, multi-disciplinary team (a team of "
            "staff with different skills)."
        ),
    )
    plain = forms.CharField(
        label=_("Plain words to use instead"),
        max_length=200,
        error_messages={"required": _("Enter plain words people can use instead.")},
    )
    definition = forms.CharField(
        label=_("What it means"),
        widget=CheckedTextarea(attrs={"rows": 3}),
        help_text=_("One or two short sentences."),
        error_messages={"required": _("Say what it means, in a sentence or two.")},
    )
    credit_author = forms.BooleanField(
        label=_("Show my name with this word in the glossary"),
        help_text=_(
            "If you leave this empty, the glossary says who it was written for, not by whom."
        ),
        required=False,
    )
    published = forms.BooleanField(
        label=_("Show this word on the public glossary, for anyone to read"),
        help_text=_("If you leave this empty, only people in the organisation see it."),
        required=False,
    )


class SuggestForm(TermForm):
    """Suggest a word with its meaning, or just ask what a word means."""

    kind = forms.ChoiceField(
        label=_("What would you like to do?"),
        choices=[
            ("word", _("Suggest a word and say what it means")),
            ("question", _("Ask what a word means")),
        ],
        widget=forms.RadioSelect,
        initial="word",
        required=False,
    )
    where = forms.ChoiceField(
        label=_("Which project is it for?"),
        help_text=_("A co-lead of that project will look at it."),
        required=False,
    )
    field_order = ["kind", "where", "term", "variants", "plain", "definition"]

    def __init__(self, *args: Any, places: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.places = places
        if len(places) > 1:
            self.fields["where"].choices = [("", _("Choose one")), *places]  # type: ignore[attr-defined]
        else:
            del self.fields["where"]
        for name in ("plain", "definition"):
            self.fields[name].required = False
        self.fields["plain"].help_text = _("Not needed if you are asking what a word means.")
        self.fields["definition"].help_text = _(
            "One or two short sentences. Not needed if you are asking what a word means."
        )

    def is_question(self) -> bool:
        return self.cleaned_data.get("kind") == "question"

    def place(self) -> str:
        if len(self.places) == 1:
            return self.places[0][0]
        return str(self.cleaned_data.get("where") or "")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if len(self.places) > 1 and not data.get("where"):
            self.add_error("where", _("Choose the project the word is for."))
        if data.get("kind") != "question":
            if not (data.get("plain") or "").strip() and "plain" not in self.errors:
                self.add_error("plain", _("Enter plain words people can use instead."))
            if not (data.get("definition") or "").strip() and "definition" not in self.errors:
                self.add_error("definition", _("Say what it means, in a sentence or two."))
        return data


class TurnDownForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it not being added?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why, so the person who wrote it knows.")},
    )


class EasyReadForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("Use a few short words. For example: Better breaks for carers."),
        error_messages={"required": _("Give the Easy Read version a title.")},
    )
    points = forms.CharField(
        label=_("Points"),
        widget=CheckedTextarea(attrs={"rows": 14}, easy_read=True),
        max_length=MAX_CHECK_CHARS,
        help_text=_(
            "Write each point as a short paragraph, and leave an empty line between points. "
            "End each point with a full stop. A short line with no full stop is a heading."
        ),
        error_messages={
            "required": _("Write at least one point."),
            "max_length": _("This is too long for one Easy Read page. Make it shorter."),
        },
    )


class PictureSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search for a picture"),
        max_length=100,
        required=False,
        help_text=_("Type what the point is about. For example: doctor, money or bus."),
    )


class ChoosePictureForm(forms.Form):
    # Rendered by hand in the template, because each choice shows its picture.
    picture = forms.CharField(
        label=_("Pictures"),
        max_length=100,
        error_messages={"required": _("Choose a picture, or upload your own.")},
    )
    picture_alt = forms.CharField(
        label=_("Does the picture show something the words do not say?"),
        max_length=300,
        required=False,
        help_text=_(
            "If so, say what it shows. If the words say the same thing, leave this empty: "
            "screen readers will skip the picture."
        ),
    )


class UploadPictureForm(forms.Form):
    image = forms.FileField(
        label=_("Upload a picture"),
        help_text=_("A photo or picture file, smaller than 2 megabytes."),
        error_messages={
            "required": _("Choose a picture file to upload."),
            "empty": _("This file is empty. Choose a different picture."),
        },
    )
    alt_text = forms.CharField(
        label=_("What does the picture show?"),
        max_length=300,
        required=False,
        help_text=_(
            "Only if it shows something the words do not say. If the words say the same "
            "thing, leave this empty."
        ),
    )
