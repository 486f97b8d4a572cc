"""Benchmark the agreement and glossary pages against the demo data.

Run from the repository root:

    .venv/bin/python bench/agreement_pages.py

It makes a throwaway SQLite database (or uses DATABASE_URL if set to a
PostgreSQL database made for this), loads the demo data, and prints one JSON
line per figure: the median time to render each page through Django's test
client, and the number of database queries it made (fixed as data grows: the
tests in projects/tests/test_query_counts_agreement.py hold them to that).
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
workdir = tempfile.mkdtemp(prefix="ustogether-bench-agreement-")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ustogether.settings")
os.environ.setdefault("DEBUG", "0")
warnings.filterwarnings("ignore", message="No directory at")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from ustogether.people.models import Person  # noqa: E402
from ustogether.projects.models import AgreementProposal  # noqa: E402

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
    emit(f"agreement_pages.{label}_ms", statistics.median(times), "ms", RUNS, "median")
    emit(f"agreement_pages.{label}_queries", len(queries), "queries", 1, "count")


def main() -> None:
    setup_test_environment()
    call_command("migrate", verbosity=0)
    call_command("seed_demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    proposal = AgreementProposal.objects.filter(status="open").select_related("project").first()
    assert proposal is not None
    project = proposal.project
    member = Client()
    member.force_login(Person.objects.get(email="member@demo.ustogether.test"))
    base = f"/projects/{project.pk}/agreement/"
    measure(member, "agreement", base)
    measure(member, "proposal", f"{base}proposals/{proposal.pk}/")
    measure(member, "version", f"{base}versions/1/")
    measure(member, "home_with_waiting", "/home/")
    measure(Client(), "glossary", "/glossary/")
    measure(Client(), "glossary_search", "/glossary/?q=care")


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
