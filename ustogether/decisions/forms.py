"""Forms for the decision log."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ustogether.contributions.forms import DATE_ERROR, DATE_INPUT
from ustogether.contributions.models import TEXT_MAX_LENGTH, Contribution
from ustogether.core.forms import PlainLimitsMixin
from ustogether.core.plaincheck import CheckedTextarea
from ustogether.core.validators import single_line
from ustogether.decisions.models import Decision
from ustogether.meetings.models import Meeting
from ustogether.people.models import Person
from ustogether.projects.forms import DATE_FORMATS


class PersonChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


class MeetingChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        from ustogether.contributions.forms import meeting_label

        return meeting_label(obj)


class ContributionChoices(forms.ModelMultipleChoiceField):
    """Contributions by their date and first words, never by who made them."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.created_at:%d/%m/%Y}: {obj.summary(80) or obj.get_kind_display()}"


class DecisionForm(PlainLimitsMixin, forms.Form):
    title = forms.CharField(
        label=_("What was decided, in a few words"),
        max_length=200,
        validators=[single_line],
        help_text=_("For example: “Open the centre on Saturdays”."),
        error_messages={"required": _("Say in a few words what was decided.")},
    )
    details = forms.CharField(
        label=_("What was decided"),
        max_length=TEXT_MAX_LENGTH,
        widget=CheckedTextarea(attrs={"rows": 5}),
        error_messages={"required": _("Say what was decided.")},
    )
    decided_on = forms.DateField(
        label=_("When was it decided?"),
        input_formats=DATE_FORMATS,
        widget=DATE_INPUT,
        error_messages={**DATE_ERROR, "required": _("Give the day it was decided.")},
    )
    options = forms.CharField(
        label=_("The choices you thought about"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=CheckedTextarea(attrs={"rows": 3}),
    )
    method = forms.ChoiceField(
        label=_("How was it decided?"),
        choices=Decision.Method.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how it was decided.")},
    )
    votes_for = forms.IntegerField(
        label=_("If there was a vote: votes for"), required=False, min_value=0
    )
    votes_against = forms.IntegerField(label=_("Votes against"), required=False, min_value=0)
    votes_abstained = forms.IntegerField(
        label=_("People who did not vote"), required=False, min_value=0
    )
    dissent = forms.CharField(
        label=_("Did anyone not agree? What did they think?"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        help_text=_("If you agreed to disagree, write down their view here."),
        widget=CheckedTextarea(attrs={"rows": 3}),
    )

    def __init__(
        self,
        *args: Any,
        people: QuerySet[Person],
        contributions: QuerySet[Contribution],
        meetings: QuerySet[Meeting] | None = None,
        from_meeting: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if meetings is not None:
            self.fields["meeting"] = MeetingChoice(
                label=_("Was it decided at a meeting?"),
                queryset=meetings,
                required=False,
                empty_label=_("It was not decided at a meeting"),
                error_messages={"invalid_choice": _("Choose a meeting from the list, or none.")},
            )
        self.fields["participants"] = PersonChoices(
            label=_("Who took part?"),
            queryset=people,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            help_text=_("We ticked the people who were at the meeting. Change it if you need to.")
            if from_meeting
            else "",
        )
        self.fields["informed_by"] = ContributionChoices(
            label=_("What people said that helped decide it"),
            queryset=contributions,
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )
        if meetings is not None:
            names = [n for n in self.fields if n != "meeting"]
            names.insert(names.index("decided_on") + 1, "meeting")
            self.order_fields(names)
        if not self.is_bound:
            self.initial.setdefault("decided_on", timezone.localdate())


class UpdateForm(PlainLimitsMixin, forms.Form):
    status = forms.ChoiceField(
        label=_("Where are things now?"),
        choices=Decision.Status.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose where things are now.")},
    )
    text = forms.CharField(
        label=_("What happened"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        help_text=_("If it was dropped, say why."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class LinkForm(forms.Form):
    def __init__(self, *args: Any, contributions: QuerySet[Contribution], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contributions"] = ContributionChoices(
            label=_("What people said that helped decide it"),
            queryset=contributions,
            widget=forms.CheckboxSelectMultiple,
            error_messages={"required": _("Choose at least one.")},
        )
        self.fields["answer"] = forms.BooleanField(
            label=_("Answer the ones still waiting: “Taken forward: see this decision”"),
            required=False,
            initial=True,
        )
