"""A pytest plugin: no secret in test data ever reaches a log record, across the whole suite.

As the tests run, every secret they make is noted as a canary: passwords (as
they are set), invitation tokens, one-time sign-in codes, two-step sign-in keys
and recovery codes, and what people write about their needs. Every log record at
INFO or above (what production keeps) is captured. When the session ends, any
canary found in a record's message, its error text or the request it names fails
the run, naming the logger and the kind of secret.

Loaded from the top-level conftest.py, so it covers every test in `make test`.
"""

from __future__ import annotations

import logging
from typing import Any

import pytest

# Shorter values are too common to be a sign of a leak ("No nuts").
MIN_CANARY = 8


class CanaryBook:
    def __init__(self) -> None:
        self.canaries: dict[str, str] = {}
        self.records: list[tuple[str, str]] = []

    def note(self, value: object, kind: str) -> None:
        if isinstance(value, str) and len(value.strip()) >= MIN_CANARY:
            self.canaries.setdefault(value.strip(), kind)

    def leaks(self) -> list[tuple[str, str, str]]:
        found = []
        for logger, text in self.records:
            for canary, kind in self.canaries.items():
                if canary in text:
                    found.append((logger, kind, text[:300]))
        return found


BOOK = CanaryBook()


class CapturingHandler(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        parts = [record.getMessage()]
        if record.exc_info:
            parts.append(logging.Formatter().formatException(record.exc_info))
        request = getattr(record, "request", None)
        if request is not None:
            parts.append(f"{getattr(request, 'method', '')} {request!s}")
            parts.append(str(getattr(request, "get_full_path", lambda: "")()))
        BOOK.records.append((record.name, "\n".join(parts)))


def _watch_secrets() -> None:
    """Note secrets as the code makes them."""
    from allauth.account.adapter import DefaultAccountAdapter
    from allauth.mfa.models import Authenticator
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.db.models.signals import post_save

    from ustogether.core.testing import PASSWORD, TOTP_SECRET
    from ustogether.people.models import NeedsProfile, StaffInvitation
    from ustogether.projects.models import Invitation

    BOOK.note(PASSWORD, "a password")
    BOOK.note(TOTP_SECRET, "a two-step sign-in key")

    set_password = AbstractBaseUser.set_password

    def noting_set_password(self: Any, raw_password: str | None) -> None:
        BOOK.note(raw_password, "a password")
        set_password(self, raw_password)

    AbstractBaseUser.set_password = noting_set_password  # type: ignore[method-assign]

    generate = DefaultAccountAdapter.generate_login_code

    def noting_login_code(self: Any) -> str:
        code: str = generate(self)
        BOOK.note(code, "a one-time sign-in code")
        return code

    DefaultAccountAdapter.generate_login_code = noting_login_code

    def saved(sender: Any, instance: Any, **kwargs: Any) -> None:
        if isinstance(instance, NeedsProfile):
            for name in ("interpreter_language", "dietary_needs", "other_needs"):
                BOOK.note(getattr(instance, name), "someone's needs")
        elif isinstance(instance, Invitation | StaffInvitation):
            BOOK.note(instance.token, "an invitation's secret code")
        elif isinstance(instance, Authenticator):
            for key, value in (instance.data or {}).items():
                if isinstance(value, list):
                    for item in value:
                        BOOK.note(item, f"two-step sign-in {key}")
                else:
                    BOOK.note(value, f"two-step sign-in {key}")

    post_save.connect(saved, weak=False, dispatch_uid="log_canaries")


@pytest.hookimpl(trylast=True)
def pytest_sessionstart(session: pytest.Session) -> None:
    root = logging.getLogger()
    # Production keeps INFO and above; the console still shows only warnings.
    for handler in root.handlers:
        if handler.level < logging.WARNING:
            handler.setLevel(logging.WARNING)
    root.setLevel(min(root.level, logging.INFO))
    root.addHandler(CapturingHandler(level=logging.INFO))
    _watch_secrets()


# Leaks found by pytest-xdist's workers, sent back to the main process.
FROM_WORKERS: list[tuple[str, str, str]] = []


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: Any) -> None:
    output = getattr(node, "workeroutput", {}) or {}
    FROM_WORKERS.extend(tuple(leak) for leak in output.get("log_leaks", []))


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    leaks = BOOK.leaks()
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:  # an xdist worker: the main process reports
        workeroutput["log_leaks"] = [list(leak) for leak in leaks]
        return
    leaks += FROM_WORKERS
    if not leaks:
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    lines = [f"  {logger}: {kind} in: {text!r}" for logger, kind, text in leaks[:20]]
    message = (
        f"A secret from the test data reached the logs {len(leaks)} times. Log what happened, "
        "never the value (see core/log_canaries.py):\n" + "\n".join(lines)
    )
    if reporter is not None:
        reporter.ensure_newline()
        reporter.write_line(message, red=True)
    else:
        print(message)
    session.exitstatus = pytest.ExitCode.TESTS_FAILED
