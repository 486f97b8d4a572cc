"""Gate: every URL pattern got a successful answer somewhere in the tests.

A pytest plugin (loaded by the root conftest.py). With ``--every-url-reached``
(``make test`` passes it) it notes, for every request any test makes through
Django, the URL pattern that answered and whether the answer was a success: a
2xx, or a redirect that is not to a sign-in page (a form sent on after it
worked). When the whole run ends it fails if any pattern never succeeded: a page
that only ever refused people is a page nobody has seen working.

Under pytest-xdist each worker sends what it saw to the controller, which decides.
"""

from __future__ import annotations

from typing import Any

import pytest

OPTION = "--every-url-reached"
# Patterns whose every answer is a refusal, by design, with the reason. The
# permission table still shows who is refused.
REFUSED_BY_DESIGN: dict[str, str] = {
    "admin:autocomplete": "no admin page in Us Together uses search-as-you-type fields",
    "admin:view_on_site": "no model has an address of its own (get_absolute_url) to send to",
}
# Not yet seen working in our tests, with the reason. Keep it empty: each entry
# is a page nobody has watched work. (The last one, proving it is you with a
# security key, is now tested with a software key: people/tests/security_key.py.)
NOT_YET_TESTED: dict[str, str] = {}


def admin_refuses() -> dict[str, str]:
    """The admin's add and delete pages of models whose admin refuses even a system
    administrator (the audit log; task results): read from the admin site itself."""
    from django.contrib import admin
    from django.test import RequestFactory

    from ustogether.people.models import Person

    request = RequestFactory().get("/admin/")
    request.user = Person(is_active=True, is_staff=True, is_superuser=True)
    refused = {}
    for model, model_admin in admin.site._registry.items():
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        if not model_admin.has_add_permission(request):
            refused[f"{prefix}_add"] = "its admin lets nobody add one"
        if not model_admin.has_delete_permission(request):
            refused[f"{prefix}_delete"] = "its admin lets nobody delete one"
    return refused


_reached: set[str] = set()
# Where people are sent to sign in (or to sign in again): a redirect there is a
# refusal, not a success.
SIGN_IN_PATHS = (
    "/accounts/login/",
    "/admin/login/",
    "/accounts/reauthenticate/",
    "/accounts/2fa/reauthenticate/",
)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        OPTION,
        action="store_true",
        default=False,
        help="Fail the run if any URL pattern got no successful answer in any test "
        "(use with the whole suite only).",
    )


def _succeeded(response: Any) -> bool:
    status = int(response.status_code)
    if 200 <= status < 300:
        return True
    if 300 <= status < 400:
        return not str(response.get("Location", "")).startswith(SIGN_IN_PATHS)
    return False


def _key(match: Any) -> str:
    return str(match.view_name) if match.url_name else str(match.route)


def _watch_responses() -> None:
    from django.core.handlers.base import BaseHandler

    original = BaseHandler.get_response

    def get_response(self: BaseHandler, request: Any) -> Any:
        response = original(self, request)
        match = getattr(request, "resolver_match", None)
        if match is not None and _succeeded(response):
            _reached.add(_key(match))
        return response

    BaseHandler.get_response = get_response  # type: ignore[method-assign]


class _FromWorkers:
    """On the xdist controller: gathers what each worker saw."""

    @pytest.hookimpl
    def pytest_testnodedown(self, node: Any, error: Any) -> None:
        _reached.update(node.workeroutput.get("reached_urls", []))


def pytest_configure(config: pytest.Config) -> None:
    if not config.getoption(OPTION):
        return
    _watch_responses()
    if config.pluginmanager.hasplugin("xdist") and not hasattr(config, "workerinput"):
        config.pluginmanager.register(_FromWorkers(), "every-url-reached-controller")


def unreached(reached: set[str]) -> list[Any]:
    """The URL patterns (not allowed as 'not a page') that never succeeded."""
    from ustogether.core.gates.urls import all_patterns, allowed

    refused = {**REFUSED_BY_DESIGN, **NOT_YET_TESTED, **admin_refuses()}
    return [
        p
        for p in all_patterns()
        if p.key not in reached and p.key not in refused and allowed(p) is None
    ]


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    config = session.config
    if not config.getoption(OPTION):
        return
    if hasattr(config, "workerinput"):  # an xdist worker: hand over to the controller
        config.workeroutput["reached_urls"] = sorted(_reached)  # type: ignore[attr-defined]
        return
    missing = unreached(_reached)
    if not missing:
        return
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    lines = [
        f"GATE FAILED: {len(missing)} URL pattern(s) got no successful answer (2xx, or a "
        "redirect other than to sign in) in any test. Test each working, as a person "
        "who may use it: a permission-table row where someone gets 200, or a test of "
        "the form that POSTs good data (docs/gates.md):"
    ]
    lines += [f"  /{p.route}  name {p.key!r}  view {p.view}" for p in missing]
    for line in lines:
        if reporter is not None:
            reporter.write_line(line, red=True)
    if session.exitstatus == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
