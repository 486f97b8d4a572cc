"""Template helpers for GOV.UK Design System markup."""

from __future__ import annotations

from typing import Any

from django import forms, template
from django.forms.boundfield import BoundField

from ustogether.core.choices import label

register = template.Library()

_INPUT_CLASSES = {
    "input": "govuk-input",
    "textarea": "govuk-textarea",
    "select": "govuk-select",
    "file": "govuk-file-upload",
}


@register.filter
def widget_kind(field: BoundField) -> str:
    widget = field.field.widget
    # CheckboxSelectMultiple is a subclass of RadioSelect, so it must come first.
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select | forms.SelectMultiple):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.ClearableFileInput | forms.FileInput):
        return "file"
    if isinstance(widget, forms.HiddenInput):
        return "hidden"
    return "input"


@register.filter
def length_limit(field: BoundField) -> int | None:
    """A long text box's limit, to show before the author reaches it."""
    if widget_kind(field) != "textarea":
        return None
    return getattr(field.field, "max_length", None)


def described_by(field: BoundField) -> str:
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}-hint")
    if length_limit(field):
        ids.append(f"{field.auto_id}-limit")
    if field.errors:
        ids.append(f"{field.auto_id}-error")
    return " ".join(ids)


@register.filter
def govuk_widget(field: BoundField) -> Any:
    """Render a text-like widget with GOV.UK classes and ARIA links to hint and error."""
    kind = widget_kind(field)
    css = [_INPUT_CLASSES.get(kind, "govuk-input")]
    if field.errors:
        css.append(f"{css[0]}--error")
    existing = field.field.widget.attrs.get("class")
    if existing:
        css.append(existing)
    attrs: dict[str, Any] = {"class": " ".join(css)}
    if described := described_by(field):
        attrs["aria-describedby"] = described
    return field.as_widget(attrs=attrs)


@register.filter
def describedby(field: BoundField) -> str:
    return described_by(field)


@register.inclusion_tag("forms/govuk/error_summary.html")
def error_summary(*forms_: forms.BaseForm | None) -> dict[str, Any]:
    """The box at the top of a page that lists every error and links to its field."""
    items: list[dict[str, str]] = []
    for form in forms_:
        if form is None or not form.is_bound:
            continue
        for error in form.non_field_errors():
            items.append({"text": str(error), "href": ""})
        for field in form:
            # A group of radios or checkboxes has no element of its own: link to the first one.
            target = field.id_for_label or (
                f"{field.auto_id}_0"
                if widget_kind(field) in ("radios", "checkboxes")
                else field.auto_id
            )
            for error in field.errors:
                items.append({"text": str(error), "href": f"#{target}"})
    return {"errors": items}


@register.filter
def shown(obj: Any, name: str) -> Any:
    """{{ rate|shown:"activity" }}: the label of a field's choice, as
    rate.get_activity_display gives it but cheaper in a loop (core.choices)."""
    return label(obj, name)
