"""Benchmark the busiest pages against a bare Django page, served by gunicorn, on demo data.

Run from the repository root:

    .venv/bin/python bench/pages.py

It makes a throwaway SQLite database (or uses DATABASE_URL if set to a
PostgreSQL database made for this), loads the demo data, starts gunicorn with
one worker as production does (`bench/_site.py`), and asks it for each page in
turn. It prints one JSON line per figure:

- ``pages.<page>_vs_bare``: the server CPU time per request of the page,
  divided by that of the *bare page* measured in the same run (see
  `bench/_site.py`: one indexed query for 50 rows, a 50-row table, for a visitor
  who is not signed in). Each line gives the page's ``limit``: public pages may
  cost at most 1.0 times the bare page, signed-in pages at most 1.5 times.
- ``pages.<page>_cpu_us``: the page's CPU time per request in microseconds (for
  scale only: machines differ, so compare the ratios, not these).
- ``pages.<page>_queries``: how many database queries one request makes.

What is measured is the CPU time the gunicorn worker spends on each request,
read from the kernel (``/proc/<pid>/schedstat``, in nanoseconds) before the
request and after the answer: HTTP, Django, the database driver and gzip all
count, time spent waiting for a turn on a busy machine does not, and neither
does the program asking. The pages take turns in rounds (every page once per
round, in a shuffled order), so anything that slows the machine for a while
slows every page alike; each figure is the median over the rounds. Requests
ask for compression, as browsers do.

Adding the pages of a new app: add a ``Page`` to ``PAGES`` below with the
page's label, the demo account that views it (``None`` for someone not signed
in), and a function that returns its URL once the demo data is loaded, e.g.

    Page("meeting", LEAD, lambda: reverse("meetings:detail", args=[demo_meeting().pk])),

Its limit follows from who views it (``PUBLIC_LIMIT`` or ``SIGNED_IN_LIMIT``).
"""

from __future__ import annotations

import http.client
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
workdir = tempfile.mkdtemp(prefix="ustogether-bench-")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from bench._site import BARE_URL, add_bare_rows  # noqa: E402  (sets Django up)
from ustogether.meetings.models import Meeting  # noqa: E402
from ustogether.payments.models import Claim  # noqa: E402
from ustogether.people.models import Organisation, Person  # noqa: E402
from ustogether.projects.models import Project  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "300"))
PUBLIC_LIMIT = 1.0
SIGNED_IN_LIMIT = 1.5
LEAD = "lead@demo.ustogether.test"
MEMBER = "member@demo.ustogether.test"
FINANCE = "finance@demo.ustogether.test"


def demo_council() -> Organisation:
    return Organisation.objects.get(
        slug=Person.objects.get(email=FINANCE).organisation_roles.get().organisation.slug
    )


def demo_claim() -> Claim:
    """An agreed claim waiting to be paid: the page a finance officer works on most."""
    claim = Claim.objects.filter(status="approved").order_by("pk").first()
    assert claim is not None
    return claim


def demo_project() -> Project:
    """The first public demo project, which the demo lead leads."""
    project = Project.objects.filter(visibility="public").order_by("pk").first()
    assert project is not None
    return project


def demo_meeting(title: str) -> Meeting:
    """A demo meeting (see meetings/demo_data.py), by its title."""
    return Meeting.objects.get(title=title)


def demo_lead_organisation() -> str:
    """The demo lead's organisation (its scorecard is not published)."""
    return Person.objects.get(email=LEAD).organisation_roles.get().organisation.slug


def demo_trust() -> str:
    """The demo organisation that has published its scorecard."""
    from ustogether.quality.models import PublishedScorecard

    published = PublishedScorecard.objects.select_related("organisation").first()
    assert published is not None
    return published.organisation.slug


@dataclass(frozen=True)
class Page:
    label: str
    who: str | None  # the demo account that views the page; None: not signed in
    url: Callable[[], str]  # called once the demo data is loaded

    @property
    def limit(self) -> float:
        return PUBLIC_LIMIT if self.who is None else SIGNED_IN_LIMIT


