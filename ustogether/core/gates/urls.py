"""Every URL pattern the site has, named the way the permission table names it."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Pattern:
    key: str  # "namespace:name", or the route when a pattern has no name
    route: str
    view: str  # dotted path of the view, to say where a pattern comes from

    @property
    def app_tests(self) -> str:
        """Where this pattern's rows belong, for a failure message."""
        parts = self.view.split(".")
        if parts[0] == "ustogether" and len(parts) > 1:
            return f"ustogether/{parts[1]}/tests/test_permissions.py"
        if self.route.startswith("admin/"):
            return "ustogether/core/tests/test_permissions_admin.py (made from the admin site)"
        return "ustogether/people/tests/test_permissions_accounts.py (sign-in pages)"


def _walk(
    patterns: Sequence[URLPattern | URLResolver], prefix: str, namespace: str
) -> Iterator[Pattern]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        else:
            route = prefix + str(entry.pattern)
            key = entry.name and (f"{namespace}:{entry.name}" if namespace else entry.name)
            yield Pattern(key=key or route, route=route, view=entry.lookup_str)


def all_patterns() -> list[Pattern]:
    """Every URL pattern in ROOT_URLCONF, included ones too (allauth's, the admin's)."""
    seen: dict[str, Pattern] = {}
    for pattern in _walk(get_resolver().url_patterns, "", ""):
        # The first of two patterns with one name is the one reverse() gives.
        seen.setdefault(pattern.key, pattern)
    return list(seen.values())


def routes() -> dict[str, str]:
    return {pattern.key: pattern.route for pattern in all_patterns()}


# URL patterns that are not pages and so need no row in a permission table (nor a
# test that reaches them), each with the reason. Keep it short: a page, however
# small, belongs in a table.
ALLOWED: dict[str, str] = {
    r"^admin/[a-z_]+/[a-z_]+/<path:object_id>/$": (
        "Django admin's unnamed redirect from an object's old address to its /change/ "
        "page; it has no name to ask for, and the /change/ row covers the guard"
    ),
    r"^admin/\(\?P<url>\.\*\)\$$": (
        "Django admin's catch-all: any other address under /admin/ is not found, or "
        "sends someone not signed in to the admin's sign-in page; not a page"
    ),
}


def allowed(pattern: Pattern) -> str | None:
    """The reason a pattern needs no row, or None when it needs one."""
    for rule, reason in ALLOWED.items():
        if re.match(rule, pattern.route):
            return reason
    return None
