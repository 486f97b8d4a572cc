"""The security headers every response must carry, checked with production settings.

The permission table sends every request it makes through `production_security()`
and `header_problems()`, so every page any app adds is checked signed out and
signed in, on its good answers and on its refusals alike.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

from csp.constants import NONCE
from django.http import HttpResponse

ROOT = Path(__file__).resolve().parents[3]
# Settings that decide the security headers and how HTTPS is handled.
SECURITY_SETTINGS = (
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_SSL_REDIRECT",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "X_FRAME_OPTIONS",
    "CONTENT_SECURITY_POLICY",
    "PERMISSIONS_POLICY",
)
# What the TLS proxy in front of production adds to every request (docs/production.md).
HTTPS = {"X-Forwarded-Proto": "https"}
HSTS_MIN_SECONDS = 365 * 24 * 3600


@cache
def production_security() -> dict[str, Any]:
    """The security settings exactly as production loads them (PRODUCTION=1), read in a
    fresh process, so a change to settings.py that weakens production shows here."""
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        f"print(json.dumps({{n: getattr(s, n) for n in {list(SECURITY_SETTINGS)!r}}}, default=str))"
    )
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("SECURE_", "DATABASE_"))},
        "DJANGO_SETTINGS_MODULE": "ustogether.settings",
        "PRODUCTION": "1",
        "DEBUG": "0",
        "TESTING": "0",
        "ALLOWED_HOSTS": "example.org",
        "SECRET_KEY": "gate-check-only-" + "kQ3v9zT_p1LmX7rB2nYc8WfJ0hA5sDeGuR4oVtNiK6qZyHwMx",
    }
    result = subprocess.run(  # noqa: S603  # nosec B603
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    values: dict[str, Any] = json.loads(result.stdout)
    # django-csp's nonce marker is an object; JSON carried it as its name.
    for sources in values["CONTENT_SECURITY_POLICY"]["DIRECTIVES"].values():
        sources[:] = [NONCE if source == str(NONCE) else source for source in sources]
    if values["SECURE_PROXY_SSL_HEADER"] is not None:
        values["SECURE_PROXY_SSL_HEADER"] = tuple(values["SECURE_PROXY_SSL_HEADER"])
    return values


_NONCE = re.compile(r"'nonce-([^']+)'")
_INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)


def header_problems(response: HttpResponse, *, signed_in: bool) -> list[str]:
    """What is missing or weak in one response's headers; empty when all is well."""
    problems = []
    hsts = response.get("Strict-Transport-Security", "")
    match = re.search(r"max-age=(\d+)", hsts)
    if not match or int(match.group(1)) < HSTS_MIN_SECONDS or "includeSubDomains" not in hsts:
        problems.append(f"Strict-Transport-Security is {hsts!r}: a year, with subdomains")
    if response.get("X-Content-Type-Options") != "nosniff":
        problems.append("X-Content-Type-Options is not nosniff")
    if response.get("Referrer-Policy", "") not in ("same-origin", "no-referrer", "strict-origin"):
        problems.append(f"Referrer-Policy is {response.get('Referrer-Policy')!r}")
    if "Permissions-Policy" not in response:
        problems.append("no Permissions-Policy")
    if response.get("X-Frame-Options") != "DENY":
        problems.append("X-Frame-Options is not DENY")
    cache_control = response.get("Cache-Control", "")
    is_html = response.get("Content-Type", "").startswith("text/html")
    if (
        signed_in
        and "no-store" not in cache_control
        and (is_html or "private" not in cache_control)
    ):
        problems.append(f"signed in, but Cache-Control is {cache_control!r}, not no-store")
    if is_html:
        problems += _csp_problems(response)
    return problems


def _csp_problems(response: HttpResponse) -> list[str]:
    csp = response.get("Content-Security-Policy", "")
    if not csp:
        return ["no Content-Security-Policy"]
    directives = {part.split()[0]: part.split()[1:] for part in csp.split(";") if part.strip()}
    problems = []
    if directives.get("frame-ancestors") != ["'none'"]:
        problems.append(f"CSP frame-ancestors is {directives.get('frame-ancestors')}, not 'none'")
    scripts = directives.get("script-src", directives.get("default-src", []))
    if not scripts or {"'unsafe-inline'", "'unsafe-eval'", "*"} & set(scripts):
        problems.append(f"CSP script-src {scripts} lets in scripts from anywhere")
    nonces = set(_NONCE.findall(csp))
    body = response.content.decode("utf-8", "replace") if not response.streaming else ""
    for tag in _INLINE_SCRIPT.findall(body):
        if re.search(r'type="application/(ld\+)?json"', tag):
            continue  # data for a script, never run
        nonce = re.search(r'\bnonce="([^"]+)"', tag)
        if nonce is None or nonce.group(1) not in nonces:
            problems.append(f"an inline script without this response's CSP nonce: {tag}")
    return problems
