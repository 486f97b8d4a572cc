"""Benchmark the busiest pages against a bare Django page, in one process, on demo data.

Run from the repository root:

    .venv/bin/python bench/pages.py

It makes a throwaway SQLite database (or uses DATABASE_URL if set to a
PostgreSQL database made for this), loads the demo data, and prints one JSON
line per figure:

- ``pages.<page>_vs_bare``: the server CPU time per request of the page,
  divided by that of a *bare page*, measured in the same run. The bare page is
  what a plain Django view costs: one indexed query for 50 rows, rendered as a
  50-row table by a template of its own, through the same settings and
  middleware as every other page, for a visitor who is not signed in. Each line
  also gives the page's ``limit``: public pages must cost at most 1.0 times the
  bare page, signed-in pages at most 1.5 times.
- ``pages.<page>_cpu_us``: the same page's CPU time per request, in microseconds
  (for scale only: machines differ, so compare ratios, not these).
- ``pages.<page>_queries``: how many database queries one request makes.

CPU time, not the clock, is what is measured (``time.process_time``), so time
the process spends waiting for its turn on a busy machine does not count. The
pages take turns in rounds (every page once per round, in a shuffled order), so
anything that slows the machine for a while slows every page alike; the figure
for each page is the median over the rounds. Requests ask for gzip, as browsers
do, so compressing the page is counted too. Django's test environment is not
set up: it records every template rendered, which a real server does not do.

Adding the pages of a new app: add a ``Page`` to ``PAGES`` below with the
page's label, the account that views it (``None`` for someone not signed in),
and a function that returns its URL once the demo data is loaded, e.g.

    Page("meeting", LEAD, lambda: reverse("meetings:detail", args=[demo_meeting().pk])),

The limit follows from who views it (``PUBLIC_LIMIT`` or ``SIGNED_IN_LIMIT``).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
workdir = tempfile.mkdtemp(prefix="ustogether-bench-")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ustogether.settings")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
# WhiteNoise warns that collectstatic has not run; pages here need no static files.
warnings.filterwarnings("ignore", message="No directory at")

import django  # noqa: E402

django.setup()

from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpRequest, HttpResponse  # noqa: E402
from django.template import engines  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402
from django.urls import include, path, reverse  # noqa: E402

from ustogether.core.models import AuditEvent  # noqa: E402
from ustogether.people.models import Person  # noqa: E402
from ustogether.projects.models import Project  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "300"))
PUBLIC_LIMIT = 1.0
SIGNED_IN_LIMIT = 1.5
LEAD = "lead@demo.ustogether.test"


# ---------------------------------------------------------------------------
# The bare page: one indexed query, a 50-row table, a template of its own.
# ---------------------------------------------------------------------------

BARE_TEMPLATE = engines["django"].from_string(
    """<!DOCTYPE html>
<html lang="en-gb"><head><meta charset="utf-8"><title>Events</title></head>
<body><main><h1>Events</h1>
<table><thead><tr><th>When</th><th>What</th><th>On</th><th>Number</th></tr></thead>
<tbody>{% for event in events %}<tr><td>{{ event.created_at|date:"j M Y, H:i" }}</td>
<td>{{ event.verb }}</td><td>{{ event.subject_label }}</td><td>{{ event.pk }}</td></tr>
{% endfor %}</tbody></table></main></body></html>"""
)


BARE_SCOPE: dict[str, int] = {}  # the content type and id the bare page's rows hang off


def bare_page(request: HttpRequest) -> HttpResponse:
    # The audit table's (scope_type, scope_id, -created_at) index serves this query.
    events = AuditEvent.objects.filter(
        scope_type_id=BARE_SCOPE["type"], scope_id=BARE_SCOPE["id"]
    ).order_by("-created_at")[:50]
    return HttpResponse(BARE_TEMPLATE.render({"events": events}, request))


class BenchUrls:
    """The site's own URLs, and the bare page beside them."""

    urlpatterns = [path("bench/bare/", bare_page), path("", include("ustogether.urls"))]


