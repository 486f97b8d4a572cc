"""Benchmark "You said, we did" and the contribution list with 10,000 contributions.

Run from the repository root:

    .venv/bin/python bench/you_said_we_did.py

It makes a throwaway SQLite database (or uses DATABASE_URL if set to a
PostgreSQL database made for this), one project with 10,000 contributions (a
third shared publicly, half answered, some late, some anonymous) and 200
decisions they informed, and prints one JSON line per figure: the median server
time to render each page through Django's test client, and the number of
database queries it made (fixed as data grows: the tests in
contributions/tests/test_query_counts.py hold them to that).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
workdir = tempfile.mkdtemp(prefix="ustogether-bench-said-")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ustogether.settings")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("MEDIA_ROOT", f"{workdir}/media")
warnings.filterwarnings("ignore", message="No directory at")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from ustogether.contributions.models import Contribution, Response  # noqa: E402
from ustogether.core.testing import make_cast  # noqa: E402
from ustogether.decisions.models import Decision, DecisionContribution  # noqa: E402

CONTRIBUTIONS = int(os.environ.get("BENCH_CONTRIBUTIONS", "10000"))
RUNS = int(os.environ.get("BENCH_RUNS", "30"))


def emit(name: str, value: float, unit: str, runs: int, stat: str) -> None:
    line = {"name": name, "value": round(value, 2), "unit": unit, "runs": runs, "stat": stat}
    print(json.dumps(line | {"contributions": CONTRIBUTIONS}), flush=True)


def measure(client: Client, label: str, url: str) -> None:
    assert client.get(url).status_code == 200, url  # warm up, and make sure it works
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    emit(f"you_said_we_did.{label}_ms", statistics.median(times), "ms", RUNS, "median")
    emit(f"you_said_we_did.{label}_queries", len(queries), "queries", 1, "count")


def make_data() -> tuple[object, int]:
    """Bulk rows (services would take minutes for 10,000): the shapes the services make."""
    cast = make_cast()
    project = cast.project
    now = timezone.now()
    topics = ["Getting there", "What we do in the day", "Food", "Staff", ""]
    people = [cast.member, cast.carer, cast.lead]
    rows = []
    for i in range(CONTRIBUTIONS):
        created = now - dt.timedelta(hours=i)
        answered = i % 2 == 0
        rows.append(
            Contribution(
                project=project,
                author=people[i % 3],
                recorded_by=people[(i + (i % 7 == 0)) % 3],
                consent_given=True,
                route=Contribution.Route.ONLINE if i % 5 else Contribution.Route.PHONE,
                kind=Contribution.Kind.TEXT,
                topic=topics[i % len(topics)],
                text=f"Thing {i}: the bus is late and the room is cold, so I could not stay.",
                sharing=Contribution.Sharing.PUBLIC if i % 3 == 0 else Contribution.Sharing.TEAM,
                anonymous=i % 11 == 0,
                state=Contribution.State.ANSWERED if answered else Contribution.State.NEW,
                created_at=created,
                due_at=created + dt.timedelta(days=28),
                answered_at=now if answered else None,
            )
        )
    contributions = Contribution.objects.bulk_create(rows, batch_size=1000)
    Response.objects.bulk_create(
        [
            Response(
                contribution=c,
                by=cast.lead,
                outcome=Response.Outcome.TAKEN_FORWARD,
                text="We changed the bus times and fixed the heating.",
                tell_by=Response.TellBy.EMAIL,
                told_at=now,
            )
            for c in contributions
            if c.state == Contribution.State.ANSWERED
        ],
        batch_size=1000,
    )
    decisions = Decision.objects.bulk_create(
        [
            Decision(
                project=project,
                title=f"Decision {n}",
                details="We will.",
                decided_on=now.date(),
                method=Decision.Method.CONSENSUS,
                created_by=cast.lead,
                published_at=now,
            )
            for n in range(200)
        ]
    )
    DecisionContribution.objects.bulk_create(
        [
            DecisionContribution(decision=decisions[i % 200], contribution=c, linked_by=cast.lead)
            for i, c in enumerate(contributions[::5])
        ],
        batch_size=1000,
    )
    return cast, project.pk


def main() -> None:
    setup_test_environment()
    call_command("migrate", verbosity=0)
    cast, project_id = make_data()
    lead = Client()
    lead.force_login(cast.lead)  # type: ignore[attr-defined]
    member = Client()
    member.force_login(cast.member)  # type: ignore[attr-defined]
    public = reverse("contributions:you_said_we_did", args=[project_id])
    listing = reverse("contributions:list", args=[project_id])
    measure(Client(), "public_page", public)
    measure(member, "page_as_member", public)
    measure(Client(), "easy_read", reverse("contributions:easy_read", args=[project_id]))
    measure(lead, "contribution_list_as_co_lead", listing)
    measure(lead, "late_list_as_co_lead", listing + "?show=overdue")
    measure(member, "contribution_list_as_member", listing)
    measure(Client(), "decisions", reverse("decisions:list", args=[project_id]))


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
