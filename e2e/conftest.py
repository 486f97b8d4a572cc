"""Browser tests: real Chromium driven by Playwright, every page checked by axe-core.

The site runs in this process (pytest-django's live_server), so the emails it
sends land in django.core.mail.outbox, where a test reads links and codes.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.core import mail
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Page,
    Playwright,
    Response,
    sync_playwright,
)

from e2e import html as valid_html
from e2e.axe import AXE_JS, assert_accessible
from ustogether.core.testing import PASSWORD as TEST_PASSWORD
from ustogether.core.testing import TOTP_SECRET, totp_code
from ustogether.plainlanguage.pagetext import PageCheck, check_page, main_text
from ustogether.plainlanguage.ui_words import database_strings

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
# A full-page screenshot of every page checked, for people to look through: asked for
# with E2E_SCREENSHOTS=1 (`make test-e2e E2E_SCREENSHOTS=1`), as it slows the run.
SCREENSHOTS_WANTED = os.environ.get("E2E_SCREENSHOTS", "") == "1"
# The plain-language check of each page's own words (see Visitor.check).
PAGE_WORDS = ROOT / "test-artifacts" / "page-words"
_checked_pages: list[PageCheck] = []
# The highest reading age (Flesch-Kincaid + 5) a page's own words may have, as in
# ustogether/plainlanguage/tests/test_ui_words.py. Pages allowed above it go here with the
# age they reached and why; there are none.
READING_AGE_CEILING = 9.0
READING_AGE_EXCEPTIONS: dict[str, tuple[float, str]] = {}
# A date on a page is data, like a name: its month's name is taken out with what people
# typed, so a page's reading age does not change with the day the tests run
# ("1 January 2026" has two syllables more than "1 May 2026").
MONTH_NAMES = frozenset(
    [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ]
)
# The HTML the server sent for each page checked, by file name: checked by vnu at the end.
_saved_html: dict[str, dict[str, str]] = {}
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PASSWORD = "Bright-kettle-on-the-hill-42"


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Run the Nu HTML Checker once over every page the browser tests checked."""
    if not _saved_html:
        return
    files = [valid_html.PAGES / name for name in sorted(_saved_html)]
    (valid_html.PAGES / valid_html.INDEX).write_text(json.dumps(_saved_html, indent=1), "utf-8")
    errors = valid_html.check_html(files)
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if errors:
        if reporter is not None:
            reporter.write_line(valid_html.describe(errors, _saved_html), red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
    elif reporter is not None:
        reporter.write_line(f"Nu HTML Checker: all {len(files)} pages checked are valid HTML.")


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if SCREENSHOTS_WANTED and getattr(terminalreporter.config, "_e2e_used", False):
        terminalreporter.write_line(f"Screenshots of every page visited: {SCREENSHOTS}")
    if _checked_pages:
        worst = sorted(_checked_pages, key=lambda page: -page.reading_age)[:5]
        unexplained = [page for page in _checked_pages if page.findings]
        terminalreporter.write_line(
            f"Plain language of {len(_checked_pages)} pages visited (our own words): "
            f"hardest {', '.join(f'{p.name} {p.reading_age}' for p in worst)}; "
            f"{len(unexplained)} with unexplained words. Details: {PAGE_WORDS}"
        )


@pytest.fixture(scope="session")
def _assets_built() -> None:
    if not (ROOT / "build" / "assets" / "ustogether" / "app.css").exists():
        pytest.fail(
            "The stylesheet is not built (build/assets/ustogether/app.css). Run: make assets"
        )


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    # Playwright's sync API runs an event loop in this thread, and Django refuses
    # database access from a thread with a running loop unless told it is safe.
    # The tests really are synchronous, so it is. Set only while a browser runs,
    # so that unit tests in the same session still catch async-unsafe code.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            yield playwright
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright, _assets_built: None) -> Iterator[Browser]:
    browser = playwright_instance.chromium.launch(
        executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"),
        headless=True,
        args=CHROMIUM_ARGS,
    )
    yield browser
    browser.close()


