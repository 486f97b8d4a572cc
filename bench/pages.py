"""Benchmark the busiest pages, in one process, against the demo data.

Run from the repository root:

    .venv/bin/python bench/pages.py

It makes a throwaway SQLite database (or uses DATABASE_URL if set to a
PostgreSQL database made for this), loads the demo data, and prints one JSON
line per figure: the median time to render each page through Django's test
client, and the number of database queries it made.
"""

from __future__ import annotations

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
workdir = tempfile.mkdtemp(prefix="ustogether-bench-")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ustogether.settings")
os.environ.setdefault("DEBUG", "0")
# WhiteNoise warns that collectstatic has not run; pages here need no static files.
warnings.filterwarnings("ignore", message="No directory at")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from ustogether.people.models import Person  # noqa: E402
from ustogether.projects.models import Project  # noqa: E402

RUNS = 30


def emit(name: str, value: float, unit: str, runs: int, stat: str) -> None:
    print(
        json.dumps(
            {"name": name, "value": round(value, 2), "unit": unit, "runs": runs, "stat": stat}
        )
    )


def measure(client: Client, label: str, url: str) -> None:
    assert client.get(url).status_code == 200, url  # warm up, and make sure it works
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    emit(f"pages.{label}_ms", statistics.median(times), "ms", RUNS, "median")
    emit(f"pages.{label}_queries", len(queries), "queries", 1, "count")


def main() -> None:
    setup_test_environment()
    call_command("migrate", verbosity=0)
    call_command("seed_demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    project = Project.objects.filter(visibility="public").order_by("pk").first()
    assert project is not None
    anonymous = Client()
    lead = Client()
    lead.force_login(Person.objects.get(email="lead@demo.ustogether.test"))
    measure(anonymous, "public_projects", "/projects/")
    measure(anonymous, "public_project", f"/projects/{project.pk}/")
    measure(lead, "your_projects", "/home/")
    measure(lead, "project_as_co_lead", f"/projects/{project.pk}/")
    measure(lead, "members", f"/projects/{project.pk}/members/")
    measure(lead, "audit_trail", f"/projects/{project.pk}/events/")


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
