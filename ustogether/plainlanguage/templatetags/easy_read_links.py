"""`{% has_easy_read page as has_easy_read %}`: whether a page has an Easy Read version.

So pages in other apps can link to their Easy Read version without their views
knowing about it."""

from __future__ import annotations

from django import template
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Value

from ustogether.core.prepared import Prepared
from ustogether.plainlanguage.models import EasyReadVersion

register = template.Library()

# On every project page: its SQL is built once per process (core.prepared).
_EXISTS = Prepared(
    lambda content_type_id, object_id: (
        EasyReadVersion.objects.filter(content_type_id=content_type_id, object_id=object_id)
        .values_list(Value(1))
        .order_by()[:1]
    )
)


@register.simple_tag
def has_easy_read(subject: models.Model | None) -> bool:
    if subject is None or subject.pk is None:
        return False
    content_type = ContentType.objects.get_for_model(subject)
    return bool(_EXISTS.rows(content_type_id=content_type.pk, object_id=subject.pk))
