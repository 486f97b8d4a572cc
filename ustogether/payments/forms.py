from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ustogether.core.forms import PlainLimitsMixin
from ustogether.core.validators import single_line
from ustogether.meetings.models import Meeting
from ustogether.payments.models import (
    Activity,
    Claim,
    ExpenseKind,
    PaymentChoice,
    Payout,
    Rate,
    Unit,
)
from ustogether.projects.models import Membership, Project

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

MONEY_ERRORS = {
    "invalid": _("Write the amount in pounds and pence, like 12.50."),
    "max_decimal_places": _("Write the amount in pounds and pence, like 12.50."),
    "max_digits": _("Write the amount in pounds and pence, like 12.50."),
    "min_value": _("The amount cannot be less than £0."),
}
DATE_ERRORS = {"invalid": _("Write the date like 21/11/2026."), "required": _("Enter the date.")}


def money_field(
    label: StrOrPromise, *, required: bool = True, help_text: StrOrPromise = ""
) -> forms.DecimalField:
    # A text box with inputmode=decimal: number boxes change the value when
    # people scroll, and screen readers read them badly.
    return forms.DecimalField(
        label=label,
        help_text=help_text,
        required=required,
        max_digits=10,
        decimal_places=2,
        min_value=Decimal("0"),
        error_messages={**MONEY_ERRORS, "required": _("Enter the amount.")},
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-5"}),
    )


def date_field(label: StrOrPromise, help_text: StrOrPromise = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        help_text=help_text or _("For example, 21/11/2026."),
        input_formats=["%d/%m/%Y", "%Y-%m-%d", "%d %m %Y", "%d-%m-%Y"],
        error_messages=DATE_ERRORS,
        widget=forms.DateInput(attrs={"class": "govuk-input--width-10"}, format="%d/%m/%Y"),
    )


class PolicyForm(PlainLimitsMixin, forms.Form):
    days_to_pay = forms.IntegerField(
        label=_("We pay within this many days of a claim"),
        min_value=1,
        max_value=90,
        error_messages={
            "required": _("Enter a number of days, like 14."),
            "invalid": _("Enter a whole number of days, like 14."),
            "min_value": _("Enter 1 or more."),
            "max_value": _("Enter 90 or fewer."),
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
    )
    pays_on_the_day = forms.BooleanField(label=_("We can pay on the day"), required=False)
    offers_vouchers = forms.BooleanField(label=_("We can pay in vouchers"), required=False)
    pays_between_meetings = forms.BooleanField(
        label=_("We pay for work between meetings, like reading papers"), required=False
    )
    notes = forms.CharField(
        label=_("Anything else people should know"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for value, label in ExpenseKind.choices:
            self.fields[f"cover_{value}"] = forms.BooleanField(label=label, required=False)
            self.fields[f"limit_{value}"] = money_field(
                _("Most we pay for this on one claim, in pounds"),
                required=False,
                help_text=_("Leave it empty if there is no limit."),
            )

    def expense_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"cover_{v}"], self[f"limit_{v}"]) for v in ExpenseKind.values]

    def main_fields(self) -> list[forms.BoundField]:
        return [f for f in self if not f.name.startswith(("cover_", "limit_"))]

    def expenses(self) -> dict[str, Decimal | None]:
        return {
            v: self.cleaned_data.get(f"limit_{v}")
            for v in ExpenseKind.values
            if self.cleaned_data.get(f"cover_{v}")
        }


class RateForm(forms.Form):
    activity = forms.ChoiceField(label=_("For"), choices=Activity.choices, required=False)
    role = forms.ChoiceField(label=_("Who"), choices=Rate.Role.choices, required=False)
    unit = forms.ChoiceField(label=_("Paid"), choices=Unit.choices)
    amount = money_field(_("Amount in pounds"))


class PaymentChoiceForm(forms.Form):
    fee = forms.ChoiceField(
        label=_("Do you want a fee?"),
        choices=PaymentChoice.Fee.choices,
        widget=forms.RadioSelect,
        help_text=_("A fee may change some benefits. You can always get your costs paid back."),
    )
    method = forms.ChoiceField(
        label=_("How do you want to be paid?"),
        choices=PaymentChoice.Method.choices,
        widget=forms.RadioSelect,
    )
    benefits = forms.ChoiceField(
        label=_("Do you get benefits that a fee may change?"),
        choices=PaymentChoice.Benefits.choices,
        widget=forms.RadioSelect,
        help_text=_("Only you and the finance team who pay you can see this."),
    )


