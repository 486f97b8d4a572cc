"""The Nu HTML Checker gate itself: it finds real faults, so a clean run means something."""

from __future__ import annotations

from pathlib import Path

import pytest

from e2e.html import check_html

pytestmark = pytest.mark.e2e

PAGE = """<!DOCTYPE html><html lang="en-gb"><head><meta charset="utf-8"><title>A page</title>
</head><body>{body}</body></html>"""


def test_the_checker_refuses_htmx_attributes_and_broken_markup(tmp_path: Path) -> None:
    bad = tmp_path / "bad.html"
    bad.write_text(
        PAGE.format(body='<button hx-post="/check/">Check</button><p><div>in a p</div></p>'),
        "utf-8",
    )
    good = tmp_path / "good.html"
    good.write_text(
        PAGE.format(body='<button type="button" data-hx-post="/check/">Check</button>'), "utf-8"
    )
    errors = check_html([bad, good])
    assert {Path(e.file).name for e in errors} == {"bad.html"}
    messages = " ".join(e.message for e in errors)
    assert "hx-post" in messages
    assert "No “p” element in scope" in messages or "“p”" in messages