class Visitor:
    """One person in one browser: visits pages, checks each with axe, keeps a screenshot."""

    def __init__(self, page: Page, base_url: str, shots: Path, counter: list[int]) -> None:
        self.page = page
        self.base_url = base_url
        self.shots = shots
        self._counter = counter
        self._document: Response | None = None
        page.on("response", self._note_document)

    def _note_document(self, response: Response) -> None:
        request = response.request
        if request.resource_type == "document" and request.frame == self.page.main_frame:
            self._document = response

    def url(self, path: str) -> str:
        return path if path.startswith("http") else self.base_url + path

    def visit(self, path: str, name: str) -> None:
        response = self.page.goto(self.url(path))
        assert response is not None and response.status < 500, f"{path} gave {response}"
        self.check(name)

    def check(self, name: str) -> None:
        """Screenshot the page as it is now, fail on any axe violation, check its words."""
        self.page.wait_for_load_state("load")
        self._counter[0] += 1
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
        if SCREENSHOTS_WANTED:
            self.shots.mkdir(parents=True, exist_ok=True)
            self.page.screenshot(
                path=str(self.shots / f"{self._counter[0]:02d}-{slug}.png"), full_page=True
            )
        # The HTML the server sent, for the Nu HTML Checker at the end.
        self.keep_html(name, f"{self.shots.name}--{self._counter[0]:02d}-{slug}.html")
        assert_accessible(self.page, name)
        self.check_words(name, f"{self._counter[0]:02d}-{slug}")

    def keep_html(self, name: str, filename: str) -> None:
        """Keep the HTML the server sent for this page, for the Nu HTML Checker."""
        document = self._document
        html = None
        redirect = document is not None and 300 <= document.status < 400
        if document is not None and document.url == self.page.url and not redirect:
            try:
                html = document.text()
            except Exception:  # the browser let go of the body (rare): use the page as shown
                html = None
        if html is None:
            html = self.page.content()
        valid_html.PAGES.mkdir(parents=True, exist_ok=True)
        (valid_html.PAGES / filename).write_text(html, "utf-8")
        _saved_html[filename] = {"name": name, "url": self.page.url}

    def check_words(self, name: str, filename: str) -> None:
        """Run the plain-language checker over the page's own words, keep the result,
        and fail if they read above READING_AGE_CEILING.

        The crawl in ustogether/plainlanguage/tests/test_ui_words.py checks every kind
        of page in the demo; this checks every state a browser test reaches (errors,
        confirmations, steps of a form). Words without an explanation are recorded, not
        asserted: pages here can show text a test typed that was never saved (the
        writing checker echoes it back, with its findings).
        """
        strings = database_strings() | MONTH_NAMES
        result = check_page(name, self.page.url, main_text(self.page.content()), strings)
        _checked_pages.append(result)
        folder = PAGE_WORDS / self.shots.name
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{filename}.json").write_text(
            json.dumps(result.as_dict(), ensure_ascii=False, indent=1), "utf-8"
        )
        ceiling = READING_AGE_EXCEPTIONS.get(name, (READING_AGE_CEILING, ""))[0]
        if result.reading_age > ceiling:
            hardest = "; ".join(f"{age}: {words!r}" for age, words in result.worst_sentences())
            raise AssertionError(
                f"Our own words on '{name}' ({self.page.url}) read at age {result.reading_age}, "
                f"above {ceiling}. Split the hardest sentences and use shorter words: {hardest}"
            )

    def submit(self, button: str) -> None:
        """Press a button (or a link that looks like one) and wait for the next page.

        Waiting for the navigation, not for a URL, matters: a form with errors,
        or a redirect back to the same page, keeps the URL the same.
        """
        with self.page.expect_navigation():
            self.page.get_by_role("button", name=button, exact=True).click()

    def press_and_wait(self, key: str) -> None:
        """Press a key that submits a form (Enter or Space on a button) and wait."""
        with self.page.expect_navigation():
            self.page.keyboard.press(key)

    # Keyboard helpers: a person who uses only the keyboard moves with Tab and
    # Shift+Tab, ticks with Space and presses buttons with Enter or Space.
    def focused_name(self) -> str:
        return self.page.evaluate(
            """() => {
                const el = document.activeElement;
                if (!el || el === document.body) return '';
                if (el.labels && el.labels.length) return el.labels[0].innerText.trim();
                return (el.getAttribute('aria-label') || el.innerText || el.value || '').trim();
            }"""
        )

    def tab_to(self, name: str, *, backwards: bool = False, limit: int = 80) -> None:
        """Press Tab (or Shift+Tab) until the control named `name` has focus."""
        key = "Shift+Tab" if backwards else "Tab"
        seen = []
        for _ in range(limit):
            self.page.keyboard.press(key)
            current = self.focused_name()
            if current.startswith(name):
                return
            seen.append(current)
        raise AssertionError(f"Tabbing never reached {name!r}. Focus went through: {seen}")

    def type_into(self, name: str, text: str) -> None:
        self.tab_to(name)
        self.page.keyboard.press("Control+A")
        self.page.keyboard.type(text)

    def tick(self, name: str) -> None:
        self.tab_to(name)
        kind = self.page.evaluate("() => document.activeElement.type")
        assert kind == "checkbox", f"{name!r} should be a checkbox but is a {kind}"
        assert not self.page.evaluate("() => document.activeElement.checked"), f"{name} ticked"
        self.page.keyboard.press("Space")
        assert self.page.evaluate("() => document.activeElement.checked"), f"{name} not ticked"


