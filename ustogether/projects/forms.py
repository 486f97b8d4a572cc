from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ustogether.core.forms import PlainLimitsMixin
from ustogether.core.plaincheck import CheckedTextarea
from ustogether.core.validators import single_line
from ustogether.people.models import Organisation
from ustogether.projects.models import (
    INVITATION_MESSAGE_MAX_LENGTH,
    PURPOSE_MAX_LENGTH,
    Membership,
    Perspective,
    Project,
    Stage,
)

PERSPECTIVE_ERROR = {"required": _("Choose the perspective you bring.")}


class NeededPerspectivesMixin(forms.Form):
    """One number field per perspective: how many people with it the project needs."""

    def add_needed_fields(self, initial: dict[str, int]) -> None:
        for value, label in Perspective.choices:
            self.fields[f"need_{value}"] = count = forms.IntegerField(
                label=label,
                min_value=0,
                max_value=50,
                required=False,
                initial=initial.get(value, 0),
                widget=forms.NumberInput(
                    attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}
                ),
                error_messages={
                    "min_value": _("Enter 0 or more."),
                    "max_value": _("Enter 50 or fewer."),
                    "invalid": _("Enter a whole number, like 2."),
                },
            )
            # The group's hint already says 0 is fine; "(optional)" six times is noise.
            count.hide_optional = True  # type: ignore[attr-defined]

    def needed_perspectives(self) -> dict[str, int]:
        return {value: self.cleaned_data.get(f"need_{value}") or 0 for value in Perspective.values}

    def needed_fields(self) -> list[forms.BoundField]:
        return [self[f"need_{value}"] for value in Perspective.values]

    def main_fields(self) -> list[forms.BoundField]:
        return [f for f in self if not f.name.startswith("need_")]


class ProjectForm(PlainLimitsMixin, NeededPerspectivesMixin):
    title = forms.CharField(
        label=_("Project name"),
        max_length=200,
        validators=[single_line],
        error_messages={"required": _("Enter a name for the project.")},
    )
    purpose = forms.CharField(
        label=_("What is the project for?"),
        help_text=_("Say it in plain words, as you would to a friend."),
        max_length=PURPOSE_MAX_LENGTH,
        widget=CheckedTextarea(attrs={"rows": 6}),
        error_messages={"required": _("Say what the project is for.")},
    )
    visibility = forms.ChoiceField(
        label=_("Who can see the project?"),
        choices=Project.Visibility.choices,
        widget=forms.RadioSelect,
        initial=Project.Visibility.PUBLIC,
    )
    joining = forms.ChoiceField(
        label=_("How do people join?"),
        choices=Project.Joining.choices,
        widget=forms.RadioSelect,
        initial=Project.Joining.INVITATION,
    )


class ProjectCreateForm(ProjectForm):
    organisation = forms.ModelChoiceField(
        label=_("Which organisation is running it?"),
        queryset=Organisation.objects.none(),
        empty_label=None,
        error_messages={"required": _("Choose the organisation.")},
    )
    perspective = forms.ChoiceField(
        label=_("What perspective do you bring?"),
        choices=Perspective.choices,
        widget=forms.RadioSelect,
        error_messages=PERSPECTIVE_ERROR,
    )
    field_order = ["organisation", "title", "purpose", "perspective", "visibility", "joining"]

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        self.add_needed_fields({Perspective.LIVED_EXPERIENCE: 2, Perspective.CARER: 1})


class ProjectEditForm(ProjectForm):
    current_stage = forms.ModelChoiceField(
        label=_("Which stage is the project at now?"),
        queryset=Stage.objects.none(),
        empty_label=None,
        widget=forms.RadioSelect,
    )
    invitation_days = forms.IntegerField(
        label=_("How many days does an invitation link work?"),
        help_text=_(
            "After this, the person can ask for it to be sent again. Most projects use 30."
        ),
        min_value=1,
        max_value=365,
        required=False,  # left empty: the days stay as they are
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
        error_messages={
            "required": _("Enter a number of days, like 30."),
            "min_value": _("Enter 1 or more."),
            "max_value": _("Enter 365 or fewer."),
            "invalid": _("Enter a whole number, like 30."),
        },
    )

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["invitation_days"].hide_optional = True  # type: ignore[attr-defined]
        self.fields["current_stage"].queryset = project.stages.all()  # type: ignore[attr-defined]
        self.add_needed_fields({n.perspective: n.count for n in project.needed_perspectives.all()})


