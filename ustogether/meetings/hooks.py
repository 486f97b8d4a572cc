"""What other apps do when something happens to a meeting, without meetings knowing them.

Apps sit above meetings (payments, quality) and may not be imported here. An app
that must act when attendance is recorded registers a function from its
AppConfig.ready(), like `projects.queries.register_event_labels`; meetings calls
each one inside the same transaction as the change, so both are saved or neither.
A registered function must not fail for one person's sake: it skips whoever it
cannot act for, so recording who took part always works. It may return a sentence
for the person who recorded it, saying what followed ("Claims are ready for 3
people"), which the page shows after saving.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ustogether.people.models import Person

    from .models import Meeting

AttendanceHook = Callable[..., str | None]
ON_ATTENDANCE: list[AttendanceHook] = []


def on_attendance_recorded(function: AttendanceHook) -> AttendanceHook:
    """Register `function(meeting=..., by=...)`, called after attendance is saved; it
    returns a sentence saying what it did, or None."""
    if function not in ON_ATTENDANCE:
        ON_ATTENDANCE.append(function)
    return function


def attendance_recorded(*, meeting: Meeting, by: Person) -> list[str]:
    """Call every registered function; the sentences they return, in order."""
    said = (function(meeting=meeting, by=by) for function in ON_ATTENDANCE)
    return [sentence for sentence in said if sentence]
