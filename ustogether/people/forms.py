from __future__ import annotations

from django import forms
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from ustogether.core.forms import PlainLimitsMixin
from ustogether.core.validators import single_line
from ustogether.core.vocabulary import AccessFeature, CommunicationFormat
from ustogether.people.models import Organisation, OrganisationMembership, Person


class SignupExtraForm(PlainLimitsMixin, forms.Form):
    """Extra questions on allauth's sign-up page."""

    full_name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        help_text=_("The name you want other people on your projects to see."),
        validators=[single_line],
        error_messages={"required": _("Enter your name.")},
    )

    def signup(self, request: HttpRequest, user: Person) -> None:
        user.full_name = self.cleaned_data["full_name"].strip()
        user.save(update_fields=["full_name"])


class ProfileForm(PlainLimitsMixin, forms.ModelForm):
    class Meta:
        model = Person
        fields = [
            "full_name",
            "preferred_name",
            "pronouns",
            "contact_by",
            "phone",
            "postal_address",
            "supporter_name",
            "supporter_contact",
        ]
        labels = {
            "full_name": _("Your name"),
            "preferred_name": _("What do you like to be called?"),
            "pronouns": _("Your pronouns"),
            "contact_by": _("How should we contact you?"),
            "phone": _("Phone number"),
            "postal_address": _("Postal address"),
            "supporter_name": _("Name of someone who supports you"),
            "supporter_contact": _("How to contact your supporter"),
        }
        help_texts = {
            "preferred_name": _("For example, Sam if your name is Samantha."),
            "pronouns": _("For example, she/her, he/him or they/them."),
            "supporter_contact": _("A phone number or email address."),
            "phone": _("For example, 01632 960 001 or +44 7700 900 982."),
        }
        widgets = {
            "contact_by": forms.RadioSelect,
            "postal_address": forms.Textarea(attrs={"rows": 4}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        }
        error_messages = {"full_name": {"required": _("Enter your name.")}}

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["full_name"].required = True
        self.fields["full_name"].widget.attrs["autocomplete"] = "name"
        self.fields["postal_address"].widget.attrs["autocomplete"] = "street-address"


class NeedsForm(PlainLimitsMixin, forms.Form):
    access_features = forms.MultipleChoiceField(
        label=_("What helps you get to and take part in a meeting?"),
        help_text=_("Tick all that apply."),
        choices=AccessFeature.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    communication_formats = forms.MultipleChoiceField(
        label=_("How do you like to get information?"),
        help_text=_("Tick all that apply."),
        choices=CommunicationFormat.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    interpreter_language = forms.CharField(
        label=_("If you need an interpreter, which language?"),
        max_length=80,
        required=False,
    )
    dietary_needs = forms.CharField(
        label=_("Food and drink"),
        max_length=1000,
        help_text=_("For example, vegetarian, halal, no nuts, or soft food."),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    other_needs = forms.CharField(
        label=_("Anything else that helps you take part"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    consent = forms.BooleanField(
        label=_("Yes, keep this information so that meetings can be arranged for me"),
        help_text=_("You can change this or remove it at any time."),
        error_messages={"required": _("Tick the box to say we may keep this, or leave this page.")},
    )


class OrganisationForm(PlainLimitsMixin, forms.ModelForm):
    website = forms.URLField(
        label=_("Website"),
        required=False,
        assume_scheme="https",
        error_messages={"invalid": _("Enter a web address like https://www.example.org")},
    )

    class Meta:
        model = Organisation
        fields = ["name", "kind", "website"]
        labels = {
            "name": _("Name of the organisation"),
            "kind": _("What kind of organisation is it?"),
            "website": _("Website"),
        }
        help_texts = {
            "kind": _(
                "NHS trust means a part of the NHS that runs hospitals or other health services."
            ),
        }
        widgets = {"kind": forms.RadioSelect}
        error_messages = {
            "name": {"required": _("Enter the name of the organisation.")},
            "kind": {"required": _("Choose what kind of organisation it is.")},
            "website": {"invalid": _("Enter a web address like https://www.example.org")},
        }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        # A model field with choices gets a blank "---------" choice, chosen by
        # default; as radios that is a meaningless first option. None is chosen.
        self.fields["kind"].choices = Organisation.Kind.choices  # type: ignore[attr-defined]

    def validate_unique(self) -> None:
        # The service says this in plainer words.
        pass


class StaffForm(PlainLimitsMixin, forms.Form):
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
        choices=OrganisationMembership.Role.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose their role.")},
    )
