"""Query budgets for payments pages: the count must not grow with the number of claims or lines."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ustogether.core.testing import Cast
from ustogether.payments import services
from ustogether.payments.models import ExpenseKind
from ustogether.payments.testing import make_claim, photo

pytestmark = pytest.mark.django_db


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _paid_claims(cast: Cast, n: int) -> None:
    for _ in range(n):
        claim = make_claim(cast)
        services.claim_approve(claim=claim, by=cast.lead)
        services.claim_pay(
            claim=claim, by=cast.finance, paid_on=timezone.localdate(), method="bank"
        )
        make_claim(cast, person=cast.carer)


def _client(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def test_your_claims_page_costs_the_same_for_many_claims(cast: Cast) -> None:
    client = _client(cast.member)
    _paid_claims(cast, 1)
    few = _count(client, reverse("payments:home"))
    _paid_claims(cast, 6)
    assert _count(client, reverse("payments:home")) == few
    # Session, person, what they were paid each tax year, their choice, their claims.
    assert few <= 5


def test_the_finance_queue_costs_the_same_for_many_claims(cast: Cast) -> None:
    client = _client(cast.finance)
    url = reverse("payments:queue", args=[cast.organisation.slug])
    _paid_claims(cast, 1)
    few = _count(client, url)
    _paid_claims(cast, 6)
    assert _count(client, url) == few
    # Session, person, the organisation with the viewer's finance role, the claims,
    # and the promptness figures (paid and late in one query).
    assert few <= 5


def test_the_project_claims_page_costs_the_same_for_many_claims(cast: Cast) -> None:
    client = _client(cast.lead)
    url = reverse("payments:project_claims", args=[cast.project.pk])
    _paid_claims(cast, 1)
    few = _count(client, url)
    _paid_claims(cast, 6)
    assert _count(client, url) == few


def test_the_policy_page_costs_the_same_as_fees_and_payments_grow(cast: Cast) -> None:
    client = Client()
    url = reverse("payments:policy", args=[cast.organisation.slug])
    _paid_claims(cast, 1)
    few = _count(client, url)
    for unit in ("day", "half_day"):
        services.rate_set(
            organisation=cast.organisation,
            by=cast.finance,
            activity="",
            role="",
            unit=unit,
            amount="50",
        )
    _paid_claims(cast, 4)
    assert _count(client, url) == few
    # The organisation with its policy, fees, costs, and the promptness figures.
    assert few <= 4


@pytest.mark.parametrize("who", ["member", "finance", "lead"])
def test_a_claim_page_costs_the_same_for_many_lines_and_receipts(cast: Cast, who: str) -> None:
    claim = make_claim(cast, submit=False)
    client = _client(getattr(cast, who))
    url = reverse("payments:claim", args=[claim.pk])
    few = _count(client, url)
    for _ in range(4):
        services.claim_add_expense(
            claim=claim, by=cast.member, expense_kind=ExpenseKind.MEALS, amount="3", receipt=photo()
        )
    assert _count(client, url) == few
    # Session, person, the claim with the viewer's roles, payout and policy, its
    # lines, and then by role: receipts, the costs covered, the payee reference.
    assert few <= {"member": 7, "finance": 6, "lead": 5}[who]


def test_the_export_costs_the_same_for_many_claims(cast: Cast) -> None:
    client = _client(cast.finance)
    url = (
        reverse("payments:export", args=[cast.organisation.slug])
        + "?start=2020-01-01&end=2099-01-01&format=xlsx"
    )
    _paid_claims(cast, 1)
    few = _count(client, url)
    _paid_claims(cast, 5)
    assert _count(client, url) == few
