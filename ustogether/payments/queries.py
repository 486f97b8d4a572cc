"""Reads about fees and expenses: promptness figures, tax-year totals, the export."""

from __future__ import annotations

import datetime as dt
import math
import statistics
from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils import timezone

from ustogether.core.prepared import Prepared
from ustogether.payments.models import Claim, ClaimLine, PayeeReference, Payout
from ustogether.people.models import Organisation, Person


def _percentile(values: list[int], share: float) -> float | None:
    """The nearest-rank percentile: the smallest value at least `share` of them reach."""
    if not values:
        return None
    ordered = sorted(values)
    return float(ordered[max(0, math.ceil(share * len(ordered)) - 1)])


@dataclass(frozen=True)
class Promptness:
    """How fast an organisation pays: the figures its policy page shows and the
    co-production check uses. Days are calendar days, counted in Europe/London."""

    paid: int
    median_days_to_pay: float | None
    p90_days_to_pay: float | None
    paid_on_time: int
    median_days_to_claim: float | None
    median_days_to_approve: float | None
    median_days_approved_to_paid: float | None
    overdue_now: int

    @property
    def share_on_time(self) -> float | None:
        return self.paid_on_time / self.paid if self.paid else None


def _median(values: list[int]) -> float | None:
    return float(statistics.median(values)) if values else None


# Sent in and not yet paid: the organisation's clock is running (Claim.objects.waiting()).
WAITING = (Claim.Status.SUBMITTED, Claim.Status.APPROVED)

_PROMPTNESS_ROWS = Prepared(
    lambda organisation_id: (
        Claim.objects.filter(organisation_id=organisation_id)
        .filter(models.Q(payout__isnull=False) | models.Q(status__in=WAITING))
        .values_list(
            "payout__paid_on",
            "activity_date",
            "meeting__starts_at",
            "submitted_at",
            "approved_at",
            "due_on",
            "status",
        )
    )
)


def promptness(organisation: Organisation, *, today: dt.date | None = None) -> Promptness:
    """Days from taking part to claiming, claiming to approval, approval to payment.

    Taking part is the day of the meeting (in Europe/London) for a claim for one, else
    the day the person gave. Days to pay run from when the claim was first sent to the
    day it was paid."""
    # One query for both: the paid claims, and those still waiting (which have no
    # payout, so they come back with paid_on None and count only if late). Whether
    # one is late is worked out here, so the SQL has no date in it and is built once
    # per process (core.prepared).
    today = today or timezone.localdate()
    rows = _PROMPTNESS_ROWS.rows(organisation_id=organisation.pk)
    to_pay, to_claim, to_approve, approved_to_paid = [], [], [], []
    on_time = overdue_now = 0
    for paid_on, activity_date, starts_at, submitted_at, approved_at, due_on, status in rows:
        if status in WAITING and due_on is not None and due_on < today:
            overdue_now += 1
        if paid_on is None or submitted_at is None:
            continue
        sent = timezone.localdate(submitted_at)
        took_part = timezone.localdate(starts_at) if starts_at else activity_date
        to_pay.append((paid_on - sent).days)
        to_claim.append((sent - took_part).days)
        if approved_at is not None:
            agreed = timezone.localdate(approved_at)
            to_approve.append((agreed - sent).days)
            approved_to_paid.append((paid_on - agreed).days)
        if due_on is None or paid_on <= due_on:
            on_time += 1
    return Promptness(
        paid=len(to_pay),
        median_days_to_pay=_median(to_pay),
        p90_days_to_pay=_percentile(to_pay, 0.9),
        paid_on_time=on_time,
        median_days_to_claim=_median(to_claim),
        median_days_to_approve=_median(to_approve),
        median_days_approved_to_paid=_median(approved_to_paid),
        overdue_now=overdue_now,
    )


def tax_year_of(day: dt.date) -> int:
    """The UK tax year runs from 6 April to 5 April; it is named by the year it starts."""
    return day.year if (day.month, day.day) >= (4, 6) else day.year - 1


def totals_by_tax_year(person: Person) -> list[tuple[str, Decimal]]:
    """What the person was paid in each tax year, newest first.

    The database adds up each day's payouts; the days are put into tax years here
    (tax_year_of). Working out the tax year in SQL (a CASE over the month and day)
    cost more to build than the page's other queries, on every visit."""
    days = (
        Payout.objects.filter(claim__person=person)
        .values_list("paid_on")
        .annotate(total=models.Sum("amount"))
        .order_by()
    )
    years: dict[int, Decimal] = {}
    for paid_on, total in days:
        year = tax_year_of(paid_on)
        years[year] = years.get(year, Decimal(0)) + total
    return [(f"{year} to {year + 1}", years[year]) for year in sorted(years, reverse=True)]


EXPORT_COLUMNS = (
    "claim",
    "payee_reference",
    "person",
    "project",
    "activity_date",
    "line",
    "line_type",
    "expense_type",
    "description",
    "quantity",
    "unit_amount",
    "amount",
    "currency",
    "over_limit",
    "status",
    "submitted_on",
    "due_on",
    "approved_on",
    "paid_on",
    "payment_method",
    "payment_reference",
)


def export_rows(
    organisation: Organisation, *, start: dt.date, end: dt.date
) -> list[tuple[object, ...]]:
    """Approved and paid claims, agreed between `start` and `end`, one row per line."""
    lines = (
        ClaimLine.objects.filter(
            claim__organisation=organisation,
            claim__status__in=[Claim.Status.APPROVED, Claim.Status.PAID],
            claim__approved_at__date__gte=start,
            claim__approved_at__date__lte=end,
        )
        .select_related("claim__person", "claim__project", "claim__payout")
        .order_by("claim__approved_at", "claim_id", "id")
    )
    references = dict(
        PayeeReference.objects.filter(organisation=organisation).values_list(
            "person_id", "reference"
        )
    )
    rows: list[tuple[object, ...]] = []
    for line in lines:
        claim = line.claim
        payout = getattr(claim, "payout", None)
        rows.append(
            (
                claim.pk,
                references.get(claim.person_id, ""),
                claim.person.full_name or claim.person.display_name,
                claim.project.title,
                claim.activity_date,
                line.pk,
                line.kind,
                line.expense_kind,
                line.description,
                line.quantity,
                line.unit_amount,
                line.amount,
                claim.currency,
                "yes" if line.over_limit else "no",
                claim.status,
                timezone.localdate(claim.submitted_at) if claim.submitted_at else None,
                claim.due_on,
                timezone.localdate(claim.approved_at) if claim.approved_at else None,
                payout.paid_on if payout else None,
                payout.method if payout else "",
                payout.reference if payout else "",
            )
        )
    return rows
