"""Forms render in GOV.UK Design System markup through Django's own renderer.

`{{ form }}` and `{{ field.as_field_group }}` use the templates in
core/templates/forms/govuk, so every form gets labels, hints, plain error
messages and fieldsets for radios and checkboxes without per-page markup.
"""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting

from ustogether.core.validators import EMAIL_MAX_LENGTH_MESSAGE, MAX_LENGTH_MESSAGE


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "forms/govuk/form.html"
    field_template_name = "forms/govuk/field.html"


class PlainLimitsMixin:
    """Too-long text gets a plain message, not Django's "Ensure this value has at most..."."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if getattr(field, "max_length", None):
                field.error_messages.setdefault("max_length", MAX_LENGTH_MESSAGE)
                if isinstance(field, forms.EmailField):
                    field.error_messages["max_length"] = EMAIL_MAX_LENGTH_MESSAGE


def apply_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a service's ValidationError onto the form, so nothing typed is lost."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def form_status(*forms_: forms.BaseForm) -> int:
    """422 when any form has errors, so the browser and tests can tell; else 200."""
    return 422 if any(form.errors for form in forms_) else 200