class JoinForm(forms.Form):
    perspective = forms.ChoiceField(
        label=_("What perspective do you bring?"),
        choices=Perspective.choices,
        widget=forms.RadioSelect,
        error_messages=PERSPECTIVE_ERROR,
    )


class InvitationForm(PlainLimitsMixin, forms.Form):
    email = forms.EmailField(
        label=_("Their email address"),
        max_length=254,
        error_messages={
            "required": _("Enter their email address."),
            "invalid": _("Enter an email address like name@example.org"),
        },
    )
    role = forms.ChoiceField(
        label=_("Their role"),
        choices=Membership.Role.choices,
        widget=forms.RadioSelect,
        initial=Membership.Role.MEMBER,
    )
    perspective = forms.ChoiceField(
        label=_("The perspective you hope they bring"),
        help_text=_("They can change this when they join."),
        choices=[("", _("Let them choose")), *Perspective.choices],
        required=False,
    )
    message = forms.CharField(
        label=_("A message to them"),
        required=False,
        max_length=INVITATION_MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Say why you would like them to join. Do not put web addresses in it."),
    )


class AgreementForm(forms.Form):
    purpose = forms.CharField(
        label=_("What the project is for"),
        widget=CheckedTextarea(attrs={"rows": 4}),
        error_messages={"required": _("Say what the project is for.")},
    )
    decisions = forms.CharField(
        label=_("How we make decisions"),
        widget=CheckedTextarea(attrs={"rows": 4}),
        help_text=_("For example: we decide together at meetings, and everyone has a say."),
        error_messages={"required": _("Say how decisions are made.")},
    )
    payment_and_support = forms.CharField(
        label=_("How people are paid and supported"),
        widget=CheckedTextarea(attrs={"rows": 4}),
        help_text=_("Fees, travel costs, and help to take part."),
        error_messages={"required": _("Say how people are paid and supported.")},
    )
    disagreements = forms.CharField(
        label=_("How we handle disagreements"),
        widget=CheckedTextarea(attrs={"rows": 4}),
        error_messages={"required": _("Say how disagreements are handled.")},
    )
    ground_rules = forms.CharField(
        label=_("Our ground rules"),
        widget=CheckedTextarea(attrs={"rows": 5}),
        required=False,
        help_text=_("For example: we listen, we use plain words, we take breaks."),
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Role"), choices=Membership.Role.choices, widget=forms.RadioSelect
    )


class StagesForm(PlainLimitsMixin, forms.Form):
    """A name box for each stage, and boxes to add one more."""

    new_name = forms.CharField(
        label=_("Name of the new stage"),
        max_length=120,
        validators=[single_line],
        required=False,
        help_text=_("Leave this empty if you do not want to add a stage."),
    )
    new_kind = forms.ChoiceField(
        label=_("What kind of stage is it?"),
        choices=Stage.Kind.choices,
        initial=Stage.Kind.OTHER,
        required=False,
        help_text=_("The power-sharing check uses this to see when design started."),
    )

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.stages = list(project.stages.all())
        for number, stage in enumerate(self.stages, start=1):
            self.fields[f"stage_{stage.pk}"] = forms.CharField(
                label=_("Stage %(number)d") % {"number": number},
                max_length=120,
                validators=[single_line],
                initial=stage.name,
                error_messages={"required": _("Give the stage a name, or leave its old name.")},
            )
        self.order_fields([f"stage_{stage.pk}" for stage in self.stages])

    def stage_fields(self) -> list[forms.BoundField]:
        return [self[f"stage_{stage.pk}"] for stage in self.stages]

    def new_stage_fields(self) -> list[forms.BoundField]:
        return [self["new_name"], self["new_kind"]]

    def names(self) -> dict[int, str]:
        return {stage.pk: self.cleaned_data[f"stage_{stage.pk}"] for stage in self.stages}