# The pages measured. Add each new app's pages here (see the docstring at the top).
PAGES = [
    Page("public_projects", None, lambda: reverse("projects:public_list")),
    Page("public_project", None, lambda: reverse("projects:detail", args=[demo_project().pk])),
    Page("your_projects", LEAD, lambda: reverse("people:home")),
    Page("project_as_co_lead", LEAD, lambda: reverse("projects:detail", args=[demo_project().pk])),
    Page("members", LEAD, lambda: reverse("projects:members", args=[demo_project().pk])),
    Page("audit_trail", LEAD, lambda: reverse("projects:events", args=[demo_project().pk])),
    Page(
        "you_said_we_did",
        None,
        lambda: reverse("contributions:you_said_we_did", args=[demo_project().pk]),
    ),
    Page(
        "contributions_as_co_lead",
        LEAD,
        lambda: reverse("contributions:list", args=[demo_project().pk]),
    ),
    Page("decisions", None, lambda: reverse("decisions:list", args=[demo_project().pk])),
    Page(
        "meeting_as_organiser",
        LEAD,
        lambda: (
            (m := demo_meeting("Choosing new day activities together"))
            and reverse("meetings:detail", args=[m.project_id, m.pk])
        ),
    ),
    Page(
        "date_poll",
        LEAD,
        lambda: (
            (m := demo_meeting("Review group: what we heard"))
            and reverse("meetings:poll", args=[m.project_id, m.pk])
        ),
    ),
    Page("payment_policy", None, lambda: reverse("payments:policy", args=[demo_council().slug])),
    Page("your_claims", MEMBER, lambda: reverse("payments:home")),
    Page("claims_queue", FINANCE, lambda: reverse("payments:queue", args=[demo_council().slug])),
    Page("claim_as_finance", FINANCE, lambda: reverse("payments:claim", args=[demo_claim().pk])),
    Page(
        "project_scorecard",
        LEAD,
        lambda: reverse("quality:project_scorecard", args=[demo_project().pk]),
    ),
    Page(
        "org_scorecard",
        LEAD,
        lambda: reverse("quality:org_scorecard", args=[demo_lead_organisation()]),
    ),
    Page(
        "published_scorecard", None, lambda: reverse("quality:org_scorecard", args=[demo_trust()])
    ),
]


# ---------------------------------------------------------------------------


def emit(name: str, value: float, unit: str, runs: int, stat: str, **extra: object) -> None:
    line = {"name": name, "value": round(value, 2), "unit": unit, "runs": runs, "stat": stat}
    print(json.dumps(line | extra), flush=True)


class Server:
    """gunicorn with one worker, as `make production` runs it, on a free port."""

    def __init__(self) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.process = subprocess.Popen(  # noqa: S603 (our own gunicorn, fixed arguments)
            [
                str(ROOT / ".venv" / "bin" / "gunicorn"),
                "bench._site:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                "1",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=os.environ | {"PYTHONPATH": str(ROOT)},
        )
        for _ in range(300):
            try:
                self.worker = int(self.get("/bench/whoami/", ""))
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("gunicorn did not start")

    def get(self, url: str, cookie: str) -> str:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Accept-Encoding": "gzip, deflate, br"}
        if cookie:
            headers["Cookie"] = cookie
        conn.request("GET", url, headers=headers)
        response = conn.getresponse()
        body = response.read()
        conn.close()
        assert response.status == 200, (url, response.status)
        return body.decode("utf-8", errors="replace")

    def cpu_ns(self) -> int:
        """The worker's CPU time so far, in nanoseconds."""
        with open(f"/proc/{self.worker}/schedstat") as stat:
            return int(stat.read().split()[0])

    def cpu_of_one(self, url: str, cookie: str) -> float:
        before = self.cpu_ns()
        self.get(url, cookie)
        return (self.cpu_ns() - before) / 1e9

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def session_cookie(email: str) -> str:
    client = Client()
    client.force_login(Person.objects.get(email=email))
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def query_count(url: str, email: str | None) -> int:
    client = Client()
    if email:
        client.force_login(Person.objects.get(email=email))
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return len(queries)


def main() -> None:
    call_command("migrate", verbosity=0)
    call_command("seed_demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    add_bare_rows()
    cookies = {who: session_cookie(who) for who in {p.who for p in PAGES} if who}
    targets = [("bare", BARE_URL, "")] + [
        (page.label, page.url(), cookies.get(page.who or "", "")) for page in PAGES
    ]
    connection.close()  # the server has the database to itself while it is timed

    server = Server()
    try:
        for _label, url, cookie in targets:  # warm up every cache before timing
            for _ in range(5):
                server.get(url, cookie)
        times: dict[str, list[float]] = {label: [] for label, _u, _c in targets}
        order = list(targets)
        rng = random.Random(14)  # noqa: S311 (an order of pages, not a secret)
        for _ in range(ROUNDS):
            rng.shuffle(order)
            for label, url, cookie in order:
                times[label].append(server.cpu_of_one(url, cookie))
    finally:
        server.stop()

    bare = statistics.median(times["bare"])
    emit("pages.bare_cpu_us", bare * 1e6, "us", ROUNDS, "median")
    for page, (label, url, _cookie) in zip(PAGES, targets[1:], strict=True):
        cpu = statistics.median(times[label])
        emit(
            f"pages.{label}_vs_bare",
            cpu / bare,
            "x",
            ROUNDS,
            "median server CPU per request / the bare page's",
            limit=page.limit,
        )
        emit(f"pages.{label}_cpu_us", cpu * 1e6, "us", ROUNDS, "median")
        emit(f"pages.{label}_queries", query_count(url, page.who), "queries", 1, "count")


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
