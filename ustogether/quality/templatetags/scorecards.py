"""A link to an organisation's scorecard, for pages outside the quality app."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from ustogether.people.models import Organisation
from ustogether.quality.models import PublishedScorecard
from ustogether.quality.services import organisation_role

register = template.Library()


@register.simple_tag(takes_context=True)
def scorecard_link(context: dict[str, Any], organisation: Organisation) -> SafeString | str:
    """The link, for the organisation's staff and, once it is published, for everyone."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if organisation_role(user, organisation) is None and not (
        PublishedScorecard.objects.filter(organisation=organisation).exists()
    ):
        return ""
    return format_html(
        '<p class="govuk-body"><a class="govuk-link" href="{}">{}</a></p>',
        reverse("quality:org_scorecard", args=[organisation.slug]),
        _("How well we work together: our scorecard"),
    )
