"""Each red-flag rule about fees and costs on its own."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from ustogether.core.testing import Cast, make_cast
from ustogether.payments.models import Claim
from ustogether.quality.facts import load_facts
from ustogether.quality.flags import AMBER, RED, RedFlag, run_rules

pytestmark = pytest.mark.django_db


def flags(cast: Cast, code: str) -> list[RedFlag]:
    return run_rules(load_facts([cast.project]), codes=[code])


def claim(cast: Cast, *, sent_days_ago: int, promised_days: int = 14, **fields: object) -> Claim:
    sent = timezone.now() - dt.timedelta(days=sent_days_ago)
    fields.setdefault("status", Claim.Status.SUBMITTED)
    return Claim.objects.create(
        organisation=cast.organisation,
        project=cast.project,
        person=cast.member,
        made_by=cast.member,
        activity_date=sent.date(),
        submitted_at=sent,
        due_on=(sent + dt.timedelta(days=promised_days)).date(),
        **fields,
    )


def test_a_claim_within_the_promise_is_fine() -> None:
    cast = make_cast()
    claim(cast, sent_days_ago=5)
    assert flags(cast, "paid_late") == []


@pytest.mark.parametrize(("days", "level"), [(20, AMBER), (35, RED)])
def test_unpaid_past_the_promise_is_amber_and_red_at_28_days(days: int, level: str) -> None:
    cast = make_cast()
    claim(cast, sent_days_ago=days)
    [flag] = flags(cast, "paid_late")
    assert flag.level == level
    assert f"sent {days} days ago" in flag.evidence


def test_paid_and_draft_claims_are_not_late() -> None:
    cast = make_cast()
    claim(cast, sent_days_ago=40, status=Claim.Status.PAID)
    claim(cast, sent_days_ago=40, status=Claim.Status.DRAFT)
    assert flags(cast, "paid_late") == []


def test_a_claim_with_no_fee_set_is_a_warning() -> None:
    cast = make_cast()
    claim(cast, sent_days_ago=1, no_fee_set=True)
    [flag] = flags(cast, "no_fee_set")
    assert flag.level == AMBER
    assert "1 claim was for something" in flag.evidence
