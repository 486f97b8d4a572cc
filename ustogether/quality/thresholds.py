"""The limits the red flags use, and how far an organisation may change them.

Every limit has the platform's own value. An organisation may make a limit
stricter (flag sooner), never looser: two days' notice cannot be made to look fine.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


@dataclass(frozen=True)
class Limit:
    name: str
    label: Any  # a lazy string
    # +1 if a bigger number is stricter (more notice), -1 if a smaller one is.
    stricter: int
    # The strictest value allowed, so nobody sets a limit nobody could meet.
    furthest: float


LIMITS: tuple[Limit, ...] = (
    Limit("notice_amber_days", gettext_lazy("Days of notice, below which we warn"), +1, 42),
    Limit("notice_red_days", gettext_lazy("Days of notice, below which it is red"), +1, 28),
    Limit(
        "papers_amber_days", gettext_lazy("Days papers come before, below which we warn"), +1, 21
    ),
    Limit(
        "papers_red_days", gettext_lazy("Days papers come before, below which it is red"), +1, 14
    ),
    Limit("earliest_start_hour", gettext_lazy("Earliest hour to start"), +1, 12),
    Limit("latest_end_hour", gettext_lazy("Latest hour to end"), -1, 13),
    Limit(
        "longest_hours_without_food", gettext_lazy("Longest meeting in hours without food"), -1, 1
    ),
    Limit("response_days", gettext_lazy("Days to answer what someone said"), -1, 7),
    Limit("update_days", gettext_lazy("Days to share what we did after a meeting"), -1, 7),
    Limit("notes_working_days", gettext_lazy("Working days to share the notes"), -1, 2),
    Limit("needs_met_hours", gettext_lazy("Hours before a meeting all needs are met"), +1, 336),
    Limit("pay_red_days", gettext_lazy("Days unpaid after which a claim is red"), -1, 7),
    Limit(
        "lived_experience_at_decisions",
        gettext_lazy("People with lived experience at a meeting that decides"),
        +1,
        10,
    ),
    Limit(
        "usual_suspects_projects",
        gettext_lazy("Active projects one person is on before we warn"),
        -1,
        1,
    ),
    Limit(
        "power_mean",
        gettext_lazy("Lowest average score for having an equal say, out of 5"),
        +1,
        4.5,
    ),
    Limit(
        "power_disagree_share",
        gettext_lazy("Share of people who disagree, above which we warn"),
        -1,
        0.05,
    ),
    Limit("ladder_gap", gettext_lazy("Rungs apart before we warn"), -1, 1),
    Limit("min_answers", gettext_lazy("Answers needed before anyone sees results"), +1, 50),
)
LIMITS_BY_NAME = {limit.name: limit for limit in LIMITS}


@dataclass(frozen=True)
class Thresholds:
    notice_amber_days: int = 14
    notice_red_days: int = 7
    papers_amber_days: int = 7
    papers_red_days: int = 2
    earliest_start_hour: int = 10
    latest_end_hour: int = 16
    longest_hours_without_food: float = 3
    response_days: int = 28
    update_days: int = 28
    notes_working_days: int = 10
    needs_met_hours: int = 48
    pay_red_days: int = 28
    lived_experience_at_decisions: int = 2
    usual_suspects_projects: int = 3
    power_mean: float = 3.0
    power_disagree_share: float = 0.25
    ladder_gap: int = 2
    min_answers: int = 5

    @property
    def earliest_start(self) -> dt.time:
        return dt.time(self.earliest_start_hour)

    @property
    def latest_end(self) -> dt.time:
        return dt.time(self.latest_end_hour)


def platform_thresholds() -> Thresholds:
    """The platform's limits. A site may raise the answers needed, never below 3."""
    minimum = max(3, int(getattr(settings, "QUALITY_MIN_ANSWERS", 5)))
    return replace(Thresholds(), min_answers=minimum)


def is_stricter_or_same(name: str, value: float, base: float) -> bool:
    return (value - base) * LIMITS_BY_NAME[name].stricter >= 0


def validate_limits(values: Mapping[str, float], base: Thresholds | None = None) -> None:
    """Refuse a limit looser than the platform's, or stricter than anyone could meet."""
    base = base or platform_thresholds()
    errors: dict[str, str] = {}
    for name, value in values.items():
        if name not in LIMITS_BY_NAME:
            errors[name] = _("There is no limit with this name.")
            continue
        limit = LIMITS_BY_NAME[name]
        default = getattr(base, name)
        if not is_stricter_or_same(name, value, default):
            errors[name] = _("This would hide problems. Use %(default)s or a stricter number.") % {
                "default": _number(default)
            }
        elif (value - limit.furthest) * limit.stricter > 0:
            errors[name] = _("Nobody could meet this. Use %(furthest)s or less strict.") % {
                "furthest": _number(limit.furthest)
            }
    if errors:
        raise ValidationError(errors)


def _number(value: float) -> str:
    return f"{value:g}"


def thresholds_from(limits: Mapping[str, Any] | None) -> Thresholds:
    """The platform's limits with an organisation's stricter ones on top.

    A stored limit that is looser than the platform's (the platform's own grew
    stricter since) is ignored, so it can never loosen a flag."""
    base = platform_thresholds()
    names = {f.name for f in fields(Thresholds)}
    changes: dict[str, Any] = {}
    for name, value in (limits or {}).items():
        if (
            name in names
            and isinstance(value, int | float)
            and is_stricter_or_same(name, value, getattr(base, name))
        ):
            changes[name] = type(getattr(base, name))(value)
    return replace(base, **changes)
