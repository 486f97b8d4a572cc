"""Gate: every page a browser test visits is valid HTML (the Nu HTML Checker, vnu).

Visitor.check() keeps the HTML the server sent for each page it checks with
axe-core; when the browser tests end, vnu reads all of them in one run (one Java
start, a few seconds) and the run fails on any error, naming the page.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
PAGES = ROOT / "test-artifacts" / "html"
INDEX = "pages.json"


@dataclass(frozen=True)
class HtmlError:
    file: str
    line: int
    message: str
    extract: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}  [{self.extract.strip()[:120]}]"


def check_html(files: list[Path]) -> list[HtmlError]:
    """Run vnu once over `files`; every error it finds (warnings are not errors)."""
    if not files:
        return []
    java = shutil.which("java")
    if java is None or not VNU_JAR.exists():
        raise AssertionError(
            f"The Nu HTML Checker needs Java 17 and {VNU_JAR} (npm ci installs vnu-jar)."
        )
    result = subprocess.run(  # nosec B603
        [
            java,
            "-jar",
            str(VNU_JAR),
            "--errors-only",
            "--format",
            "json",
            "--stdout",
            "--exit-zero-always",
            *map(str, files),
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    messages = json.loads(result.stdout or '{"messages": []}')["messages"]
    return [
        HtmlError(
            file=str(m.get("url", "")).removeprefix("file:"),
            line=int(m.get("lastLine", 0)),
            message=str(m.get("message", "")),
            extract=str(m.get("extract", "")),
        )
        for m in messages
        if m.get("type") == "error" or m.get("subType") == "fatal"
    ]


def describe(errors: list[HtmlError], pages: dict[str, dict[str, str]]) -> str:
    by_file: dict[str, list[HtmlError]] = {}
    for error in errors:
        by_file.setdefault(error.file, []).append(error)
    lines = [
        f"GATE FAILED: {len(by_file)} page(s) the browser tests visited are not valid HTML "
        "(Nu HTML Checker). Fix the template; htmx attributes are written data-hx-*:"
    ]
    for file, found in sorted(by_file.items()):
        page = pages.get(Path(file).name, {})
        lines.append(f"  {page.get('name', '?')} ({page.get('url', '?')}), saved as {file}:")
        lines += [f"    {error}" for error in found[:10]]
    return "\n".join(lines)