class ClaimStartForm(forms.Form):
    project = forms.ModelChoiceField(
        label=_("Which project?"),
        queryset=Project.objects.none(),
        empty_label=None,
        error_messages={"required": _("Choose the project.")},
    )
    kind = forms.ChoiceField(
        label=_("What is it for?"),
        choices=Claim.Kind.choices,
        widget=forms.RadioSelect,
        initial=Claim.Kind.ACTIVITY,
    )
    activity = forms.ChoiceField(
        label=_("What kind of activity?"),
        choices=[c for c in Activity.choices if c[0] not in ("", Activity.PREPARING)],
        initial=Activity.MEETING,
        required=False,
    )
    activity_date = date_field(_("The day you took part"))
    unit = forms.ChoiceField(label=_("How is it paid?"), choices=Unit.choices, initial=Unit.SESSION)
    quantity = forms.DecimalField(
        label=_("How many?"),
        help_text=_("For example 1 meeting, or 2.5 hours."),
        initial=Decimal("1"),
        max_digits=6,
        decimal_places=2,
        min_value=Decimal("0.01"),
        error_messages={
            "invalid": _("Enter how many, like 1 or 2.5."),
            "min_value": _("Enter how many, like 1 or 2.5."),
            "max_decimal_places": _("Enter how many, like 1 or 2.5."),
            "required": _("Enter how many, like 1 or 2.5."),
        },
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-4"}),
    )
    description = forms.CharField(
        label=_("What did you do?"),
        required=False,
        max_length=200,
        validators=[single_line],
        help_text=_("For example: the group meeting at the library."),
    )

    def __init__(self, *args: Any, projects: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects  # type: ignore[attr-defined]


class MeetingClaimForm(forms.Form):
    """Start a claim for a meeting the person took part in and has not claimed for."""

    meeting = forms.ModelChoiceField(
        label=_("Which meeting?"),
        queryset=Meeting.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": _("Choose the meeting you took part in."),
            "invalid_choice": _("Choose a meeting from the list."),
        },
    )

    def __init__(self, *args: Any, meetings: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["meeting"]
        field.queryset = meetings  # type: ignore[attr-defined]
        field.label_from_instance = meeting_label  # type: ignore[attr-defined]


def meeting_label(meeting: Meeting) -> str:
    """The meeting's name and the day it was, in Europe/London: "Planning day, 3 Nov 2026"."""
    if meeting.starts_at is None:
        return meeting.title
    day = timezone.localtime(meeting.starts_at)
    return f"{meeting.title}, {day.day} {day:%b %Y}"


class ExpenseForm(PlainLimitsMixin, forms.Form):
    expense_kind = forms.ChoiceField(
        label=_("What did you pay for?"),
        choices=ExpenseKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what you paid for.")},
    )
    amount = money_field(_("How much did it cost, in pounds?"), help_text=_("For example, 12.50."))
    description = forms.CharField(
        label=_("More about it"),
        required=False,
        max_length=200,
        validators=[single_line],
        help_text=_("For example: bus there and back."),
    )
    over_limit_reason = forms.CharField(
        label=_("If it cost more than the limit, say why"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    receipt = forms.FileField(
        label=_("A photo of the receipt"),
        required=False,
        help_text=_(
            "A photo, or a file of the receipt (PDF). It can be up to 8 megabytes (MB). "
            "You can add it later."
        ),
        widget=forms.FileInput(attrs={"accept": "image/*,application/pdf"}),
    )


class QueryForm(PlainLimitsMixin, forms.Form):
    text = forms.CharField(
        label=_("What do you need from them?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say what you need from them, so they can put it right.")},
    )


class PayForm(PlainLimitsMixin, forms.Form):
    paid_on = date_field(_("The day it was paid"))
    method = forms.ChoiceField(
        label=_("How was it paid?"), choices=Payout.Method.choices, widget=forms.RadioSelect
    )
    reference = forms.CharField(
        label=_("Payment reference"),
        required=False,
        max_length=80,
        validators=[single_line],
        help_text=_("From your finance system, so the person can find the payment."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"paid_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class PayeeForm(PlainLimitsMixin, forms.Form):
    # Not "reference": the payment form on the same page has one, and ids must differ.
    payee_reference = forms.CharField(
        label=_("Their number in your finance system"),
        max_length=60,
        validators=[single_line],
        error_messages={"required": _("Enter the reference from your finance system.")},
    )


class ExportForm(forms.Form):
    start = date_field(_("From"))
    end = date_field(_("To"))
    format = forms.ChoiceField(
        label=_("File type"),
        choices=[("xlsx", _("Spreadsheet (.xlsx)")), ("csv", _("Plain table (.csv)"))],
        widget=forms.RadioSelect,
        initial="xlsx",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end date must be on or after the start date."))
        return data


class ClaimForMemberForm(forms.Form):
    """A co-lead starts a claim for a member who wants help with it."""

    person = forms.ModelChoiceField(
        label=_("Who is it for?"),
        queryset=Membership.objects.none(),
        error_messages={
            "required": _("Choose who the claim is for."),
            "invalid_choice": _("Choose someone from the list."),
        },
    )
    activity_date = date_field(_("The day they took part"))

    def __init__(self, *args: Any, memberships: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["person"]
        field.queryset = memberships  # type: ignore[attr-defined]
        field.label_from_instance = lambda m: m.person.display_name  # type: ignore[attr-defined]
