"""A field's choice label for a value, found in a dict made once per field.

Django's get_FOO_display() rebuilds a dict of all the field's choices on every
call, translating every label to hash it: on a page that shows a choice in each
row of a table, that was most of the cost of the rows. `label` gives the same
text (the value itself when it is not one of the choices, as Django does).
"""

from __future__ import annotations

import functools
from typing import Any, cast

from django.db import models
from django.utils.encoding import force_str


@functools.cache
def _labels(field: models.Field[Any, Any]) -> dict[Any, Any]:
    # The labels stay lazy here, so each is translated when shown, in the
    # language of the request.
    return dict(field.flatchoices)


def label(obj: models.Model, name: str) -> str:
    """What obj.get_<name>_display() gives, without building the choices each time."""
    field = cast("models.Field[Any, Any]", obj._meta.get_field(name))
    value = getattr(obj, field.attname)
    return force_str(_labels(field).get(value, value), strings_only=True)
