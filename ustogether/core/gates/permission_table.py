"""The permission table: every page, tried as every kind of person.

Each app lists its URL patterns as ``ROWS`` in ``<app>/tests/test_permissions*.py``
and runs them with four lines::

    from ustogether.core.gates.permission_table import READERS, MANAGERS, Row, Case, cases, posted

    ROWS = [
        Row("meetings:list", args=lambda c: [c.project.pk], get=READERS),
        Row("meetings:cancel", args=_meeting, get=POST_ONLY, post=posted(MANAGERS),
            data={"reason": "The room flooded."}),
    ]

    @pytest.mark.parametrize("case", cases(ROWS), ids=str)
    def test_who_gets_which_page(case: Case) -> None:
        case.run()

A row says what each of the nine kinds of person gets (the HTTP status) on a
PUBLIC project; on a members-only project the table works out the rest (anyone
who is not a member or the organisation's admin gets 404, so the project stays
hidden). Each case, on a real database:

- asks for the page as each person and compares the status with the row;
- checks anonymous people are sent to sign in, not shown a refusal;
- checks a GET changes nothing: no INSERT, UPDATE or DELETE outside the tables
  in GET_MAY_WRITE (sessions, the limits' cache, the audit log);
- checks a refused POST changes nothing either, and undoes each allowed POST
  so the next person finds the page as it was;
- checks another project's (or organisation's) object answers 404: the URL
  with this project and an object of a second one, asked by this project's
  most powerful person;
- checks every response's security headers as production sends them
  (``gates/headers.py``): the headers gate.

``ustogether/core/tests/test_every_url.py`` fails on any URL pattern with no row
anywhere, naming it. See docs/gates.md.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.http import HttpResponse
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ustogether.core.gates.headers import HTTPS, header_problems, production_security
from ustogether.core.gates.urls import routes
from ustogether.core.testing import Cast, make_cast
from ustogether.people.models import Person
from ustogether.projects.models import Project

# The nine kinds of person, from no rights to most. `neighbour` is the co-lead of
# another project of the same organisation; `sysadmin` runs the site (admin site
# only, no project role).
PEOPLE = (
    "anonymous",
    "outsider",
    "neighbour",
    "finance",
    "sysadmin",
    "observer",
    "member",
    "lead",
    "org_admin",
)
# People who are neither members of the project nor its organisation's admins.
NOT_IN_PROJECT = ("outsider", "neighbour", "finance", "sysadmin")

Expect = Mapping[str, int]


def expect(base: Expect | int, **changes: int) -> dict[str, int]:
    """A row of statuses: a base row (or one status for everyone) with some people changed."""
    row = dict.fromkeys(PEOPLE, base) if isinstance(base, int) else dict(base)
    unknown = set(changes) - set(PEOPLE)
    if unknown:
        raise ValueError(f"Not a kind of person: {sorted(unknown)}. The kinds: {PEOPLE}")
    row.update(changes)
    return row


ANYONE = expect(200)
SIGNED_IN = expect(200, anonymous=302)
# A project's members' pages: members and the organisation's admins read them.
READERS = expect(SIGNED_IN, **dict.fromkeys(NOT_IN_PROJECT, 403))
# Members who are not observers write (the agreement, contributions).
WRITERS = expect(READERS, observer=403)
# Co-leads and the organisation's admins manage.
MANAGERS = expect(WRITERS, member=403)
# A form that only takes POST: a GET is refused (405) after the sign-in check.
POST_ONLY = expect(405, anonymous=302)


def posted(row: Expect) -> dict[str, int]:
    """The same row for a POST: a good POST sends the person on (302), not 200."""
    return {who: 302 if status == 200 else status for who, status in row.items()}


def on_members_only_project(who: str, public: int) -> int:
    """What a person gets on a members-only project, given what they get on a public one:
    the project is hidden (404) from everyone outside it; anonymous people are sent to
    sign in where the page needs it, and otherwise find nothing. A GET of a form that
    only takes POST is refused (405) before the project is looked at."""
    if public == 405:
        return 405
    if who in NOT_IN_PROJECT:
        return 404
    if who == "anonymous":
        return 302 if public == 302 else 404
    return public


ArgsFor = Callable[[Cast], Sequence[Any]]
DataFor = Callable[[Cast], Mapping[str, Any]]
# Tables a GET (or a refused POST) may write to, and why.
GET_MAY_WRITE = {
    "django_session": "signing in and messages keep the session up to date",
    settings.CACHE_TABLE: "the limits count requests in the shared cache",
    "core_auditevent": "looking at sensitive data, and refusals, are recorded (issue 11, point 6)",
}


def _no_args(cast: Cast) -> list[Any]:
    return []


@dataclass(frozen=True)
class Row:
    """One URL pattern: what each kind of person gets from it."""

    name: str  # the URL name, "namespace:name" as reverse() takes it
    args: ArgsFor = _no_args  # the URL's arguments; may make the objects they point at
    get: Expect | None = None  # the status for each person on GET (None: not tried)
    post: Expect | None = None  # the status for each person on POST (None: not tried)
    data: Mapping[str, Any] | DataFor = field(default_factory=dict)
    # For a members-only project, statuses that differ from on_members_only_project().
    members_only: Expect = field(default_factory=dict)
    # Where anonymous people are sent to sign in (None: account_login).
    sign_in: str | None = None
    # Try another project's object in this project's URL (on by default when the URL
    # has two or more arguments). Turn off only with a reason in `why`.
    cross: bool = True
    why: str = ""

    def __post_init__(self) -> None:
        for label, row in (("get", self.get), ("post", self.post)):
            if row is not None and set(row) != set(PEOPLE):
                missing = sorted(set(PEOPLE) - set(row))
                raise ValueError(
                    f"Row {self.name} {label}: say what each kind of person gets; "
                    f"missing {missing}. Start from a row like READERS with expect()."
                )
        if self.get is None and self.post is None:
            raise ValueError(f"Row {self.name}: give get=, post= or both.")
        if not self.cross and not self.why:
            raise ValueError(f"Row {self.name}: cross=False needs a reason in why=.")


@dataclass(frozen=True)
class Case:
    """One row on one kind of project: a test case of the table."""

    row: Row
    visibility: str  # "public", "members", or "site" for a page with no project

    def __str__(self) -> str:
        return f"{self.row.name}-{self.visibility}"

    def expected(self, method: str, who: str) -> int:
        row = self.row.get if method == "GET" else self.row.post
        assert row is not None
        public = row[who]
        if self.visibility != "members":
            return public
        if who in self.row.members_only:
            return self.row.members_only[who]
        return on_members_only_project(who, public)

    def run(self) -> None:
        # Uploads made for a row land in a folder of their own, removed afterwards.
        with (
            tempfile.TemporaryDirectory() as media,
            override_settings(MEDIA_ROOT=media, **production_security()),
        ):
            self._run()

    def _run(self) -> None:
        visibility = (
            Project.Visibility.MEMBERS
            if self.visibility == "members"
            else Project.Visibility.PUBLIC
        )
        cast = make_cast(visibility=visibility)
        for who in PEOPLE:  # made now, not inside a request that is undone
            person(cast, who)
        args = list(self.row.args(cast))
        url = reverse(self.row.name, args=args)
        data = self.row.data(cast) if callable(self.row.data) else self.row.data
        problems: list[str] = []
        for method in ("GET", "POST"):
            if (self.row.get if method == "GET" else self.row.post) is None:
                continue
            for who in PEOPLE:
                problems += self._try(cast, who, method, url, data)
        if self.row.cross and len(args) >= 2 and self.visibility != "members":
            problems += self._try_other_projects_object(cast, args, data)
        assert not problems, (
            f"Permission table, {self.row.name} ({url}) on a {self.visibility} project:\n  "
            + "\n  ".join(problems)
        )

    def _try(
        self, cast: Cast, who: str, method: str, url: str, data: Mapping[str, Any]
    ) -> list[str]:
        expected = self.expected(method, who)
        # Each person tries on the same objects, so whatever a POST did is undone.
        with transaction.atomic():
            client = Client()
            person = None if who == "anonymous" else getattr(cast, who)
            if person is not None:
                client.force_login(person)
            with CaptureQueriesContext(connection) as queries:
                response = _send(client, method, url, data)
            transaction.set_rollback(True)
        problems = []
        status = response.status_code
        if status != expected:
            problems.append(f"{who} {method}: got {status}, expected {expected}{_hint(response)}")
        refused = status >= 400 or (status == 302 and self._to_sign_in(response))
        if method == "GET" or refused:
            written = _writes(queries.captured_queries)
            if written:
                problems.append(
                    f"{who} {method} ({status}) changed {written}: a "
                    + ("GET" if method == "GET" else "refused POST")
                    + " must change nothing"
                )
        sent_elsewhere = status == 302 and not self._to_sign_in(response)
        if who == "anonymous" and expected == 302 and sent_elsewhere:
            problems.append(
                f"anonymous {method} was sent to {response['Location']}, not to sign in"
            )
        for problem in header_problems(response, signed_in=person is not None):
            problems.append(f"{who} {method} ({status}) headers: {problem}")
        return problems

    def _to_sign_in(self, response: HttpResponse) -> bool:
        target = self.row.sign_in or reverse("account_login")
        return bool(response.get("Location", "").startswith(target))

    def _try_other_projects_object(
        self, cast: Cast, args: list[Any], data: Mapping[str, Any]
    ) -> list[str]:
        """This project in the URL, the rest from another project, as this project's
        most powerful person: the object is not here, so 404 (never 403 or 200)."""
        other = make_cast(visibility=Project.Visibility.PUBLIC)
        mixed = [args[0], *list(self.row.args(other))[1:]]
        url = reverse(self.row.name, args=mixed)
        problems = []
        for method, row in (("GET", self.row.get), ("POST", self.row.post)):
            if row is None or (row["lead"] == 405 and method == "GET"):
                continue
            who = _most_powerful(row)
            if who is None:
                continue
            with transaction.atomic():
                client = Client()
                if who != "anonymous":
                    client.force_login(getattr(cast, who))
                response = _send(client, method, url, data)
                transaction.set_rollback(True)
            if response.status_code != 404:
                problems.append(
                    f"{who} {method} {url}, with another project's object: got "
                    f"{response.status_code}, expected 404"
                )
        return problems


def _send(client: Client, method: str, url: str, data: Mapping[str, Any]) -> HttpResponse:
    """One request as it reaches production: through the TLS proxy."""
    if method == "GET":
        return client.get(url, headers=HTTPS)  # type: ignore[return-value]
    return client.post(url, data, headers=HTTPS)  # type: ignore[return-value]


def _most_powerful(row: Expect) -> str | None:
    for who in reversed(PEOPLE):
        if 200 <= row[who] < 400 and who != "anonymous":
            return who
    return None


def _hint(response: HttpResponse) -> str:
    if response.status_code in (301, 302):
        return f" (sent to {response['Location']})"
    return ""


_WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?([\w.]+)"?', re.IGNORECASE)


def _writes(queries: list[dict[str, Any]]) -> list[str]:
    tables = []
    for query in queries:
        match = _WRITE.match(str(query["sql"]))
        if match and match.group(1) not in GET_MAY_WRITE:
            tables.append(match.group(1))
    return sorted(set(tables))


def cases(rows: Sequence[Row]) -> list[Case]:
    """The test cases for some rows: both kinds of project for a project's pages."""
    known = routes()
    out = []
    for row in rows:
        route = known.get(row.name, "")
        if "<int:project_id>" in route:
            out += [Case(row, "public"), Case(row, "members")]
        else:
            out.append(Case(row, "site"))
    return out


