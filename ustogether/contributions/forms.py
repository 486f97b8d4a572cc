"""Forms for contributions and answers. Files are checked here (by content, with
core.uploads) so a bad file is a field error like any other."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext_lazy as _

from ustogether.contributions.models import TEXT_MAX_LENGTH, Contribution, Response
from ustogether.contributions.services import FILE_KIND_FOR
from ustogether.core import uploads
from ustogether.core.forms import PlainLimitsMixin
from ustogether.core.plaincheck import CheckedTextarea
from ustogether.core.validators import single_line
from ustogether.meetings.models import AgendaItem, Meeting
from ustogether.people.models import Person
from ustogether.projects.forms import DATE_FORMATS

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_ERROR = {"invalid": _("Enter a date like 31/3/2026.")}


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


class ContributionForm(PlainLimitsMixin, forms.Form):
    """What someone says. With `on_behalf`, also who said it, how, and their consent."""

    kind = forms.ChoiceField(
        label=_("What are you adding?"),
        choices=Contribution.Kind.choices,
        initial=Contribution.Kind.TEXT,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what you are adding.")},
    )
    text = forms.CharField(
        label=_("What do you want to say?"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        help_text=_("For a file, you can add a few words about it here too."),
        widget=CheckedTextarea(attrs={"rows": 6}),
    )
    file = forms.FileField(
        label=_("Choose a file"),
        required=False,
        help_text=_(
            "A picture, a photo, a sound recording or a document such as a letter. It can be "
            "up to 8 megabytes. Before we keep a photo, we take out where it was taken."
        ),
        error_messages={"empty": _("This file is empty. Choose a different file.")},
    )
    held = forms.CharField(required=False, widget=forms.HiddenInput)
    description = forms.CharField(
        label=_("What does the picture show?"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        help_text=_("For people who cannot see it. A picture needs this to go on the public page."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    transcript = forms.CharField(
        label=_("What does the recording say?"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        help_text=_("Type the words, so people who cannot hear it can read them."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    topic = forms.CharField(
        label=_("Topic"),
        required=False,
        max_length=120,
        validators=[single_line],
        help_text=_("A few words, like “transport” or “opening hours”."),
    )
    sharing = forms.ChoiceField(
        label=_("Who can see it?"),
        choices=Contribution.Sharing.choices,
        initial=Contribution.Sharing.TEAM,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose who can see it.")},
    )
    anonymous = forms.BooleanField(
        label=_("Do not show my name to other people"),
        required=False,
        help_text=_("The team can still answer you. Only you will see your name on it."),
    )

    def __init__(
        self,
        *args: Any,
        person: Person,
        on_behalf: bool = False,
        members: Any = None,
        meetings: Sequence[Meeting] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.person = person
        self.on_behalf = on_behalf
        self.meeting: Meeting | None = None
        self.agenda_item: AgendaItem | None = None
        self._places: dict[str, tuple[Meeting, AgendaItem | None]] = {}
        if meetings:
            self.fields["where"] = self._where_field(meetings)
        self.checked_file: uploads.CheckedFile | None = None
        self.file_is_new = False
        if on_behalf:
            self.fields["on_behalf_of"] = MemberChoiceField(
                label=_("Who said it?"),
                queryset=members,
                required=False,
                empty_label=_("Someone who is not a member"),
                help_text=_("Choose a member, or write the name of someone who is not."),
            )
            self.fields["author_name"] = forms.CharField(
                label=_("Their name, if they are not a member"),
                required=False,
                max_length=150,
                validators=[single_line],
            )
            self.fields["route"] = forms.ChoiceField(
                label=_("How did it come to you?"),
                choices=[
                    c for c in Contribution.Route.choices if c[0] != Contribution.Route.ONLINE
                ],
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose how it came to you.")},
            )
            self.fields["said_on"] = forms.DateField(
                label=_("When did they say it?"),
                required=False,
                input_formats=DATE_FORMATS,
                widget=DATE_INPUT,
                error_messages=DATE_ERROR,
                help_text=_("Leave empty for today."),
            )
            self.fields["consent"] = forms.BooleanField(
                label=_("They agreed to this being recorded and shared as chosen"),
                required=False,
            )
            self.fields["text"].label = _("What did they say?")
            self.fields["anonymous"].label = _("Do not show their name to other people")
            self.fields["anonymous"].help_text = _("The team can still answer them.")
            self.order_fields(
                ["on_behalf_of", "author_name", "route", "said_on", "consent", "kind", "text"]
            )
        if "where" in self.fields:
            # Where it was said sits with the topic: both say what it is about.
            names = [n for n in self.fields if n != "where"]
            names.insert(names.index("topic") + 1, "where")
            self.order_fields(names)

    def _where_field(self, meetings: Sequence[Meeting]) -> forms.ChoiceField:
        """One list, with a group for each meeting: the meeting as a whole, then its items.
        It needs no JavaScript; what comes back is checked in clean_where."""
        choices: list[Any] = [("", _("It was not said at a meeting"))]
        for meeting in meetings:
            self._places[f"m{meeting.pk}"] = (meeting, None)
            options: list[tuple[str, str]] = [(f"m{meeting.pk}", str(_("The meeting as a whole")))]
            for item in meeting.agenda.all():
                self._places[f"i{item.pk}"] = (meeting, item)
                options.append((f"i{item.pk}", str(item.title)))
            choices.append((meeting_label(meeting), options))
        return forms.ChoiceField(
            label=_("Was it said at a meeting?"),
            choices=choices,
            required=False,
            help_text=_("Choose the meeting, or one thing on its agenda."),
            error_messages={"invalid_choice": _("Choose a meeting from the list, or none.")},
        )

    def clean_where(self) -> str:
        where = str(self.cleaned_data.get("where") or "")
        if where:
            self.meeting, self.agenda_item = self._places[where]
        return where

    def held_file_name(self) -> str:
        token = str(self.data.get("held", "")) if self.is_bound else ""
        return uploads.held_name(token, owner_id=self.person.pk)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.on_behalf:
            # Said here as well as in the service, so every mistake shows at once.
            if not data.get("on_behalf_of") and not data.get("author_name"):
                self.add_error("author_name", _("Choose who said it, or write their name."))
            elif not data.get("consent"):
                self.add_error(
                    "consent",
                    _(
                        "Ask them first. Tick the box to say they agreed to this being "
                        "recorded and shared as you chose."
                    ),
                )
        kind = data.get("kind")
        upload = data.get("file")
        if kind in FILE_KIND_FOR:
            if upload:
                try:
                    self.checked_file = uploads.check_file(upload, FILE_KIND_FOR[kind])
                    self.file_is_new = True
                except ValidationError as error:
                    self.add_error(
                        "file",
                        error.message_dict["file"] if hasattr(error, "error_dict") else error,
                    )
            else:
                self.checked_file = uploads.take_held(data.get("held", ""), owner_id=self.person.pk)
                if self.checked_file is not None and (
                    self.checked_file.content_type not in FILE_KIND_FOR[kind].types
                ):
                    self.checked_file = None
                if self.checked_file is None:
                    self.add_error("file", _("Choose a file to upload."))
        return data

    def hold_file(self) -> None:
        """Keep a good file while the person puts something else right."""
        if self.checked_file is not None and self.file_is_new:
            token = uploads.hold(self.checked_file, owner_id=self.person.pk)
            data = self.data.copy()  # type: ignore[attr-defined]
            data["held"] = token
            self.data = data


def meeting_label(meeting: Meeting) -> str:
    if meeting.starts_at is None:
        return str(meeting.title)
    return f"{meeting.title}, {date_format(timezone.localtime(meeting.starts_at), 'j F Y')}"


class ResponseForm(PlainLimitsMixin, forms.Form):
    outcome = forms.ChoiceField(
        label=_("What happened?"),
        choices=Response.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what happened.")},
    )
    text = forms.CharField(
        label=_("What we did, and why"),
        max_length=TEXT_MAX_LENGTH,
        required=False,
        help_text=_(
            "Write it for the person who said it. If you did not take it forward, say why."
        ),
        widget=CheckedTextarea(attrs={"rows": 5}),
    )
    come_back_by = forms.DateField(
        label=_("If you are still thinking: when will you answer?"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=DATE_INPUT,
        error_messages=DATE_ERROR,
    )


class ReplyForm(PlainLimitsMixin, forms.Form):
    text = forms.CharField(
        label=_("Your reply"),
        max_length=TEXT_MAX_LENGTH,
        help_text=_("For example: “That is not what I meant.” The team will answer again."),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write your reply.")},
    )


class ReasonForm(PlainLimitsMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why?"),
        max_length=TEXT_MAX_LENGTH,
        help_text=_("The person who said it will be told."),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why. The person who said it will be told.")},
    )


class RulesForm(forms.Form):
    response_days = forms.IntegerField(
        label=_("How many days does the team have to answer?"),
        min_value=1,
        max_value=365,
        error_messages={
            "required": _("Give a number of days."),
            "invalid": _("Give a number of days, like 28."),
            "min_value": _("Choose a number of days from 1 to 365."),
            "max_value": _("Choose a number of days from 1 to 365."),
        },
    )
    joint_sign_off = forms.BooleanField(
        label=_("Decisions need joint sign-off"),
        required=False,
        help_text=_(
            "Then two co-leads must agree a decision before it is shown. One must use the "
            "services. One must work in them."
        ),
    )
