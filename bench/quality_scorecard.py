"""Benchmark the organisation's co-production scorecard on PostgreSQL, with
1,000,000 checklist answers over 10,000 meetings in 200 projects.

Run from the repository root:

    .venv/bin/python bench/quality_scorecard.py

It needs PostgreSQL: DATABASE_URL if it points at one made for this, otherwise
it makes a throwaway database on postgres://postgres@127.0.0.1:5432 (set
BENCH_PG_SERVER to use another server) and drops it at the end. Without
PostgreSQL it prints a line saying it was skipped.

Its own data generator (below) fills one organisation with 200 projects, each
with its stages, 10 members, 50 meetings (every member invited, most there, a
decision at one in five) and a check about each meeting; every check was answered by 5 people
on 20 statements: 10,000 checks x 100 answers = 1,000,000 answers, kept as the
totals the site keeps (see quality/models.py). Then it asks for the scorecard
page as one of the organisation's staff would, through Django's test client,
and prints one JSON line per figure:

- ``quality.org_scorecard_1m_ms``: the median CPU time for the whole page
  (target under 300 ms): the time this process (Django, rendering) and its
  PostgreSQL backend spend on it, read from the kernel, so that time spent
  waiting for a turn on a shared, busy machine does not count. PostgreSQL is
  asked not to use parallel workers here, so its one backend does all the work;
- ``quality.org_scorecard_1m_wall_ms``: the median wall-clock time, for scale;
- ``quality.org_scorecard_1m_queries``: how many queries the page makes;
- ``quality.org_scorecard_seed_s``: how long making the data took (for scale).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import statistics
import sys
import time
import uuid
import warnings
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ustogether.settings")
os.environ.setdefault("DEBUG", "0")
warnings.filterwarnings("ignore", message="No directory at")

PROJECTS = int(os.environ.get("BENCH_QUALITY_PROJECTS", "200"))
CHECKS_PER_PROJECT = int(os.environ.get("BENCH_QUALITY_CHECKS", "50"))
MEMBERS_PER_PROJECT = 10
ANSWERS_PER_CHECK = 5
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "15"))
TARGET_MS = 300


def emit(name: str, value: float, unit: str, runs: int, stat: str, **extra: object) -> None:
    line = {"name": name, "value": round(value, 2), "unit": unit, "runs": runs, "stat": stat}
    print(json.dumps(line | extra), flush=True)


def _cpu_s(pid: int) -> float:
    """A local process's CPU time so far, in seconds, from the kernel (as bench/pages.py)."""
    with open(f"/proc/{pid}/schedstat") as stat:
        return int(stat.read().split()[0]) / 1e9


