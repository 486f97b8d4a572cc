"""Limits on how much one person or organisation can do in a while.

The counts live in Django's default cache: Redis in production, a database
table otherwise. allauth keeps its sign-in limits in the same cache, so every
app server and worker sees one count. django-ratelimit does the counting (a
fixed window per key, which also tells us when the window ends).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django_ratelimit.core import get_usage

ViewFunc = Callable[..., HttpResponse]


@dataclass(frozen=True)
class Limit:
    """At most `rate` (django-ratelimit's form: "20/h", "100/d", "30/m") per key."""

    name: str
    rate: str


class LimitReached(Exception):
    """Too many in this window. `retry_at` is when the window ends."""

    def __init__(self, limit: Limit, seconds_left: int) -> None:
        self.limit = limit
        self.retry_at = timezone.now() + dt.timedelta(seconds=max(seconds_left, 1))
        super().__init__(f"{limit.name} limit reached; try again at {self.retry_at:%H:%M}")

    def when(self) -> str:
        """When they can try again, in plain words and local time: "after 3:40pm"."""
        local = timezone.localtime(self.retry_at)
        clock = local.strftime("%I:%M%p").lstrip("0").lower()
        if local.date() != timezone.localdate():
            return _("tomorrow after %(time)s") % {"time": clock}
        return _("after %(time)s") % {"time": clock}


_paused: ContextVar[bool] = ContextVar("limits_paused", default=False)


@contextmanager
def paused() -> Iterator[None]:
    """For the site's own setup (loading demo data), which no person is doing."""
    token = _paused.set(True)
    try:
        yield
    finally:
        _paused.reset(token)


def consume(limit: Limit, key: str) -> None:
    """Count one more use for `key`; raise LimitReached if that goes over the limit."""
    if _paused.get():
        return
    # A deployment can change any limit by name in settings.RATE_LIMITS.
    rate = getattr(settings, "RATE_LIMITS", {}).get(limit.name, limit.rate)
    usage = get_usage(
        None,  # no request: services call this, and the key says whose count it is
        group=limit.name,
        key=lambda _group, _request: key,
        rate=rate,
        increment=True,
    )
    if usage is not None and usage["should_limit"]:
        raise LimitReached(limit, int(usage["time_left"]))


def consume_all(uses: list[tuple[Limit, str]]) -> None:
    """Count one use against each limit in turn; the first one over stops the rest."""
    for limit, key in uses:
        consume(limit, key)


# Invitations (to a project or to an organisation's staff) send email with words
# the sender chose, so each is counted: per sender, per organisation, per address.
INVITATIONS_PER_PERSON_HOUR = Limit("invitations.person.hour", "20/h")
INVITATIONS_PER_PERSON_DAY = Limit("invitations.person.day", "60/d")
INVITATIONS_PER_ORGANISATION_DAY = Limit("invitations.organisation.day", "300/d")
INVITATIONS_PER_ADDRESS_DAY = Limit("invitations.address.day", "3/d")


def count_invitation(*, by: object, organisation_id: int, email: str) -> None:
    """Count one invitation email; say in plain words when the sender can send more."""
    try:
        consume(INVITATIONS_PER_ADDRESS_DAY, email.strip().lower())
    except LimitReached as reached:
        raise ValidationError(
            {
                "email": _(
                    "We have already emailed this address several times today. "
                    "You can send another invitation %(when)s."
                )
                % {"when": reached.when()}
            }
        ) from reached
    try:
        consume_all(
            [
                (INVITATIONS_PER_PERSON_HOUR, f"person:{getattr(by, 'pk', by)}"),
                (INVITATIONS_PER_PERSON_DAY, f"person:{getattr(by, 'pk', by)}"),
                (INVITATIONS_PER_ORGANISATION_DAY, f"organisation:{organisation_id}"),
            ]
        )
    except LimitReached as reached:
        raise ValidationError(
            _(
                "You have sent a lot of invitations in a short time, so we have paused "
                "sending. You can send more %(when)s."
            )
            % {"when": reached.when()}
        ) from reached


# "Check my writing" and the live check as you type: a person types in bursts,
# so this allows a busy minute while stopping anyone using it as a free service.
CHECKS_PER_MINUTE = Limit("plaincheck.person.minute", "40/m")


def limited(limit: Limit) -> Callable[[ViewFunc], ViewFunc]:
    """For views behind login_required: count each POST per person; 429 when over."""

    def decorate(view: ViewFunc) -> ViewFunc:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method == "POST":
                try:
                    consume(limit, f"person:{request.user.pk}")
                except LimitReached as reached:
                    message = _(
                        "You have checked a lot of writing in a short time. "
                        "You can check again %(when)s."
                    ) % {"when": reached.when()}
                    response = render(request, "429.html", {"message": message}, status=429)
                    response["Retry-After"] = str(
                        max(1, int((reached.retry_at - timezone.now()).total_seconds()))
                    )
                    return response
            return view(request, *args, **kwargs)

        return wrapper

    return decorate
