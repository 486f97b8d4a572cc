"""Promptness measured, totals by tax year, and the export for a finance system."""

from __future__ import annotations

import csv
import datetime as dt
import io
import threading
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from ustogether.core.models import AuditEvent
from ustogether.core.testing import Cast, make_cast
from ustogether.payments import services
from ustogether.payments.models import Claim, Payout
from ustogether.payments.queries import (
    EXPORT_COLUMNS,
    promptness,
    tax_year_of,
    totals_by_tax_year,
)
from ustogether.payments.testing import make_claim, set_policy

S = Claim.Status


def _paid(cast: Cast, *, sent_days_ago: int, paid_after: int, person=None) -> Claim:
    claim = make_claim(cast, person=person, days_ago=sent_days_ago + 2)
    # Midday in London that day, so the day it was sent is the same whatever the clock
    # says now (23:30 now was 00:30 the next day in summer time).
    sent = (timezone.localtime() - dt.timedelta(days=sent_days_ago)).replace(hour=12, minute=0)
    Claim.objects.filter(pk=claim.pk).update(
        submitted_at=sent, due_on=timezone.localdate(sent) + dt.timedelta(days=14)
    )
    claim.refresh_from_db()
    services.claim_approve(claim=claim, by=cast.lead)
    Claim.objects.filter(pk=claim.pk).update(approved_at=sent + dt.timedelta(days=1))
    services.claim_pay(
        claim=claim,
        by=cast.finance,
        paid_on=timezone.localdate(sent) + dt.timedelta(days=paid_after),
        method="bank",
    )
    return claim


def test_days_to_pay_give_the_median_and_90th_percentile(cast: Cast) -> None:
    for after in (2, 4, 6, 8, 10, 12, 14, 16, 18, 30):
        _paid(cast, sent_days_ago=40, paid_after=after)
    figures = promptness(cast.organisation)
    assert figures.paid == 10
    assert figures.median_days_to_pay == 11.0
    assert figures.p90_days_to_pay == 18.0
    assert figures.paid_on_time == 7  # 16, 18 and 30 days are past the 14-day promise
    assert figures.median_days_to_claim == 2.0
    assert figures.median_days_to_approve == 1.0


def test_days_to_claim_run_from_the_meetings_day_for_a_claim_for_a_meeting(cast: Cast) -> None:
    from ustogether.meetings.models import Meeting
    from ustogether.payments.testing import past_meeting

    meeting = past_meeting(cast, days_ago=12, attended={cast.member: "in_person"})
    claim = Claim.objects.get(meeting=meeting)
    # The meeting's day was put right after the claim was started: 2 days earlier.
    assert meeting.starts_at is not None
    starts = meeting.starts_at - dt.timedelta(days=2)
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=starts, ends_at=starts + dt.timedelta(hours=2)
    )
    services.claim_submit(claim=claim, by=cast.member)
    sent = timezone.localtime() - dt.timedelta(days=4)
    Claim.objects.filter(pk=claim.pk).update(submitted_at=sent)
    services.claim_approve(claim=claim, by=cast.lead)
    services.claim_pay(claim=claim, by=cast.finance, paid_on=timezone.localdate(), method="bank")
    # From the meeting 14 days ago to sending 4 days ago: 10, not the 8 its own day gives.
    assert promptness(cast.organisation).median_days_to_claim == 10.0


def test_claims_past_the_promise_are_overdue_and_counted(cast: Cast) -> None:
    late = make_claim(cast)
    make_claim(cast, person=cast.carer)
    Claim.objects.filter(pk=late.pk).update(due_on=timezone.localdate() - dt.timedelta(days=1))
    assert list(Claim.objects.overdue()) == [late]
    assert promptness(cast.organisation).overdue_now == 1
    late.refresh_from_db()
    assert late.is_overdue


def test_no_paid_claims_gives_no_figures_rather_than_zero(cast: Cast) -> None:
    figures = promptness(cast.organisation)
    assert figures.paid == 0 and figures.median_days_to_pay is None