@pytest.fixture
def screenshots_dir(request: pytest.FixtureRequest) -> Path:
    request.config._e2e_used = True  # type: ignore[attr-defined]
    folder = SCREENSHOTS / request.node.name
    for old in [
        *folder.glob("*.png"),
        *(PAGE_WORDS / request.node.name).glob("*.json"),
        *valid_html.PAGES.glob(f"{request.node.name}--*.html"),
    ]:
        old.unlink()
    return folder


@pytest.fixture
def new_visitor(
    browser: Browser, live_server: object, screenshots_dir: Path
) -> Iterator[Callable[[], Visitor]]:
    """Makes a fresh browser (its own cookies) for each person in a test."""
    contexts: list[BrowserContext] = []
    counter = [0]

    def make() -> Visitor:
        # Our Content Security Policy would block the injected axe-core script.
        context = browser.new_context(
            bypass_csp=True, locale="en-GB", viewport={"width": 1024, "height": 768}
        )
        context.set_default_timeout(10_000)
        # axe-core is in every page from the start, so checking a page need not send
        # half a megabyte of script into it first.
        context.add_init_script(path=str(AXE_JS))
        contexts.append(context)
        return Visitor(context.new_page(), str(live_server.url), screenshots_dir, counter)  # type: ignore[attr-defined]

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def visitor(new_visitor: Callable[[], Visitor]) -> Visitor:
    return new_visitor()


def last_email_to(address: str) -> mail.EmailMessage:
    for message in reversed(mail.outbox):
        if address in message.to:
            return message
    raise AssertionError(f"No email to {address}. Sent: {[(m.to, m.subject) for m in mail.outbox]}")


def path_in(message: mail.EmailMessage, path_start: str) -> str:
    """The path of the first link in an email that starts with path_start."""
    match = re.search(rf"https?://[^/\s]+({re.escape(path_start)}\S*)", str(message.body))
    assert match, f"No link to {path_start} in:\n{message.body}"
    return match.group(1)


_last_code: dict[str, int] = {}


def fresh_totp_code(who: str, secret: str = TOTP_SECRET) -> str:
    """The app's code now for this person; if their code was used in this 30-second
    window, wait for the next one, because a code works only once per person (allauth
    marks a code used for that account only, so other people need not wait)."""
    period = 30
    if _last_code.get(who) == int(time.time()) // period:
        time.sleep(period - time.time() % period + 0.2)
    _last_code[who] = int(time.time()) // period
    return totp_code(secret)


def sign_in_with_password(visitor: Visitor, email: str, password: str = TEST_PASSWORD) -> None:
    """Sign in; people with two-step sign-in (admins, finance) type their app's code too."""
    page = visitor.page
    visitor.visit("/accounts/login/", "sign in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    visitor.submit("Sign in")
    if "/accounts/2fa/authenticate/" in page.url:
        visitor.check("type the code from your app")
        page.get_by_label("Code").fill(fresh_totp_code(email))
        visitor.submit("Sign in")
    page.wait_for_url(re.compile(r"/home/$"))
    visitor.check("signed in")


def sign_up(visitor: Visitor, *, name: str, email: str, start: str = "/accounts/signup/") -> None:
    """Create an account and open the link in the email that confirms it."""
    page = visitor.page
    if start:
        visitor.visit(start, "create an account")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Make a password").fill(PASSWORD)
    page.get_by_label("Type your password again").fill(PASSWORD)
    visitor.submit("Create your account")
    page.wait_for_url(re.compile(r"/accounts/confirm-email/$"))
    visitor.check("check your email")
    assert page.locator("h1").inner_text() == "Check your email"

    message = last_email_to(email)
    assert "confirm your email" in message.subject.lower()
    visitor.visit(path_in(message, "/accounts/confirm-email/"), "confirm your email address")
    assert email in page.locator("main").inner_text()
    visitor.submit("Yes, this is my email address")
