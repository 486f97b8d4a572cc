"""`{% easy_read_version page as version %}`: the Easy Read version of a page, if it has one.

So pages in other apps can link to their Easy Read version without their views
knowing about it."""

from __future__ import annotations

from django import template
from django.db import models

from ustogether.plainlanguage.easyread import version_for
from ustogether.plainlanguage.models import EasyReadVersion

register = template.Library()


@register.simple_tag
def easy_read_version(subject: models.Model | None) -> EasyReadVersion | None:
    if subject is None or subject.pk is None:
        return None
    return version_for(subject)