@pytest.mark.parametrize(
    ("day", "year"),
    [(dt.date(2026, 4, 5), 2025), (dt.date(2026, 4, 6), 2026), (dt.date(2027, 1, 1), 2026)],
)
def test_the_tax_year_starts_on_6_april(day: dt.date, year: int) -> None:
    assert tax_year_of(day) == year


def test_totals_are_shown_for_each_tax_year(cast: Cast) -> None:
    first = _paid(cast, sent_days_ago=30, paid_after=1)
    second = _paid(cast, sent_days_ago=20, paid_after=1)
    third = _paid(cast, sent_days_ago=10, paid_after=1)
    Payout.objects.filter(claim=first).update(paid_on=dt.date(2026, 4, 5), amount=Decimal("10.10"))
    Payout.objects.filter(claim=second).update(paid_on=dt.date(2026, 4, 6), amount=Decimal("20.20"))
    Payout.objects.filter(claim=third).update(paid_on=dt.date(2027, 4, 5), amount=Decimal("0.05"))
    assert totals_by_tax_year(cast.member) == [
        ("2026 to 2027", Decimal("20.25")),
        ("2025 to 2026", Decimal("10.10")),
    ]
    page = _client(cast.member).get(reverse("payments:home")).content.decode()
    assert "2026 to 2027" in page and "£20.25" in page


