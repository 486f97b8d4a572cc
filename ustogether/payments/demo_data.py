"""Demo fees and expenses: a council that pays well and fast, and a trust that shows the failures.

Brackenmoor Borough Council is the good example: fees for every activity, most
costs paid back, claims paid within days. Fernvale's trust sets no fee for
ordinary meetings ("no fee set") and pays late. Between them the finance
officers have a queue: claims to check, one queried, one turned-down fee, and
one agreed claim past the promise.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import QuerySet
from django.utils import timezone
from PIL import Image, ImageDraw

from ustogether.payments import services
from ustogether.payments.models import Claim, ExpenseKind, PaymentChoice, Payout, Receipt, Unit
from ustogether.people.models import Organisation, Person
from ustogether.projects.models import Membership, Project

COUNCIL_FEES = (
    ("", "", Unit.SESSION, "25.00"),
    ("", "", Unit.HALF_DAY, "50.00"),
    ("", "", Unit.DAY, "100.00"),
    ("interview_panel", "", Unit.SESSION, "40.00"),
    ("preparing", "", Unit.HOUR, "12.50"),
)
COUNCIL_COSTS: dict[str, Decimal | None] = {
    ExpenseKind.TRAVEL: Decimal("30.00"),
    ExpenseKind.SUPPORT: None,
    ExpenseKind.CARE_COVER: Decimal("60.00"),
    ExpenseKind.CHILDCARE: Decimal("40.00"),
    ExpenseKind.MEALS: Decimal("10.00"),
}
# The trust pays only for workshops and panels: a meeting claim has no fee.
TRUST_FEES = (
    ("workshop", "", Unit.HALF_DAY, "40.00"),
    ("interview_panel", "", Unit.SESSION, "30.00"),
)
TRUST_COSTS: dict[str, Decimal | None] = {
    ExpenseKind.TRAVEL: Decimal("20.00"),
    ExpenseKind.MEALS: None,
}


@dataclass(frozen=True)
class DemoClaim:
    project: str
    # Which ordinary member of the project (by the order they joined), or a demo account.
    member: int | str
    took_part_days_ago: int
    sent_after: int | None  # days after taking part; None: not sent
    agreed_after: int | None = None  # days after it was sent
    paid_after: int | None = None  # days after it was agreed
    travel: str = "8.60"
    query: str = ""
    receipt: bool = False
    declines_fee: bool = False


CLAIMS: tuple[DemoClaim, ...] = (
    # The good example: Danny's claims, paid within days.
    DemoClaim("Places to go in the day", "member", 40, 1, 1, 2, receipt=True),
    DemoClaim("Places to go in the day", "member", 26, 0, 1, 1, travel="4.20"),
    DemoClaim("Places to go in the day", 0, 33, 2, 2, 3),
    DemoClaim("Places to go in the day", 1, 30, 1, 3, 4),
    DemoClaim("Breaks for carers", 0, 45, 3, 4, 5),
    DemoClaim("Breaks for carers", 1, 38, 2, 6, 6, travel="12.00"),
    # Late: agreed, then left waiting past the 14 days the council promised.
    DemoClaim("Breaks for carers", "carer", 24, 1, 3, None, travel="16.50"),
    # The queue: sent and waiting for a check, one of them from someone who turned the fee down.
    DemoClaim("Places to go in the day", 2, 4, 1, declines_fee=True),
    DemoClaim("Help at home for older people", 0, 3, 1, travel="5.80"),
    # Queried: the finance officer needs a receipt; the claim stays open.
    DemoClaim(
        "Places to go in the day",
        3,
        9,
        1,
        travel="28.00",
        query="Please add a photo of your taxi receipt. Then send the claim again.",
    ),
    # The trust: no fee set for meetings, and paid late.
    DemoClaim("A calm place to go in a crisis", 0, 50, 1, 10, 22),
    DemoClaim("A calm place to go in a crisis", 1, 12, 2),
    # Not sent yet.
    DemoClaim("Leaving care, staying well", 0, 2, None),
)


def receipt_photo(text: str) -> SimpleUploadedFile:
    image = Image.new("RGB", (320, 200), "white")
    ImageDraw.Draw(image).text((20, 80), text, fill="black")
    out = io.BytesIO()
    image.save(out, format="JPEG")
    return SimpleUploadedFile("bus-ticket.jpg", out.getvalue(), content_type="image/jpeg")


def _policies(organisations: Mapping[str, Organisation], finance: Mapping[str, Person]) -> None:
    for key, fees, costs, days, vouchers, between in (
        ("council", COUNCIL_FEES, COUNCIL_COSTS, 14, True, True),
        ("trust", TRUST_FEES, TRUST_COSTS, 14, False, False),
    ):
        organisation, officer = organisations[key], finance[key]
        services.policy_update(
            organisation=organisation,
            by=officer,
            days_to_pay=days,
            pays_on_the_day=key == "council",
            offers_vouchers=vouchers,
            pays_between_meetings=between,
            notes=(
                "If you cannot pay the cost of getting here first, tell us. We can buy your "
                "ticket for you."
                if key == "council"
                else ""
            ),
            expenses=costs,
        )
        for activity, role, unit, amount in fees:
            services.rate_set(
                organisation=organisation,
                by=officer,
                activity=activity,
                role=role,
                unit=unit,
                amount=amount,
            )


def _person(project: Project, who: int | str, accounts: Mapping[str, Person]) -> Person:
    if isinstance(who, str):
        return accounts[who]
    members = (
        project.memberships.filter(role=Membership.Role.MEMBER, left_at__isnull=True)
        .exclude(person__in=[a.pk for a in accounts.values()])
        .select_related("person")
        .order_by("id")
    )
    return members[who].person


def _make(spec: DemoClaim, project: Project, person: Person, officer: Person, lead: Person) -> None:
    today = timezone.localdate()
    took_part = today - dt.timedelta(days=spec.took_part_days_ago)
    if spec.declines_fee:
        services.payment_choice_save(
            person=person,
            by=person,
            fee=PaymentChoice.Fee.DECLINE,
            method=PaymentChoice.Method.BANK,
            benefits=PaymentChoice.Benefits.YES,
        )
    claim = services.claim_start(
        person=person,
        by=person,
        project=project,
        activity_date=took_part,
        description="The group meeting",
    )
    services.claim_add_expense(
        claim=claim,
        by=person,
        expense_kind=ExpenseKind.TRAVEL,
        amount=spec.travel,
        description="Bus there and back" if Decimal(spec.travel) < 20 else "Taxi",
        receipt=receipt_photo(f"Bus fare {spec.travel}") if spec.receipt else None,
    )
    if spec.sent_after is None:
        return
    services.claim_submit(claim=claim, by=person)
    # Back-dated to when it happened in the story, so the figures have a history.
    sent_on = took_part + dt.timedelta(days=spec.sent_after)
    sent_at = timezone.make_aware(dt.datetime.combine(sent_on, dt.time(10, 0)))
    days_to_pay = services.policy_for(project.organisation).days_to_pay
    Claim.objects.filter(pk=claim.pk).update(
        submitted_at=sent_at, due_on=sent_on + dt.timedelta(days=days_to_pay)
    )
    claim.refresh_from_db()
    if spec.query:
        services.claim_query(claim=claim, by=officer, text=spec.query)
        return
    if spec.agreed_after is None:
        return
    services.claim_approve(claim=claim, by=lead)
    agreed_at = sent_at + dt.timedelta(days=spec.agreed_after)
    Claim.objects.filter(pk=claim.pk).update(approved_at=agreed_at)
    if spec.paid_after is None:
        return
    services.payee_reference_set(
        organisation=project.organisation,
        person=person,
        by=officer,
        reference=f"SUP-{person.pk:05d}",
    )
    services.claim_pay(
        claim=claim,
        by=officer,
        paid_on=timezone.localdate(agreed_at) + dt.timedelta(days=spec.paid_after),
        method=Payout.Method.BANK,
        reference=f"BACS {claim.pk:06d}",
    )


def seed(projects: Sequence[Project], accounts: Mapping[str, Person]) -> None:
    by_title = {project.title: project for project in projects}
    council = by_title["Places to go in the day"].organisation
    trust = by_title["A calm place to go in a crisis"].organisation
    finance = {"council": accounts["finance"], "trust": accounts["nhs_finance"]}
    _policies({"council": council, "trust": trust}, finance)
    services.payment_choice_save(
        person=accounts["member"],
        by=accounts["member"],
        fee=PaymentChoice.Fee.TAKE,
        method=PaymentChoice.Method.BANK,
        benefits=PaymentChoice.Benefits.NOT_SAY,
    )
    for spec in CLAIMS:
        project = by_title[spec.project]
        officer = finance["council" if project.organisation_id == council.pk else "trust"]
        _make(spec, project, _person(project, spec.member, accounts), officer, project.created_by)


def delete(projects: QuerySet[Project]) -> None:
    """Claims hold on to their projects and people, so they go before them."""
    claims = Claim.objects.filter(project__in=projects)
    for receipt in Receipt.objects.filter(line__claim__in=claims):
        receipt.file.delete(save=False)
    Payout.objects.filter(claim__in=claims).delete()
    claims.delete()
