"""Forms render in GOV.UK Design System markup through Django's own renderer.

`{{ form }}` and `{{ field.as_field_group }}` use the templates in
core/templates/forms/govuk, so every form gets labels, hints, plain error
messages and fieldsets for radios and checkboxes without per-page markup.
"""

from django.forms.renderers import TemplatesSetting


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "forms/govuk/form.html"
    field_template_name = "forms/govuk/field.html"
