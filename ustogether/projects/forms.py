from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from ustogether.core.forms import PlainLimitsMixin
from ustogether.core.plaincheck import CheckedTextarea
from ustogether.core.validators import single_line
from ustogether.people.models import Organisation
from ustogether.projects.agreements import (
    MAX_COMMENT_CHARS,
    MAX_REASON_CHARS,
    MAX_SECTION_CHARS,
)
from ustogether.projects.models import (
    AGREEMENT_SECTIONS,
    INVITATION_MESSAGE_MAX_LENGTH,
    PURPOSE_MAX_LENGTH,
    ChangeRule,
    Membership,
    Perspective,
    Project,
    ProposalAnswer,
    Stage,
)

PERSPECTIVE_ERROR = {"required": _("Choose the perspective you bring.")}
PERSPECTIVE_HINT = _(
    "Lived experience means you use the services, or care for someone who does. "
    "Commissioner means their job is to plan and buy services."
)


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
    time_needed = forms.CharField(
        label=_("How much time does it take?"),
        help_text=_("People see this before they join. For example: about 3 hours a month."),
        max_length=300,
        validators=[single_line],
        required=False,
    )
    meetings = forms.CharField(
        label=_("How and where do you meet?"),
        help_text=_(
            "For example: once a month at the town hall, with a video call for "
            "people who cannot come."
        ),
        max_length=300,
        validators=[single_line],
        required=False,
    )


class ProjectCreateForm(ProjectForm):
    organisation = forms.ModelChoiceField(
        label=_("Who is running it?"),
        queryset=Organisation.objects.none(),
        empty_label=None,
        error_messages={"required": _("Choose the organisation.")},
    )
    perspective = forms.ChoiceField(
        label=_("What perspective do you bring?"),
        help_text=PERSPECTIVE_HINT,
        choices=Perspective.choices,
        widget=forms.RadioSelect,
        error_messages=PERSPECTIVE_ERROR,
    )
    field_order = [
        "organisation",
        "title",
        "purpose",
        "perspective",
        "visibility",
        "joining",
        "time_needed",
        "meetings",
    ]

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
        help_text=_(
            "Your perspective is what you know that helps the project: from your own life, "
            "from caring for someone, or from your work. Choose the one that fits you best. "
            "It is not about a diagnosis, and you do not have to say more."
        ),
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


def _too_long(limit: int) -> dict[str, Any]:
    return {
        "max_length": _(
            "This is %(show_value)d characters long. Make it %(limit_value)d or fewer."
        ),
    }


class AgreementForm(forms.Form):
    """A proposal: the whole agreement as it would read, and why."""

    purpose = forms.CharField(
        label=_("What the project is for"),
        widget=CheckedTextarea(attrs={"rows": 4}),
        error_messages={"required": _("Say what the project is for.")},
    )
    decisions = forms.CharField(
        label=_("How we make decisions"),
        widget=CheckedTextarea(attrs={"rows": 4}),
        help_text=_("For example: we decide together at meetings. Everyone has a say."),
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
    change_rule = forms.ChoiceField(
        label=_("How we agree a change to this agreement"),
        choices=ChangeRule.choices,
        widget=forms.RadioSelect,
        initial=ChangeRule.CO_LEADS_OR_MAJORITY,
        error_messages={"required": _("Choose how a change to the agreement is agreed.")},
    )
    reason = forms.CharField(
        label=_("Why do you want this change?"),
        help_text=_("Members read this before they answer. Up to 2,000 characters."),
        widget=CheckedTextarea(attrs={"rows": 3}),
        max_length=MAX_REASON_CHARS,
        error_messages={
            "required": _("Say why you want this change, so members can think about it."),
            **_too_long(MAX_REASON_CHARS),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in AGREEMENT_SECTIONS:
            field = self.fields[name]
            field.max_length = MAX_SECTION_CHARS  # type: ignore[attr-defined]
            field.validators.append(MaxLengthValidator(MAX_SECTION_CHARS))
            field.widget.attrs["maxlength"] = str(MAX_SECTION_CHARS)
            field.error_messages.update(_too_long(MAX_SECTION_CHARS))

    def sections(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] for name in AGREEMENT_SECTIONS}


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Do you agree with this change?"),
        choices=ProposalAnswer.Answer.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose “I agree” or “Not yet”.")},
    )


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Your comment"),
        help_text=_("Everyone in the project can read it."),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=MAX_COMMENT_CHARS,
        error_messages={"required": _("Write your comment."), **_too_long(MAX_COMMENT_CHARS)},
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Role"), choices=Membership.Role.choices, widget=forms.RadioSelect
    )


class RemoveMemberForm(forms.Form):
    reason = forms.CharField(
        label=_("Why are you removing them?"),
        help_text=_(
            "We send this to them in an email, so write it to them. Other members do not "
            "see it. Up to 1,000 characters."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=1000,
        error_messages={"required": _("Say why, so the person knows."), **_too_long(1000)},
    )


class CloseForm(forms.Form):
    summary = forms.CharField(
        label=_("What did the project do, and what happens next?"),
        help_text=_(
            "Everyone who can read the project page sees this. Say what changed because of "
            "the project, and thank the people who took part."
        ),
        widget=CheckedTextarea(attrs={"rows": 8}),
        max_length=5000,
        error_messages={
            "required": _("Say what the project did and what happens next."),
            **_too_long(5000),
        },
    )


DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d %B %Y", "%d %b %Y"]


def _date_field(label: str) -> forms.DateField:
    field = forms.DateField(
        label=label,
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter a date like 31/3/2026.")},
    )
    return field


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
        help_text=_(
            "We use this to check that people who use the services joined before design started."
        ),
    )

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.stages = list(project.stages.all())
        for number, stage in enumerate(self.stages, start=1):
            self.fields[f"stage_{stage.pk}"] = forms.CharField(
                label=_("Name of stage %(number)d") % {"number": number},
                max_length=120,
                validators=[single_line],
                initial=stage.name,
                error_messages={"required": _("Give the stage a name, or leave its old name.")},
            )
            self.fields[f"start_{stage.pk}"] = _date_field(
                _("Planned start of stage %(number)d") % {"number": number}
            )
            self.fields[f"end_{stage.pk}"] = _date_field(
                _("Planned end of stage %(number)d") % {"number": number}
            )
            self.initial[f"start_{stage.pk}"] = stage.planned_start
            self.initial[f"end_{stage.pk}"] = stage.planned_end
        self.order_fields(
            [f"{kind}_{stage.pk}" for stage in self.stages for kind in ("stage", "start", "end")]
        )

    def stage_fields(self) -> list[forms.BoundField]:
        return [self[f"stage_{stage.pk}"] for stage in self.stages]

    def stage_rows(self) -> list[dict[str, Any]]:
        """Each stage's name box with its two planned dates."""
        return [
            {
                "name": self[f"stage_{stage.pk}"],
                "start": self[f"start_{stage.pk}"],
                "end": self[f"end_{stage.pk}"],
                "number": number,
            }
            for number, stage in enumerate(self.stages, start=1)
        ]

    def dates(self) -> dict[int, tuple[Any, Any]]:
        return {
            stage.pk: (
                self.cleaned_data.get(f"start_{stage.pk}"),
                self.cleaned_data.get(f"end_{stage.pk}"),
            )
            for stage in self.stages
        }

    def new_stage_fields(self) -> list[forms.BoundField]:
        return [self["new_name"], self["new_kind"]]

    def names(self) -> dict[int, str]:
        return {stage.pk: self.cleaned_data[f"stage_{stage.pk}"] for stage in self.stages}
