"""Gate: every URL pattern the site has is in a permission table.

A page an app adds without saying who may see it fails here, by name, before it
reaches anyone. See docs/gates.md.
"""

from __future__ import annotations

import re
from collections import Counter

from django.http import HttpResponse, HttpResponseRedirect

from ustogether.core.gates import reach
from ustogether.core.gates.permission_table import PEOPLE, Row, all_rows, own_table_names
from ustogether.core.gates.urls import ALLOWED, Pattern, all_patterns, allowed


def missing_rows(
    patterns: list[Pattern], rows: list[Row], own: dict[str, str] | None = None
) -> list[Pattern]:
    named = {row.name for row in rows} | set(own or {})
    return [p for p in patterns if p.key not in named and allowed(p) is None]


def describe(missing: list[Pattern]) -> str:
    lines = [
        f"{len(missing)} URL pattern(s) are in no permission table. Nobody has said who "
        "may see them. For each, add a Row to ROWS in the file named (see docs/gates.md), "
        "or, only if it is not a page, an entry with its reason to ALLOWED in "
        "ustogether/core/gates/urls.py:"
    ]
    for p in missing:
        lines.append(f"  /{p.route}  name {p.key!r}  view {p.view}  -> rows in {p.app_tests}")
    return "\n".join(lines)


def test_every_url_pattern_has_a_row_in_a_permission_table() -> None:
    rows = [row for _module, row in all_rows()]
    missing = missing_rows(all_patterns(), rows, own_table_names())
    assert not missing, describe(missing)


def test_every_row_names_a_url_pattern_that_exists_once() -> None:
    known = {p.key for p in all_patterns()}
    found = list(all_rows())
    stale = [f"{module}: {row.name}" for module, row in found if row.name not in known]
    assert not stale, f"These rows name no URL pattern (renamed or removed?): {stale}"
    twice = [name for name, n in Counter(row.name for _m, row in found).items() if n > 1]
    assert not twice, f"These URL patterns have two rows; keep one: {twice}"


def test_every_allow_list_entry_is_still_needed() -> None:
    used = {rule for rule in ALLOWED if any(re.match(rule, p.route) for p in all_patterns())}
    assert used == set(ALLOWED), f"Remove these from ALLOWED: {set(ALLOWED) - used}"


def test_the_gate_names_a_page_with_no_row() -> None:
    """The gate fails on a pattern it has no row for, and says where the row goes."""
    page = Pattern(
        key="meetings:detail",
        route="projects/<int:project_id>/meetings/<int:meeting_id>/",
        view="ustogether.meetings.views.detail",
    )
    covered = Row("projects:detail", get=dict.fromkeys(PEOPLE, 200))
    missing = missing_rows([page], [covered])
    assert missing == [page]
    message = describe(missing)
    assert "meetings:detail" in message
    assert "ustogether/meetings/tests/test_permissions.py" in message


def test_the_reach_gate_counts_only_answers_that_worked() -> None:
    assert reach._succeeded(HttpResponse(status=200))
    assert reach._succeeded(HttpResponseRedirect("/projects/3/"))  # a form, sent on
    assert not reach._succeeded(HttpResponseRedirect("/accounts/login/?next=/profile/"))
    assert not reach._succeeded(HttpResponseRedirect("/admin/login/?next=/admin/"))
    assert not reach._succeeded(HttpResponse(status=403))
    assert not reach._succeeded(HttpResponse(status=404))


def test_the_reach_gate_names_a_pattern_no_test_reached() -> None:
    everything = {p.key for p in all_patterns()}
    assert reach.unreached(everything) == []
    missing = reach.unreached(everything - {"projects:members"})
    assert [p.key for p in missing] == ["projects:members"]
    # Patterns refused by design are not asked for.
    assert reach.unreached(everything - {"admin:core_auditevent_add"}) == []


def test_an_apps_own_table_counts_when_its_keys_are_url_names() -> None:
    from ustogether.core.gates import permission_table

    assert permission_table._is_people_row({"anonymous": 302, "lead": 200, "member": 403})
    assert permission_table._is_people_row(({"finance", "lead"}, {"text": "Why?"}))
    assert not permission_table._is_people_row({"title": "x", "text": "y", "reason": "z"})
    assert not permission_table._is_people_row("READERS")
    assert permission_table._is_people_row(
        ("project", {"anonymous": 302, "lead": 200, "member": 1})
    )