def person(cast: Cast, who: str) -> Person | None:
    return None if who == "anonymous" else getattr(cast, who)


def _table_modules() -> Iterator[tuple[str, str, Any]]:
    """(app label, module name, module) for every app's test_permissions*.py."""
    root = Path(__file__).resolve().parents[2]
    for path in sorted(root.glob("*/tests/test_permissions*.py")):
        module_name = ".".join(path.relative_to(root.parent).with_suffix("").parts)
        try:
            module = import_module(module_name)
        except pytest.skip.Exception:  # rows for an app not yet landed (importorskip)
            continue
        yield path.parts[-3], module_name, module


def all_rows() -> Iterator[tuple[str, Row]]:
    """Every row in every app's permission table, with the module it is in."""
    for _app, module_name, module in _table_modules():
        for row in getattr(module, "ROWS", []):
            yield module_name, row


# Names apps' own tables use for people (the cast's `carer` too).
_PERSON_NAMES = {*PEOPLE, "carer"}


def _is_people_row(value: Any) -> bool:
    """A dict of person -> status, or a set of people: one row of an app's own table."""
    if isinstance(value, dict):
        return len(value) >= 3 and set(value) <= _PERSON_NAMES
    if isinstance(value, set | frozenset):
        return bool(value) and value <= _PERSON_NAMES
    if isinstance(value, tuple | list):
        return any(_is_people_row(part) for part in value)
    return False


def own_table_names() -> dict[str, str]:
    """URL names covered by an app's own permission table, in the form the apps used
    before Row (a module-level dict of page name -> who gets what), with the module.
    They count as in a permission table; their own tests check the statuses. Moving
    them to ROWS adds the headers, no-writes-on-GET and other-project checks."""
    covered = {}
    for app, module_name, module in _table_modules():
        for value in vars(module).values():
            if not isinstance(value, dict) or not value:
                continue
            for key, row in value.items():
                if isinstance(key, str) and _is_people_row(row):
                    # "detail" in the app's own namespace, or a full "decisions:detail".
                    name = key.strip() if ":" in key else f"{app}:{key.strip()}"
                    covered[name] = module_name
    return covered
