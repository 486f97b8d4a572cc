"""Forms for the co-production check: opening one, answering one, and an organisation's settings."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from ustogether.core.forms import PlainLimitsMixin
from ustogether.meetings.models import Meeting
from ustogether.people.models import Person
from ustogether.projects.forms import DATE_FORMATS
from ustogether.quality.models import Check, Rung, Statement
from ustogether.quality.statements import Choice, Principle
from ustogether.quality.thresholds import LIMITS, Thresholds


def _date_field(label: Any, help_text: Any = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        help_text=help_text,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "invalid": _("Enter a date like 31/3/2026."),
            "required": _("Enter a date like 31/3/2026."),
        },
    )


class MeetingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        assert obj.starts_at is not None  # only meetings that have started are offered
        return f"{obj.title}, {formats.date_format(timezone.localtime(obj.starts_at), 'j F Y')}"


class CheckOpenForm(PlainLimitsMixin, forms.Form):
    meeting = MeetingChoiceField(
        label=_("Which meeting was it?"),
        help_text=_(
            "We ask the people written down as taking part in it. "
            "If it was something else, we ask every member."
        ),
        queryset=Meeting.objects.none(),
        required=False,
        empty_label=_("Something that was not a meeting on this site"),
    )
    title = forms.CharField(
        label=_("What was the activity?"),
        help_text=_("Leave this empty to use the meeting's name. For example: Garden day."),
        max_length=200,
        required=False,
    )
    held_on = _date_field(
        _("What day did it happen?"), _("Leave this empty to use the day of the meeting.")
    )
    kind = forms.ChoiceField(
        label=_("When are you asking?"),
        choices=Check.Kind.choices,
        initial=Check.Kind.AFTER,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose when you are asking.")},
    )
    closes_on = _date_field(
        _("Last day to answer"),
        _("Give people at least a week. Results show after this day, if 5 or more answered."),
    )

    def __init__(
        self, *args: Any, meetings: QuerySet[Meeting] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["held_on"].required = False
        field = self.fields["meeting"]
        assert isinstance(field, MeetingChoiceField)
        field.queryset = meetings if meetings is not None else Meeting.objects.none()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("meeting") is None:
            # Not a meeting here: we need to be told what it was, and when.
            if not (data.get("title") or "").strip():
                self.add_error("title", _("Say what the activity was, or choose the meeting."))
            if data.get("held_on") is None and "held_on" not in self.errors:
                self.add_error("held_on", _("Enter a date like 31/3/2026."))
        return data


class CheckAnswerForm(forms.Form):
    """One set of radios (a fieldset with its legend) per statement, and the ladder.

    Every question may be left out: people answer what they want to."""

    def __init__(
        self,
        *args: Any,
        statements: Sequence[Statement],
        easy_read: bool,
        asks_rung: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.statements = list(statements)
        for statement in self.statements:
            self.fields[f"s{statement.pk}"] = forms.ChoiceField(
                label=(
                    statement.easy_read if easy_read and statement.easy_read else statement.text
                ),
                choices=Choice.choices,
                required=False,
                widget=forms.RadioSelect(attrs={"small": True}),
            )
        self.asks_rung = asks_rung
        if asks_rung:
            self.fields["rung"] = forms.TypedChoiceField(
                label=_("Which step of the ladder was this?"),
                choices=Rung.choices,
                coerce=int,
                required=False,
                empty_value=None,
                widget=forms.RadioSelect,
            )

    def groups(self) -> list[tuple[str, str, list[forms.BoundField]]]:
        """The statements' fields under their principle, in order."""
        groups = []
        for value, label in Principle.choices:
            fields = [self[f"s{s.pk}"] for s in self.statements if s.principle == value]
            if fields:
                groups.append((value, str(label), fields))
        return groups

    def answers(self) -> dict[int, str]:
        return {
            s.pk: self.cleaned_data[f"s{s.pk}"]
            for s in self.statements
            if self.cleaned_data.get(f"s{s.pk}")
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not any(value for value in data.values()):
            raise forms.ValidationError(
                _("Answer at least one question, then send your answers."), code="empty"
            )
        return data


class PolicyForm(PlainLimitsMixin, forms.Form):
    pledge = forms.CharField(
        label=_("Our promise to the people we work with"),
        help_text=_("What you promise the people you work with. It goes on your public scorecard."),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args: Any, current: Thresholds, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for limit in LIMITS:
            value = getattr(current, limit.name)
            field: forms.Field
            if (
                (isinstance(value, float) and not value.is_integer())
                or limit.name.startswith("power")
                or limit.name == "longest_hours_without_food"
            ):
                field = forms.FloatField(label=limit.label, initial=value)
            else:
                field = forms.IntegerField(label=limit.label, initial=int(value))
            field.error_messages["required"] = _("Enter a number.")
            field.error_messages["invalid"] = _("Enter a number, like 14.")
            field.widget.attrs["class"] = "govuk-input govuk-input--width-4"
            self.fields[limit.name] = field

    def limits(self) -> dict[str, float]:
        return {limit.name: self.cleaned_data[limit.name] for limit in LIMITS}


class OwnStatementForm(PlainLimitsMixin, forms.Form):
    text = forms.CharField(
        label=_("Your statement"),
        help_text=_(
            "Write it as the person answering would say it. For example: There was a quiet room."
        ),
        max_length=300,
        error_messages={"required": _("Write the statement.")},
    )
    easy_read = forms.CharField(
        label=_("The same in Easy Read words"),
        required=False,
        max_length=300,
    )
    principle = forms.ChoiceField(
        label=_("Which group does it go in?"),
        choices=Principle.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a group for the statement.")},
    )


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


class PaperReturnedForm(forms.Form):
    """Who sent a paper checklist back: ticked on a list of the people the check asks."""

    people = PeopleChoiceField(
        label=_("Who sent a paper back?"),
        help_text=_(
            "Tick everyone whose paper came back. You can tick several at once. "
            "Then they cannot answer online too."
        ),
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple(attrs={"small": True}),
        error_messages={
            "required": _("Choose who sent a paper back."),
            "invalid_choice": _("Choose only people this check asks."),
            "invalid_pk_value": _("Choose only people this check asks."),
        },
    )

    def __init__(self, *args: Any, people: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["people"]
        assert isinstance(field, PeopleChoiceField)
        field.queryset = people
