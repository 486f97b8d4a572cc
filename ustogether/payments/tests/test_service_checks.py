"""The checks inside the payments services, called directly: the limits on money,
days and amounts, and who may do what where the pages check first (so a page test
would not notice a service that forgot its own check). Each refused call leaves
everything as it was."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from ustogether.core.models import AuditEvent
from ustogether.core.testing import Cast, add_member, make_cast
from ustogether.payments import services
from ustogether.payments.models import Claim, ExpenseKind, PayeeReference, Payout, Policy, Receipt
from ustogether.payments.services import MAX_LINE_AMOUNT, MAX_QUANTITY
from ustogether.payments.testing import make_claim, past_meeting, photo, set_policy

pytestmark = pytest.mark.django_db


def test_a_line_may_be_the_most_a_line_can_be_and_not_a_penny_more() -> None:
    assert services._money(MAX_LINE_AMOUNT) == MAX_LINE_AMOUNT
    with pytest.raises(ValidationError):
        services._money(MAX_LINE_AMOUNT + Decimal("0.01"))


# The policy


def _policy_state(cast: Cast) -> tuple[Any, ...]:
    policy = Policy.objects.get(organisation=cast.organisation)
    rules = sorted(policy.expense_rules.values_list("kind", "limit"))
    return policy.days_to_pay, policy.notes, rules


def _update(cast: Cast, **changes: Any) -> Policy:
    fields: dict[str, Any] = {
        "organisation": cast.organisation,
        "by": cast.finance,
        "days_to_pay": 14,
        "pays_on_the_day": False,
        "offers_vouchers": True,
        "pays_between_meetings": True,
        "notes": "Changed",
        "expenses": {ExpenseKind.TRAVEL: Decimal("30.00")},
    }
    return services.policy_update(**{**fields, **changes})


@pytest.mark.parametrize(
    "changes",
    [
        {"days_to_pay": 0},
        {"days_to_pay": 91},
        {"expenses": {"rockets": Decimal("5")}},
        {"expenses": {ExpenseKind.TRAVEL: Decimal("-0.01")}},
    ],
    ids=["0 days", "91 days", "unknown kind", "limit below 0"],
)
def test_a_policy_that_does_not_make_sense_is_refused(cast: Cast, changes: dict[str, Any]) -> None:
    before = _policy_state(cast)
    with pytest.raises(ValidationError):
        _update(cast, **changes)
    assert _policy_state(cast) == before


@pytest.mark.parametrize("who", ["lead", "member", "outsider"])
def test_only_admins_and_finance_officers_change_the_policy(cast: Cast, who: str) -> None:
    before = _policy_state(cast)
    with pytest.raises(PermissionDenied):
        _update(cast, by=getattr(cast, who))
    assert _policy_state(cast) == before
    _update(cast, by=cast.org_admin)
    assert _policy_state(cast) != before


@pytest.mark.parametrize("days", [1, 90])
def test_a_policy_pays_in_1_to_90_days(cast: Cast, days: int) -> None:
    assert _update(cast, days_to_pay=days).days_to_pay == days
    assert _policy_state(cast)[0] == days


def test_a_limit_of_nothing_is_allowed(cast: Cast) -> None:
    _update(cast, expenses={ExpenseKind.TRAVEL: Decimal("0")})
    assert _policy_state(cast)[2] == [(ExpenseKind.TRAVEL, Decimal("0.00"))]


# Fees


def _rates(cast: Cast) -> list[tuple[Any, ...]]:
    policy = services.policy_for(cast.organisation)
    return sorted(policy.rates.values_list("activity", "role", "unit", "amount"))


@pytest.mark.parametrize(
    ("activity", "role", "unit"),
    [("rockets", "", "day"), ("", "captain", "day"), ("", "", "fortnight")],
    ids=["activity", "role", "unit"],
)
def test_a_fee_must_be_one_of_the_choices(cast: Cast, activity: str, role: str, unit: str) -> None:
    before = _rates(cast)
    with pytest.raises(ValidationError):
        services.rate_set(
            organisation=cast.organisation,
            by=cast.finance,
            activity=activity,
            role=role,
            unit=unit,
            amount="90",
        )
    assert _rates(cast) == before


@pytest.mark.parametrize("who", ["lead", "member", "outsider"])
def test_only_admins_and_finance_officers_remove_a_fee(cast: Cast, who: str) -> None:
    rate = services.policy_for(cast.organisation).rates.first()
    assert rate is not None
    before = _rates(cast)
    with pytest.raises(PermissionDenied):
        services.rate_remove(rate=rate, by=getattr(cast, who))
    assert _rates(cast) == before
    services.rate_remove(rate=rate, by=cast.org_admin)
    assert len(_rates(cast)) == len(before) - 1


# How a person is paid, seen by finance


def _looks() -> int:
    return AuditEvent.objects.filter(verb="payments.choice_viewed").count()


def test_finance_sees_how_someone_is_paid_only_for_their_own_claim_here(cast: Cast) -> None:
    claim = make_claim(cast)
    carers = make_claim(cast, person=cast.carer)
    other = make_cast()
    set_policy(other)
    elsewhere = make_claim(other)
    # Another person's claim here; the right person's claim, but to another organisation.
    for person, claim_ in [(cast.member, carers), (other.member, elsewhere)]:
        with pytest.raises(PermissionDenied):
            services.payment_choice_for_finance(
                person=person, by=cast.finance, organisation=cast.organisation, claim=claim_
            )
    assert _looks() == 0
    services.payment_choice_for_finance(
        person=cast.member, by=cast.finance, organisation=cast.organisation, claim=claim
    )
    assert _looks() == 1


# The person's number in the finance system


def _references() -> list[tuple[Any, ...]]:
    return sorted(PayeeReference.objects.values_list("organisation_id", "person_id", "reference"))


def test_only_finance_officers_set_a_payee_reference(cast: Cast) -> None:
    make_claim(cast)
    for who in ["lead", "org_admin", "member"]:
        with pytest.raises(PermissionDenied):
            services.payee_reference_set(
                organisation=cast.organisation,
                person=cast.member,
                by=getattr(cast, who),
                reference="SUP-1",
            )
    assert _references() == []


def test_a_payee_reference_is_only_for_someone_who_claimed_here(cast: Cast) -> None:
    make_claim(cast, person=cast.carer)  # someone else claimed here
    other = make_cast()
    set_policy(other)
    add_member(other.project, cast.member)
    make_claim(dataclasses.replace(other, member=cast.member))  # the member, elsewhere
    with pytest.raises(PermissionDenied):
        services.payee_reference_set(
            organisation=cast.organisation, person=cast.member, by=cast.finance, reference="SUP-1"
        )
    assert _references() == []


def test_a_payee_reference_cannot_be_blank(cast: Cast) -> None:
    make_claim(cast)
    with pytest.raises(ValidationError):
        services.payee_reference_set(
            organisation=cast.organisation, person=cast.member, by=cast.finance, reference="  "
        )
    assert _references() == []
    services.payee_reference_set(
        organisation=cast.organisation, person=cast.member, by=cast.finance, reference=" SUP-1 "
    )
    assert _references() == [(cast.organisation.pk, cast.member.pk, "SUP-1")]


# Starting a claim


def _claims(cast: Cast) -> int:
    return Claim.objects.filter(organisation=cast.organisation).count()


@pytest.mark.parametrize("quantity", ["0", "-1", "31.5", "1.255", "lots"])
def test_a_claim_is_for_a_sensible_number_of_sessions(cast: Cast, quantity: str) -> None:
    with pytest.raises(ValidationError):
        services.claim_start(
            person=cast.member,
            by=cast.member,
            project=cast.project,
            activity_date=timezone.localdate(),
            quantity=quantity,
        )
    assert _claims(cast) == 0


@pytest.mark.parametrize("quantity", ["0.01", "2.25", str(MAX_QUANTITY)])
def test_a_claim_may_be_for_part_of_a_session_or_the_most_allowed(
    cast: Cast, quantity: str
) -> None:
    claim = services.claim_start(
        person=cast.member,
        by=cast.member,
        project=cast.project,
        activity_date=timezone.localdate(),
        quantity=quantity,
    )
    assert claim.lines.get(kind="fee").quantity == Decimal(quantity)


def test_a_meeting_can_be_claimed_for_from_the_moment_it_starts(
    cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    meeting = past_meeting(cast, days_ago=0)
    meeting.invitees.filter(person=cast.member).update(attended="in_person")
    assert meeting.starts_at is not None
    monkeypatch.setattr(services.timezone, "now", lambda: meeting.starts_at)
    claim = services.claim_start_for_meeting(meeting=meeting, person=cast.member, by=cast.member)
    assert claim.meeting == meeting


def test_only_an_organiser_starts_the_claims_of_those_who_took_part(cast: Cast) -> None:
    """The project's co-leads and the organisation's admins organise its meetings."""
    meeting = past_meeting(cast)
    meeting.invitees.filter(person=cast.member).update(attended="in_person")
    for who in ["member", "observer", "finance", "outsider"]:
        with pytest.raises(PermissionDenied):
            services.claims_for_attendance(meeting=meeting, by=getattr(cast, who))
    assert meeting.claims.count() == 0
    made = services.claims_for_attendance(meeting=meeting, by=cast.lead)
    assert [claim.person for claim in made] == [cast.member]


def test_only_the_person_adds_a_receipt_and_only_while_the_claim_is_open(cast: Cast) -> None:
    claim = make_claim(cast, submit=False)
    line = claim.lines.get(kind="expense")
    for who in ["finance", "carer", "lead"]:
        with pytest.raises(PermissionDenied):
            services.claim_add_receipt(line=line, by=getattr(cast, who), receipt=photo())
    assert Receipt.objects.filter(line__claim=claim).count() == 0
    services.claim_submit(claim=claim, by=cast.member)
    with pytest.raises(ValidationError):
        services.claim_add_receipt(line=line, by=cast.member, receipt=photo())
    assert Receipt.objects.filter(line__claim=claim).count() == 0


# Paying


def _approved(cast: Cast) -> Claim:
    claim = make_claim(cast)
    return services.claim_approve(claim=claim, by=cast.finance)


@pytest.mark.parametrize(
    ("method", "days_ago"), [("gold bars", 0), ("bank", 1)], ids=["unknown way", "before sent"]
)
def test_a_payment_must_say_how_and_not_before_the_claim_was_sent(
    cast: Cast, method: str, days_ago: int
) -> None:
    claim = _approved(cast)
    with pytest.raises(ValidationError):
        services.claim_pay(
            claim=claim,
            by=cast.finance,
            paid_on=timezone.localdate() - dt.timedelta(days=days_ago),
            method=method,
        )
    claim.refresh_from_db()
    assert claim.status == Claim.Status.APPROVED
    assert not Payout.objects.filter(claim=claim).exists()
    services.claim_pay(claim=claim, by=cast.finance, paid_on=timezone.localdate(), method="bank")
    claim.refresh_from_db()
    assert claim.status == Claim.Status.PAID


@pytest.mark.parametrize("who", ["lead", "org_admin", "member"])
def test_only_finance_officers_take_an_export(cast: Cast, who: str) -> None:
    day = timezone.localdate()
    with pytest.raises(PermissionDenied):
        services.record_export(
            organisation=cast.organisation, by=getattr(cast, who), start=day, end=day
        )
    assert not AuditEvent.objects.filter(verb="payments.exported").exists()
    services.record_export(organisation=cast.organisation, by=cast.finance, start=day, end=day)
    assert AuditEvent.objects.filter(verb="payments.exported").count() == 1
