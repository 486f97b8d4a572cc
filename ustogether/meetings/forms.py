"""Forms for meetings, polls and venues. Times are typed in London time and stored in UTC."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from ustogether.core.forms import PlainLimitsMixin
from ustogether.core.plaincheck import CheckedTextarea
from ustogether.core.validators import single_line

from .checks import LONDON, need_label
from .models import (
    NOTE_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    CandidateTime,
    Invitee,
    Meeting,
    Paper,
    PollAnswer,
    Venue,
    venue_feature_choices,
)

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
DATE_ERRORS = {
    "required": _("Enter the date."),
    "invalid": _("Enter a real date, like 25/03/2027."),
}
TIME_ERRORS = {
    "required": _("Enter the time."),
    "invalid": _("Enter a time, like 10:30."),
}


def london_moment(day: dt.date, time: dt.time) -> dt.datetime:
    """A London wall-clock time as a moment in UTC (for storing)."""
    return dt.datetime.combine(day, time, tzinfo=LONDON).astimezone(dt.UTC)


def long_text(
    label: Any,
    help_text: Any = "",
    *,
    required: bool = True,
    limit: int = TEXT_MAX_LENGTH,
) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=required,
        max_length=limit,
        widget=CheckedTextarea(attrs={"rows": 4}),
        error_messages={"required": _("Fill this in.")},
    )


class MeetingForm(PlainLimitsMixin, forms.Form):
    title = forms.CharField(
        label=_("Name of the meeting"),
        max_length=200,
        validators=[single_line],
        error_messages={"required": _("Enter a name for the meeting.")},
    )
    kind = forms.ChoiceField(
        label=_("What kind of meeting is it?"),
        choices=Meeting.Kind.choices,
        initial=Meeting.Kind.MEETING,
    )
    purpose = long_text(_("What is the meeting for?"), _("Say it in plain words."))
    already_decided = long_text(
        _("What is already decided?"),
        _("Be honest. People should know what they cannot change."),
        required=False,
    )
    can_change = long_text(
        _("What can this meeting still change?"),
        _("Say what people's ideas can change."),
    )
    place = forms.ChoiceField(
        label=_("Where will you meet?"),
        choices=Meeting.Place.choices,
        initial=Meeting.Place.IN_PERSON,
        widget=forms.RadioSelect,
    )
    venue = forms.ModelChoiceField(
        label=_("Venue"),
        queryset=Venue.objects.none(),
        required=False,
        empty_label=_("Not chosen yet"),
        help_text=_("Your organisation's venues, with what each one has."),
    )
    online_link = forms.URLField(
        label=_("Link to join online"),
        required=False,
        max_length=500,
        assume_scheme="https",
        error_messages={"invalid": _("Enter the full link, like https://meet.example.org/abc.")},
    )
    online_captions = forms.BooleanField(
        label=_("The online meeting has live captions"), required=False
    )
    online_bsl = forms.BooleanField(
        label=_("The online meeting has a BSL interpreter"), required=False
    )
    phone_dial_in = forms.CharField(
        label=_("Phone number to join by phone, and any code"),
        max_length=200,
        required=False,
        validators=[single_line],
    )
    food = forms.ChoiceField(
        label=_("Food and drink"),
        choices=Meeting.Food.choices,
        initial=Meeting.Food.NONE,
        widget=forms.RadioSelect,
    )
    notice_days = forms.IntegerField(
        label=_("Days of notice to give"),
        min_value=1,
        max_value=90,
        initial=14,
        help_text=_("We ask for 14 days or more. People need time to plan."),
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
        error_messages={
            "invalid": _("Enter a whole number, like 14."),
            "required": _("Enter a number of days, like 14."),
        },
    )
    papers_days = forms.IntegerField(
        label=_("Papers go out this many days before"),
        min_value=0,
        max_value=60,
        initial=7,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
        error_messages={
            "invalid": _("Enter a whole number, like 7."),
            "required": _("Enter a number of days, like 7."),
        },
    )
    fee_basis = forms.ChoiceField(
        label=_("Do people get paid for their time?"),
        choices=Meeting.FeeBasis.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    fee_amount = forms.DecimalField(
        label=_("How much, in pounds"),
        min_value=Decimal("0"),
        max_digits=8,
        decimal_places=2,
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5", "inputmode": "decimal"}),
        error_messages={"invalid": _("Enter an amount in pounds, like 25.00.")},
    )
    paid_hours = forms.DecimalField(
        label=_("How many hours are paid"),
        min_value=Decimal("0"),
        max_digits=5,
        decimal_places=2,
        required=False,
        help_text=_("Count travel time and breaks if you pay for them."),
        widget=forms.TextInput(attrs={"class": "govuk-input--width-4", "inputmode": "decimal"}),
        error_messages={"invalid": _("Enter a number of hours, like 3 or 2.5.")},
    )
    expenses_covered = forms.MultipleChoiceField(
        label=_("Which costs do you pay back?"),
        choices=Meeting.Expense.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    how_to_claim = forms.CharField(
        label=_("How to claim"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, venues: Iterable[Venue] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["venue"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Venue.objects.filter(pk__in=[v.pk for v in venues])

    def meeting_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["fee_amount"] = data.get("fee_amount") or Decimal("0.00")
        data["fee_basis"] = data.get("fee_basis") or ""
        return data


class PollTimesForm(PlainLimitsMixin, forms.Form):
    """Up to five times at once; without JavaScript, save and add more."""

    ROWS = 5
    message = forms.CharField(
        label=_("A note for people answering"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for n in range(self.ROWS):
            self.fields[f"date_{n}"] = forms.DateField(
                label=_("Date"), required=False, widget=DATE_WIDGET, error_messages=DATE_ERRORS
            )
            self.fields[f"start_{n}"] = forms.TimeField(
                label=_("Starts"), required=False, widget=TIME_WIDGET, error_messages=TIME_ERRORS
            )
            self.fields[f"end_{n}"] = forms.TimeField(
                label=_("Ends"), required=False, widget=TIME_WIDGET, error_messages=TIME_ERRORS
            )

    def rows(self) -> list[tuple[int, forms.BoundField, forms.BoundField, forms.BoundField]]:
        return [
            (n + 1, self[f"date_{n}"], self[f"start_{n}"], self[f"end_{n}"])
            for n in range(self.ROWS)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        times = []
        for n in range(self.ROWS):
            day, start, end = data.get(f"date_{n}"), data.get(f"start_{n}"), data.get(f"end_{n}")
            if day is None and start is None and end is None:
                continue
            if day is None:
                self.add_error(f"date_{n}", _("Enter the date for this time."))
            if start is None:
                self.add_error(f"start_{n}", _("Enter when it starts, like 10:30."))
            if end is None:
                self.add_error(f"end_{n}", _("Enter when it ends, like 14:30."))
            if day and start and end:
                if end <= start:
                    self.add_error(f"end_{n}", _("The end must be after the start."))
                else:
                    times.append((london_moment(day, start), london_moment(day, end)))
        if not times and not self.errors:
            self.add_error("date_0", _("Add at least one time people can choose."))
        data["times"] = times
        return data


class PollAnswerForm(PlainLimitsMixin, forms.Form):
    """One yes / if need be / no question per time, with a note."""

    def __init__(
        self,
        *args: Any,
        times: Sequence[CandidateTime],
        given: dict[int, tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.times = list(times)
        for time in self.times:
            answer, note = given.get(time.pk, ("", ""))
            self.fields[f"answer_{time.pk}"] = forms.ChoiceField(
                label=time_label(time.starts_at, time.ends_at),
                choices=PollAnswer.Answer.choices,
                widget=forms.RadioSelect(attrs={"small": False}),
                initial=answer or None,
                required=False,
            )
            self.fields[f"note_{time.pk}"] = forms.CharField(
                label=_("A note about this time"),
                max_length=NOTE_MAX_LENGTH,
                required=False,
                initial=note,
                validators=[single_line],
            )

    def pairs(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"answer_{t.pk}"], self[f"note_{t.pk}"]) for t in self.times]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        answers = {}
        for time in self.times:
            answer = data.get(f"answer_{time.pk}")
            if answer:
                answers[time.pk] = (answer, data.get(f"note_{time.pk}") or "")
        if not answers and not self.errors:
            raise forms.ValidationError(_("Choose yes, if need be or no for at least one time."))
        data["answers"] = answers
        return data


def time_label(starts_at: dt.datetime, ends_at: dt.datetime) -> str:
    start, end = starts_at.astimezone(LONDON), ends_at.astimezone(LONDON)
    return f"{start:%A %-d %B}, {start:%H:%M} to {end:%H:%M}"


class FixDateForm(PlainLimitsMixin, forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE_WIDGET, error_messages=DATE_ERRORS)
    start = forms.TimeField(label=_("Starts"), widget=TIME_WIDGET, error_messages=TIME_ERRORS)
    end = forms.TimeField(label=_("Ends"), widget=TIME_WIDGET, error_messages=TIME_ERRORS)
    short_notice_reason = forms.CharField(
        label=_("If there is less notice than you promised, say why"),
        help_text=_("The people asked to come will see this."),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    # The date and times whose checks the organiser has seen; changing them shows the checks again.
    seen = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("date") and data.get("start") and data.get("end"):
            if data["end"] <= data["start"]:
                self.add_error("end", _("The end must be after the start."))
            else:
                data["starts_at"] = london_moment(data["date"], data["start"])
                data["ends_at"] = london_moment(data["date"], data["end"])
        return data

    def key(self) -> str:
        data = self.cleaned_data
        return f"{data['starts_at']:%Y%m%d%H%M}-{data['ends_at']:%Y%m%d%H%M}"


class CancelForm(PlainLimitsMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why is the meeting cancelled?"),
        help_text=_("We will tell people this reason."),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why the meeting is cancelled.")},
    )


class WayForm(forms.Form):
    way = forms.ChoiceField(
        label=_("How will you take part?"),
        choices=[c for c in Invitee.Way.choices if c[0]],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how you will take part.")},
    )

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["way"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            (code, label)
            for code, label in Invitee.Way.choices
            if code
            and not (code == Invitee.Way.ONLINE and not meeting.meets_online)
            and not (code == Invitee.Way.IN_PERSON and not meeting.meets_in_person)
            and not (code == Invitee.Way.PHONE and not meeting.phone_dial_in)
        ]


class ArrangementForm(PlainLimitsMixin, forms.Form):
    need = forms.ChoiceField(
        label=_("Which need?"), error_messages={"required": _("Choose a need.")}
    )
    how = forms.CharField(
        label=_("How is it met?"),
        help_text=_("For example: BSL interpreter booked, or a taxi paid for."),
        max_length=300,
        validators=[single_line],
        error_messages={"required": _("Say how the need is met.")},
    )

    def __init__(self, *args: Any, needs: Iterable[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["need"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(code, need_label(code).capitalize()) for code in needs]


class AgendaItemForm(PlainLimitsMixin, forms.Form):
    title = forms.CharField(
        label=_("What will you talk about?"),
        max_length=200,
        validators=[single_line],
        error_messages={"required": _("Enter what you will talk about, like 'Welcome'.")},
    )
    description = forms.CharField(
        label=_("More about it"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    minutes = forms.IntegerField(
        label=_("How many minutes"),
        min_value=1,
        max_value=600,
        required=False,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
        error_messages={"invalid": _("Enter a whole number, like 20.")},
    )


class PaperForm(PlainLimitsMixin, forms.Form):
    title = forms.CharField(
        label=_("Name of the paper"),
        max_length=200,
        validators=[single_line],
        error_messages={"required": _("Enter a name for the paper.")},
    )
    file = forms.FileField(
        label=_("Choose the file"),
        help_text=_(
            "You can choose a Word file. You can choose a text file or a print file (PDF). "
            "It must be under 10 megabytes."
        ),
        error_messages={"required": _("Choose a file to upload.")},
    )
    easy_read_of = forms.ModelChoiceField(
        label=_("Is this an Easy Read copy of a paper?"),
        queryset=Paper.objects.none(),
        required=False,
        empty_label=_("No"),
    )

    def __init__(self, *args: Any, papers: Iterable[Paper] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["easy_read_of"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Paper.objects.filter(pk__in=[p.pk for p in papers])


class AttendanceForm(forms.Form):
    def __init__(self, *args: Any, invitees: Sequence[Invitee], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.invitees = list(invitees)
        for invitee in self.invitees:
            self.fields[f"person_{invitee.person_id}"] = forms.ChoiceField(
                label=invitee.person.display_name,
                choices=Invitee.Attended.choices,
                required=False,
                initial=invitee.attended,
            )

    def attended(self) -> dict[int, str]:
        return {
            i.person_id: self.cleaned_data.get(f"person_{i.person_id}") or "" for i in self.invitees
        }


class NotesForm(PlainLimitsMixin, forms.Form):
    notes = forms.CharField(
        label=_("What happened at the meeting?"),
        help_text=_(
            "Write what people said and what was agreed. Everyone in the project can read it."
        ),
        max_length=20000,
        validators=[MaxLengthValidator(20000)],
        widget=CheckedTextarea(attrs={"rows": 10}),
        error_messages={"required": _("Write what happened at the meeting.")},
    )


class VenueForm(PlainLimitsMixin, forms.Form):
    name = forms.CharField(
        label=_("Name of the venue"),
        max_length=200,
        validators=[single_line],
        error_messages={"required": _("Enter the venue's name.")},
    )
    address = forms.CharField(
        label=_("Address"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Enter the venue's address, so people can find it.")},
    )
    postcode = forms.CharField(
        label=_("Postcode"), max_length=12, required=False, validators=[single_line]
    )
    features = forms.MultipleChoiceField(
        label=_("What does the venue have?"),
        help_text=_("Tick only what is really there. People will plan around it."),
        choices=venue_feature_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    travel_notes = forms.CharField(
        label=_("How to get there"),
        help_text=_("Buses, trains, and the nearest stop."),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    parking_notes = forms.CharField(
        label=_("Parking"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    access_notes = forms.CharField(
        label=_("More about getting in and around"),
        help_text=_("For example: the ramp is at the side door. The lift is small."),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class VenuePhotoForm(PlainLimitsMixin, forms.Form):
    image = forms.FileField(
        label=_("Choose a photo"),
        help_text=_(
            "Choose a photo from your phone or computer. It must be smaller than 2 megabytes."
        ),
        error_messages={"required": _("Choose a photo to upload.")},
    )
    description = forms.CharField(
        label=_("What does the photo show?"),
        help_text=_(
            "For people who cannot see it. For example: the front door, with a ramp on the left."
        ),
        max_length=300,
        validators=[single_line],
        error_messages={"required": _("Say what the photo shows.")},
    )
