"""The signed-in person behind a request."""

from __future__ import annotations

from typing import cast

from django.http import HttpRequest

from ustogether.people.models import Person


def person_of(request: HttpRequest) -> Person:
    """For views behind login_required: the user is a Person, never anonymous."""
    return cast(Person, request.user)
