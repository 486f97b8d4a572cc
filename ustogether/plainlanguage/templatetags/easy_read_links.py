"""`{% has_easy_read page as has_easy_read %}`: whether a page has an Easy Read version.

So pages in other apps can link to their Easy Read version without their views
knowing about it."""

from __future__ import annotations

from django import template
from django.contrib.contenttypes.models import ContentType
from django.db import models

from ustogether.plainlanguage.models import EasyReadVersion

register = template.Library()


@register.simple_tag
def has_easy_read(subject: models.Model | None) -> bool:
    if subject is None or subject.pk is None:
        return False
    return EasyReadVersion.objects.filter(
        content_type=ContentType.objects.get_for_model(subject), object_id=subject.pk
    ).exists()