def _throwaway_database() -> tuple[str, str] | None:
    """Make an empty PostgreSQL database; None when no server answers."""
    import psycopg

    server = os.environ.get("BENCH_PG_SERVER", "postgres://postgres@127.0.0.1:5432")
    name = f"ustogether_bench_quality_{uuid.uuid4().hex[:8]}"
    try:
        with psycopg.connect(f"{server}/postgres", autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError:
        return None
    return server, name


def _drop(server: str, name: str) -> None:
    import psycopg

    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def seed() -> tuple[object, object]:
    """One organisation, its admin, and everything the scorecard reads. Bulk inserts
    (no services: a million answers through the answering service would take hours,
    and what is measured is reading, not writing)."""
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from ustogether.core.testing import give_two_step
    from ustogether.decisions.models import Decision
    from ustogether.meetings.models import Invitee, Meeting
    from ustogether.people.models import Organisation, OrganisationMembership, Person
    from ustogether.projects.models import Membership, NeededPerspective, Project, Stage
    from ustogether.quality.models import Check, Rung, RungTally, Tally
    from ustogether.quality.services import checklist_for, summarise
    from ustogether.quality.statements import Choice

    rng = random.Random(2026)  # noqa: S311 (made-up data, not secrets)
    password = make_password(None)
    admin = Person.objects.create(
        email="admin@bench.example", full_name="Bench Admin", password=password
    )
    organisation = Organisation.objects.create(
        name="Bench Council", slug="bench-council", kind=Organisation.Kind.COUNCIL
    )
    OrganisationMembership.objects.create(
        organisation=organisation, person=admin, role=OrganisationMembership.Role.ADMIN
    )
    give_two_step(admin)
    people = Person.objects.bulk_create(
        Person(email=f"p{n}@bench.example", full_name=f"Person {n}", password=password)
        for n in range(PROJECTS * 3)
    )
    projects = Project.objects.bulk_create(
        Project(
            organisation=organisation,
            title=f"Project {n:03d}",
            purpose="Benchmark.",
            created_by=admin,
            visibility=Project.Visibility.PUBLIC if n % 4 else Project.Visibility.MEMBERS,
        )
        for n in range(PROJECTS)
    )
    kinds = [Stage.Kind.UNDERSTAND, Stage.Kind.DESIGN, Stage.Kind.DELIVER, Stage.Kind.REVIEW]
    stages = Stage.objects.bulk_create(
        Stage(project=p, name=str(kind.label), kind=kind, order=i)
        for p in projects
        for i, kind in enumerate(kinds)
    )
    by_project: dict[int, list[Stage]] = {}
    for stage in stages:
        by_project.setdefault(stage.project_id, []).append(stage)
    for project in projects:
        project.current_stage = by_project[project.pk][rng.randrange(4)]
    Project.objects.bulk_update(projects, ["current_stage"])
    perspectives = ["lived_experience", "carer", "professional"]
    memberships = []
    for project in projects:
        chosen = rng.sample(people, MEMBERS_PER_PROJECT)
        for i, person in enumerate(chosen):
            memberships.append(
                Membership(
                    project=project,
                    person=person,
                    role=Membership.Role.CO_LEAD if i == 0 else Membership.Role.MEMBER,
                    perspective=perspectives[i % 3],
                    stage_joined=by_project[project.pk][rng.randrange(2)],
                )
            )
    Membership.objects.bulk_create(memberships, batch_size=5000)
    NeededPerspective.objects.bulk_create(
        NeededPerspective(project=p, perspective="lived_experience", count=4) for p in projects
    )

    # One meeting for each check (10,000), held in the last two years, every member
    # invited, most of them there, and a decision made at one meeting in five: what
    # the meeting rules (notice, times, food, fees, notes, needs, who was there when
    # deciding, views missing) read.
    now = timezone.now()
    members_of: dict[int, list[Membership]] = {}
    for membership in memberships:
        members_of.setdefault(membership.project_id, []).append(membership)
    meetings = []
    for project in projects:
        for n in range(CHECKS_PER_PROJECT):
            starts = now - dt.timedelta(days=rng.randrange(3, 720), hours=rng.randrange(0, 8))
            meetings.append(
                Meeting(
                    project=project,
                    title=f"Meeting {n}",
                    purpose="Plan together.",
                    can_change="What we offer.",
                    status=Meeting.Status.FIXED,
                    starts_at=starts,
                    ends_at=starts + dt.timedelta(hours=2),
                    date_fixed_at=starts - dt.timedelta(days=rng.randrange(5, 40)),
                    created_by=admin,
                    fee_basis=Meeting.FeeBasis.PER_SESSION if n % 3 else Meeting.FeeBasis.UNPAID,
                    fee_amount=Decimal("25.00") if n % 3 else Decimal("0.00"),
                    expenses_covered=[Meeting.Expense.TRAVEL],
                    notes_written_at=starts + dt.timedelta(days=rng.randrange(1, 20)),
                )
            )
    meetings = Meeting.objects.bulk_create(meetings, batch_size=5000)
    invitees = [
        Invitee(
            meeting=meeting,
            person_id=membership.person_id,
            invited_by=admin,
            attended=Invitee.Attended.IN_PERSON if rng.random() < 0.7 else Invitee.Attended.ABSENT,
        )
        for meeting in meetings
        for membership in members_of[meeting.project_id]
    ]
    Invitee.objects.bulk_create(invitees, batch_size=10000)
    Decision.objects.bulk_create(
        (
            Decision(
                project_id=meeting.project_id,
                title=f"Decision at {meeting.title}",
                details="Benchmark.",
                decided_on=timezone.localdate(meeting.starts_at),
                meeting=meeting,
                method=Decision.Method.CONSENSUS,
                created_by=admin,
            )
            for meeting in meetings[::5]
            if meeting.starts_at is not None
        ),
        batch_size=5000,
    )

    checklist = checklist_for(organisation)
    statements = [s for s in checklist.statements.all() if not s.follow_up][:20]
    today = timezone.localdate()
    checks = Check.objects.bulk_create(
        (
            Check(
                project_id=meeting.project_id,
                checklist=checklist,
                title=meeting.title,
                meeting=meeting,
                held_on=timezone.localdate(meeting.starts_at),
                closes_on=today - dt.timedelta(days=1),
                answer_count=ANSWERS_PER_CHECK,
                opened_by=admin,
            )
            for meeting in meetings
            if meeting.starts_at is not None
        ),
        batch_size=5000,
    )
    choices = Choice.values
    tallies = []
    rungs = []
    answers = 0
    for check in checks:
        lean = rng.random()
        for statement in statements:
            counts = dict.fromkeys(choices, 0)
            for _ in range(ANSWERS_PER_CHECK):
                pick = min(5, max(0, int(rng.gauss(lean * 5, 1.2))))
                counts[choices[pick]] += 1
                answers += 1
            tallies.append(Tally(survey=check, statement=statement, **counts))
        chosen_rungs = [rng.randint(1, 7) for _ in range(ANSWERS_PER_CHECK)]
        rungs.extend(
            RungTally(survey=check, rung=rung, count=chosen_rungs.count(rung))
            for rung in Rung.values
        )
        if len(tallies) >= 20000:
            Tally.objects.bulk_create(tallies)
            RungTally.objects.bulk_create(rungs)
            tallies, rungs = [], []
    Tally.objects.bulk_create(tallies)
    RungTally.objects.bulk_create(rungs)
    # Each check's summary row, as answering writes it.
    ids = [c.pk for c in checks]
    for start in range(0, len(ids), 1000):
        summarise(ids[start : start + 1000])
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    assert answers == PROJECTS * CHECKS_PER_PROJECT * ANSWERS_PER_CHECK * len(statements)
    return organisation, admin


def measure() -> None:
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from django.urls import reverse

    setup_test_environment()
    call_command("migrate", verbosity=0)
    from ustogether.people.models import Organisation, Person

    existing = Organisation.objects.filter(slug="bench-council").first()
    if existing is not None:  # a database kept from an earlier run (DATABASE_URL)
        organisation, admin = existing, Person.objects.get(email="admin@bench.example")
    else:
        started = time.monotonic()
        organisation, admin = seed()
        emit("quality.org_scorecard_seed_s", time.monotonic() - started, "s", 1, "once")
    client = Client()
    client.force_login(admin)  # type: ignore[arg-type]
    url = reverse("quality:org_scorecard", args=[organisation.slug])  # type: ignore[attr-defined]
    with connection.cursor() as cursor:
        # One backend process does all the work, so its CPU time is all of the database's.
        cursor.execute("SET max_parallel_workers_per_gather = 0")
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    for _ in range(2):  # warm up
        assert client.get(url).status_code == 200
    times, cpu = [], []
    for _ in range(ROUNDS):
        before, before_cpu = time.perf_counter(), time.process_time() + _cpu_s(backend)
        response = client.get(url)
        times.append((time.perf_counter() - before) * 1000)
        cpu.append((time.process_time() + _cpu_s(backend) - before_cpu) * 1000)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    emit(
        "quality.org_scorecard_1m_ms",
        statistics.median(cpu),
        "ms",
        ROUNDS,
        "median CPU time of Django and its PostgreSQL backend per request",
        target=TARGET_MS,
        projects=PROJECTS,
        checks=PROJECTS * CHECKS_PER_PROJECT,
        answers=PROJECTS * CHECKS_PER_PROJECT * ANSWERS_PER_CHECK * 20,
    )
    emit(
        "quality.org_scorecard_1m_wall_ms",
        statistics.median(times),
        "ms",
        ROUNDS,
        "median wall-clock time per request (includes waiting for a turn on a busy machine)",
    )
    emit("quality.org_scorecard_1m_queries", len(queries), "queries", 1, "count")


def main() -> None:
    url = os.environ.get("DATABASE_URL", "")
    made = None
    if not url.startswith("postgres"):
        made = _throwaway_database()
        if made is None:
            print(
                json.dumps(
                    {"name": "quality.org_scorecard_1m_ms", "skipped": "no PostgreSQL answers"}
                )
            )
            return
        os.environ["DATABASE_URL"] = f"{made[0]}/{made[1]}"
    import django

    django.setup()
    try:
        measure()
    finally:
        if made is not None:
            from django.db import connections

            connections.close_all()
            _drop(*made)


if __name__ == "__main__":
    main()