def add_bare_rows() -> None:
    """50 audit rows that belong to no project, so no measured page shows them."""
    scope = Person.objects.get(email="sysadmin@demo.ustogether.test")
    BARE_SCOPE.update(type=ContentType.objects.get_for_model(Person).pk, id=scope.pk)
    for n in range(50):
        AuditEvent.objects.create(
            scope_type_id=BARE_SCOPE["type"],
            scope_id=scope.pk,
            verb="bench.row",
            subject_label=f"Row {n}",
            data={},
        )


# ---------------------------------------------------------------------------
# The pages measured. Add new apps' pages here (see the docstring at the top).
# ---------------------------------------------------------------------------


def demo_project() -> Project:
    """The first public demo project, which the demo lead leads."""
    project = Project.objects.filter(visibility="public").order_by("pk").first()
    assert project is not None
    return project


@dataclass(frozen=True)
class Page:
    label: str
    who: str | None  # the demo account that views the page; None: not signed in
    url: Callable[[], str]  # called once the demo data is loaded

    @property
    def limit(self) -> float:
        return PUBLIC_LIMIT if self.who is None else SIGNED_IN_LIMIT


PAGES = [
    Page("public_projects", None, lambda: reverse("projects:public_list")),
    Page("public_project", None, lambda: reverse("projects:detail", args=[demo_project().pk])),
    Page("your_projects", LEAD, lambda: reverse("people:home")),
    Page("project_as_co_lead", LEAD, lambda: reverse("projects:detail", args=[demo_project().pk])),
    Page("members", LEAD, lambda: reverse("projects:members", args=[demo_project().pk])),
    Page("audit_trail", LEAD, lambda: reverse("projects:events", args=[demo_project().pk])),
]


# ---------------------------------------------------------------------------


def emit(name: str, value: float, unit: str, runs: int, stat: str, **extra: object) -> None:
    line = {"name": name, "value": round(value, 2), "unit": unit, "runs": runs, "stat": stat}
    print(json.dumps(line | extra))


def cpu_of_one(client: Client, url: str) -> float:
    start = time.process_time()
    response = client.get(url, headers={"accept-encoding": "gzip, deflate, br"})
    spent = time.process_time() - start
    assert response.status_code == 200, (url, response.status_code)
    return spent


def main() -> None:
    call_command("migrate", verbosity=0)
    call_command("seed_demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    add_bare_rows()

    clients: dict[str | None, Client] = {None: Client()}
    targets: list[tuple[str, Client, str]] = [("bare", clients[None], "/bench/bare/")]
    for page in PAGES:
        if page.who not in clients:
            clients[page.who] = Client()
            clients[page.who].force_login(Person.objects.get(email=page.who))
        targets.append((page.label, clients[page.who], page.url()))

    for _label, client, url in targets:  # warm up every cache before timing
        for _ in range(5):
            cpu_of_one(client, url)

    times: dict[str, list[float]] = {label: [] for label, _c, _u in targets}
    order = list(targets)
    rng = random.Random(14)  # noqa: S311 (an order of pages, not a secret)
    for _ in range(ROUNDS):
        rng.shuffle(order)
        for label, client, url in order:
            times[label].append(cpu_of_one(client, url))

    bare = statistics.median(times["bare"])
    emit("pages.bare_cpu_us", bare * 1e6, "us", ROUNDS, "median")
    for page in PAGES:
        _label, client, url = next(t for t in targets if t[0] == page.label)
        cpu = statistics.median(times[page.label])
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        emit(
            f"pages.{page.label}_vs_bare",
            cpu / bare,
            "x",
            ROUNDS,
            "median CPU per request / bare page's",
            limit=page.limit,
        )
        emit(f"pages.{page.label}_cpu_us", cpu * 1e6, "us", ROUNDS, "median")
        emit(f"pages.{page.label}_queries", len(queries), "queries", 1, "count")


if __name__ == "__main__":
    try:
        with override_settings(ROOT_URLCONF=BenchUrls):
            main()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
