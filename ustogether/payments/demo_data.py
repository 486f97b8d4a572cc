"""Demo fees and expenses: a council that pays well and fast, and a trust that shows the failures.

Brackenmoor Borough Council is the good example: fees for every activity, most
costs paid back, claims paid within days. Fernvale's trust sets no fee for
ordinary meetings ("no fee set") and pays late. Between them the finance
officers have a queue: claims to check, one queried, one turned-down fee, and
one agreed claim past the promise.

Some claims are for demo meetings: when a co-lead records who took part, each of
them gets a claim ready to check and send (Danny has one waiting), with the fee
agreed for the meeting, or the council's own rate when the meeting set none.
The policies are made first (`seed_policies`), before the meetings demo records
who came to its meetings.
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

from ustogether.meetings import services as meeting_services
from ustogether.meetings.models import Meeting
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
class DemoMeeting:
    """A meeting that happened, made here so claims can be for it."""

    title: str
    project: str
    kind: str
    days_ago: int
    hours: int
    fee_basis: str = Meeting.FeeBasis.UNPAID
    fee_amount: str = "0.00"
    # People who came besides those with a claim below: they get a claim, not sent yet.
    also_came: tuple[int | str, ...] = ()
    # People recorded as not taking part: they get no claim.
    absent: tuple[int | str, ...] = ()


TIMETABLE = "Trying out the new day centre timetable"
SUMMER_TRIPS = "Planning the summer trips"
MEETINGS: tuple[DemoMeeting, ...] = (
    # A fee agreed for the meeting (£30), above the council's usual £25.
    DemoMeeting(
        TIMETABLE,
        "Places to go in the day",
        Meeting.Kind.WORKSHOP,
        26,
        3,
        fee_basis=Meeting.FeeBasis.PER_SESSION,
        fee_amount="30.00",
        absent=(3,),
    ),
    # No fee agreed for the meeting: the council's rate for a meeting is used.
    DemoMeeting(
        SUMMER_TRIPS, "Places to go in the day", Meeting.Kind.MEETING, 4, 2, also_came=("member",)
    ),
)


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
    # The demo meeting it is for (its day is the day they took part), if any.
    meeting: str = ""


CLAIMS: tuple[DemoClaim, ...] = (
    # The good example: Danny's claims, paid within days.
    DemoClaim("Places to go in the day", "member", 40, 1, 1, 2, receipt=True),
    DemoClaim("Places to go in the day", "member", 26, 0, 1, 1, travel="4.20", meeting=TIMETABLE),
    DemoClaim("Places to go in the day", 0, 33, 2, 2, 3),
    DemoClaim("Places to go in the day", 1, 26, 1, 3, 4, meeting=TIMETABLE),
    DemoClaim("Breaks for carers", 0, 45, 3, 4, 5),
    DemoClaim("Breaks for carers", 1, 38, 2, 6, 6, travel="12.00"),
    # Late: agreed, then left waiting past the 14 days the council promised.
    DemoClaim("Breaks for carers", "carer", 24, 1, 3, None, travel="16.50"),
    # The queue: sent and waiting for a check, one of them from someone who turned the fee down.
    DemoClaim("Places to go in the day", 2, 4, 1, declines_fee=True, meeting=SUMMER_TRIPS),
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


def _decline_fee(person: Person) -> None:
    services.payment_choice_save(
        person=person,
        by=person,
        fee=PaymentChoice.Fee.DECLINE,
        method=PaymentChoice.Method.BANK,
        benefits=PaymentChoice.Benefits.YES,
    )


def _meeting(spec: DemoMeeting, project: Project, came: list[Person], absent: list[Person]) -> None:
    """Plan it weeks before, hold it, and record who took part, as the co-lead would:
    which starts a claim for each person who came."""
    lead = project.created_by
    now = timezone.now()
    meeting = meeting_services.meeting_create(
        project=project,
        by=lead,
        title=spec.title,
        kind=spec.kind,
        purpose="Hear what people think, and agree what to try next.",
        can_change="What we try first, and when.",
        fee_basis=spec.fee_basis,
        fee_amount=Decimal(spec.fee_amount),
        expenses_covered=["travel"],
        how_to_claim="Your claim is ready after the meeting. Add your bus fare and send it.",
    )
    day = timezone.localdate(now) - dt.timedelta(days=spec.days_ago)
    starts = timezone.make_aware(dt.datetime.combine(day, dt.time(10, 30)))
    meeting_services.meeting_fix_date(
        meeting=meeting,
        by=lead,
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=spec.hours),
        now=starts - dt.timedelta(days=30),
    )
    meeting_services.attendance_record(
        meeting=meeting,
        by=lead,
        attended={
            **{p.pk: "in_person" for p in came},
            **{p.pk: "absent" for p in absent},
        },
    )


def _make(spec: DemoClaim, project: Project, person: Person, officer: Person, lead: Person) -> None:
    today = timezone.localdate()
    took_part = today - dt.timedelta(days=spec.took_part_days_ago)
    if spec.meeting:
        # Started when the co-lead recorded who took part; the person checks it and goes on.
        claim = Claim.objects.get(
            meeting__title=spec.meeting, meeting__project=project, person=person
        )
        took_part = claim.activity_date
    else:
        if spec.declines_fee:
            _decline_fee(person)
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


def _finance(
    projects: Sequence[Project], accounts: Mapping[str, Person]
) -> tuple[dict[str, Project], Organisation, Organisation, dict[str, Person]]:
    by_title = {project.title: project for project in projects}
    council = by_title["Places to go in the day"].organisation
    trust = by_title["A calm place to go in a crisis"].organisation
    return (
        by_title,
        council,
        trust,
        {"council": accounts["finance"], "trust": accounts["nhs_finance"]},
    )


def seed_policies(projects: Sequence[Project], accounts: Mapping[str, Person]) -> None:
    """What the council and the trust pay: made before any meeting records who came."""
    _by_title, council, trust, finance = _finance(projects, accounts)
    _policies({"council": council, "trust": trust}, finance)


def seed(projects: Sequence[Project], accounts: Mapping[str, Person]) -> None:
    by_title, council, _trust, finance = _finance(projects, accounts)
    if not services.policy_for(council).rates.exists():
        seed_policies(projects, accounts)
    for spec in CLAIMS:
        if spec.declines_fee and spec.meeting:
            # Said before the meeting, so their claim comes with no fee.
            _decline_fee(_person(by_title[spec.project], spec.member, accounts))
    for meeting in MEETINGS:
        project = by_title[meeting.project]
        came = [
            _person(project, spec.member, accounts)
            for spec in CLAIMS
            if spec.meeting == meeting.title
        ] + [_person(project, who, accounts) for who in meeting.also_came]
        absent = [_person(project, who, accounts) for who in meeting.absent]
        _meeting(meeting, project, came, absent)
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
