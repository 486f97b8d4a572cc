"""Benchmark fees and expenses: the promptness figures and the export, as claims grow.

Run from the repository root:

    .venv/bin/python bench/payments.py

It makes a throwaway SQLite database (or uses DATABASE_URL), loads the demo
data and prints, one JSON line per figure:

- ``payments.demo_<organisation>_median_days_to_pay`` and ``..._p90_days_to_pay``:
  the figures each demo organisation's policy page shows (the issue's note);
- ``payments.promptness_ms``: working out one organisation's figures with
  ``CLAIMS`` paid claims (median of the runs);
- ``payments.export_xlsx_ms`` and ``payments.export_csv_ms``: the export of
  ``CLAIMS`` claims (two lines each) for a year;
- ``payments.export_queries``: queries one export makes (must not grow with claims).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
workdir = tempfile.mkdtemp(prefix="ustogether-bench-")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ustogether.settings")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from ustogether.payments.export import claims_csv, claims_xlsx  # noqa: E402
from ustogether.payments.models import Claim, ClaimLine, Payout  # noqa: E402
from ustogether.payments.queries import promptness  # noqa: E402
from ustogether.people.models import Organisation  # noqa: E402

CLAIMS = int(os.environ.get("BENCH_CLAIMS", "2000"))
RUNS = int(os.environ.get("BENCH_RUNS", "7"))


def emit(name: str, value: float, unit: str, runs: int, stat: str, **extra: object) -> None:
    line = {"name": name, "value": round(value, 2), "unit": unit, "runs": runs, "stat": stat}
    print(json.dumps(line | extra), flush=True)


def timed(work, runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def grow(organisation: Organisation, count: int) -> None:
    """Paid claims made in bulk, as a busy year would leave them (not through the
    services: this measures reading them, and the services are tested elsewhere)."""
    template = Claim.objects.filter(organisation=organisation).select_related("project").first()
    assert template is not None
    today = timezone.localdate()
    claims = Claim.objects.bulk_create(
        [
            Claim(
                organisation=organisation,
                project=template.project,
                person=template.person,
                made_by=template.person,
                activity_date=today - dt.timedelta(days=30 + n % 300),
                status=Claim.Status.PAID,
                submitted_at=timezone.now() - dt.timedelta(days=28 + n % 300),
                approved_at=timezone.now() - dt.timedelta(days=25 + n % 300),
                due_on=today - dt.timedelta(days=14 + n % 300),
            )
            for n in range(count)
        ]
    )
    ClaimLine.objects.bulk_create(
        [
            line
            for claim in claims
            for line in (
                ClaimLine(claim=claim, kind="fee", amount=Decimal("25.00")),
                ClaimLine(
                    claim=claim, kind="expense", expense_kind="travel", amount=Decimal("8.60")
                ),
            )
        ]
    )
    Payout.objects.bulk_create(
        [
            Payout(
                claim=claim,
                amount=Decimal("33.60"),
                paid_on=timezone.localdate(claim.submitted_at) + dt.timedelta(days=n % 20),
                method="bank",
                paid_by=template.person,
            )
            for n, claim in enumerate(claims)
        ]
    )


def main() -> None:
    call_command("migrate", verbosity=0)
    call_command("seed_demo", verbosity=0, stdout=io.StringIO())
    for organisation in Organisation.objects.order_by("name"):
        figures = promptness(organisation)
        key = organisation.slug.split("-")[0]
        emit(
            f"payments.demo_{key}_median_days_to_pay",
            figures.median_days_to_pay or 0,
            "days",
            figures.paid,
            "median",
        )
        emit(
            f"payments.demo_{key}_p90_days_to_pay",
            figures.p90_days_to_pay or 0,
            "days",
            figures.paid,
            "p90",
        )
        emit(f"payments.demo_{key}_overdue_now", figures.overdue_now, "claims", 1, "count")
    council = Organisation.objects.order_by("name").first()
    assert council is not None
    grow(council, CLAIMS)
    start, end = timezone.localdate() - dt.timedelta(days=365), timezone.localdate()
    emit(
        "payments.promptness_ms",
        timed(lambda: promptness(council)),
        "ms",
        RUNS,
        "median",
        claims=CLAIMS,
    )
    emit(
        "payments.export_xlsx_ms",
        timed(lambda: claims_xlsx(council, start=start, end=end)),
        "ms",
        RUNS,
        "median",
        claims=CLAIMS,
    )
    emit(
        "payments.export_csv_ms",
        timed(lambda: claims_csv(council, start=start, end=end)),
        "ms",
        RUNS,
        "median",
        claims=CLAIMS,
    )
    with CaptureQueriesContext(connection) as queries:
        claims_csv(council, start=start, end=end)
    emit("payments.export_queries", len(queries), "queries", 1, "count", claims=CLAIMS)


if __name__ == "__main__":
    main()
