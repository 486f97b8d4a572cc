"""Run axe-core in the page and fail on any WCAG 2.2 A or AA violation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playwright.sync_api import Page

AXE_JS = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


class AccessibilityError(AssertionError):
    pass


def run_axe(page: Page) -> list[dict[str, Any]]:
    """Inject axe-core (once per document) and return its violations."""
    if not AXE_JS.exists():
        raise AccessibilityError(f"axe-core is missing at {AXE_JS}. Run: npm ci")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    # resultTypes: axe still runs every rule, but gathers nodes only for violations,
    # which is what we fail on (and much quicker on long pages).
    result = page.evaluate(
        """tags => axe.run(document, {runOnly: {type: 'tag', values: tags},
                                     resultTypes: ['violations']})
                 .then(r => r.violations)""",
        WCAG_TAGS,
    )
    return list(result)


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v.get('impact')}): {v['help']} <{v.get('helpUrl', '')}>")
        for node in v["nodes"][:10]:
            target = " ".join(str(t) for t in node.get("target", []))
            lines.append(f"    at {target}: {node.get('html', '')[:200]}")
            summary = node.get("failureSummary")
            if summary:
                lines.append("      " + summary.replace("\n", "\n      "))
    return "\n".join(lines)


def assert_accessible(page: Page, name: str) -> None:
    violations = run_axe(page)
    if violations:
        raise AccessibilityError(
            f"axe-core found {len(violations)} WCAG problem(s) on '{name}' ({page.url}):\n"
            + describe(violations)
        )