def _client(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def test_the_csv_export_has_one_row_per_line_of_agreed_claims_only(cast: Cast) -> None:
    paid = _paid(cast, sent_days_ago=5, paid_after=2)
    services.payee_reference_set(
        organisation=cast.organisation, person=cast.member, by=cast.finance, reference="=SUP-7"
    )
    make_claim(cast, person=cast.carer)  # sent, not agreed: not exported
    today = timezone.localdate()
    url = reverse("payments:export", args=[cast.organisation.slug])
    response = _client(cast.finance).get(
        url,
        {
            "start": (today - dt.timedelta(days=30)).isoformat(),
            "end": today.isoformat(),
            "format": "csv",
        },
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert tuple(rows[0]) == EXPORT_COLUMNS
    assert len(rows) == 3  # the header, the fee and the travel
    by_name = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    assert {r["claim"] for r in by_name} == {str(paid.pk)}
    assert sorted(r["amount"] for r in by_name) == ["12.40", "25.00"]
    assert by_name[0]["payee_reference"] == "'=SUP-7", "a formula must not run in a spreadsheet"
    assert by_name[0]["currency"] == "GBP"
    assert by_name[0]["paid_on"] and by_name[0]["payment_method"] == "bank"
    assert AuditEvent.objects.filter(verb="payments.exported", actor=cast.finance).exists()


def test_the_spreadsheet_export_keeps_money_exact(cast: Cast) -> None:
    _paid(cast, sent_days_ago=5, paid_after=2)
    today = timezone.localdate()
    response = _client(cast.finance).get(
        reverse("payments:export", args=[cast.organisation.slug]),
        {
            "start": (today - dt.timedelta(days=30)).isoformat(),
            "end": today.isoformat(),
            "format": "xlsx",
        },
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == EXPORT_COLUMNS
    amounts = sorted(Decimal(str(r[EXPORT_COLUMNS.index("amount")])) for r in rows[1:])
    assert amounts == [Decimal("12.40"), Decimal("25.00")]


def test_an_export_with_the_dates_the_wrong_way_round_says_so(cast: Cast) -> None:
    response = _client(cast.finance).get(
        reverse("payments:export", args=[cast.organisation.slug]),
        {"start": "2026-05-01", "end": "2026-04-01", "format": "csv"},
        follow=True,
    )
    assert "The end date must be on or after the start date." in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_two_finance_officers_paying_at_once_pay_once() -> None:
    """On PostgreSQL the row lock makes the second wait, then see the claim paid."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no row locks; this runs on PostgreSQL (make test-postgres).")
    from ustogether.core.testing import give_two_step, make_person
    from ustogether.people.models import OrganisationMembership

    cast = make_cast()
    set_policy(cast)
    second = make_person("Sam Second")
    OrganisationMembership.objects.create(
        organisation=cast.organisation, person=second, role=OrganisationMembership.Role.FINANCE
    )
    give_two_step(second)
    claim = make_claim(cast)
    services.claim_approve(claim=claim, by=cast.lead)
    barrier = threading.Barrier(2)
    results: list[str] = []

    def pay(officer) -> None:
        from django.core.exceptions import ValidationError
        from django.db import connections

        try:
            barrier.wait()
            services.claim_pay(claim=claim, by=officer, paid_on=timezone.localdate(), method="bank")
            results.append("paid")
        except ValidationError as error:
            results.append(" ".join(error.messages))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=pay, args=(p,)) for p in (cast.finance, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["This claim is already paid. Nothing was paid twice.", "paid"]
    assert Payout.objects.filter(claim=claim).count() == 1


@pytest.mark.parametrize(
    ("today", "kept_until"),
    [
        (dt.date(2026, 4, 5), dt.date(2019, 4, 5)),  # the 2019-20 tax year has a day to go
        (dt.date(2026, 4, 6), dt.date(2020, 4, 5)),  # its six years ended yesterday
    ],
)
def test_money_records_are_kept_six_tax_years(today: dt.date, kept_until: dt.date) -> None:
    assert services.money_records_kept_until(today) == kept_until


def test_claims_go_when_their_six_tax_years_are_over_and_open_ones_never(
    cast: Cast, settings: Any, tmp_path: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from io import StringIO

    from django.core.files.storage import default_storage
    from django.core.management import call_command

    from ustogether.payments.testing import photo

    settings.MEDIA_ROOT = str(tmp_path / "media")
    old_paid = _paid(cast, sent_days_ago=20, paid_after=3)
    services.claim_add_expense(
        claim=make_claim(cast, submit=False),
        by=cast.member,
        expense_kind="travel",
        amount="2.00",
        receipt=photo(),
    )
    with_receipt = Claim.objects.exclude(pk=old_paid.pk).get(lines__receipts__isnull=False)
    receipt_file = str(with_receipt.lines.get(receipts__isnull=False).receipts.get().file.name)
    assert default_storage.exists(receipt_file)
    still_open = make_claim(cast)  # sent, not yet agreed: money may still be owed
    recent_paid = _paid(cast, sent_days_ago=10, paid_after=2)

    long_ago = dt.date(2019, 5, 1)  # in the 2019-20 tax year
    Payout.objects.filter(claim=old_paid).update(paid_on=long_ago)
    Claim.objects.filter(pk__in=[with_receipt.pk, still_open.pk]).update(
        created_at=timezone.make_aware(dt.datetime(2019, 5, 1, 12))
    )
    Claim.objects.filter(pk=with_receipt.pk).update(status=S.WITHDRAWN)

    # On the last day of the six years, nothing goes.
    assert services.money_records_clear_old(today=dt.date(2026, 4, 5)) == 0
    assert Claim.objects.filter(pk=old_paid.pk).exists()

    with django_capture_on_commit_callbacks(execute=True):
        assert services.money_records_clear_old(today=dt.date(2026, 4, 6)) == 2
    assert not Claim.objects.filter(pk__in=[old_paid.pk, with_receipt.pk]).exists()
    assert not Payout.objects.filter(claim_id=old_paid.pk).exists()
    assert not default_storage.exists(receipt_file)
    assert Claim.objects.filter(pk__in=[still_open.pk, recent_paid.pk]).count() == 2
    event = AuditEvent.objects.get(verb="payments.old_records_cleared")
    assert event.data == {"claims": 2, "up_to": "2020-04-05"}

    out = StringIO()
    call_command("clear_old_money_records", stdout=out)
    assert out.getvalue().startswith("Deleted 0 claim(s)")
