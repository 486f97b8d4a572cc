"""Small helpers for tests of fees and expenses: a policy, a claim, a receipt photo."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from ustogether.core.testing import Cast
from ustogether.meetings import services as meeting_services
from ustogether.meetings.models import Meeting
from ustogether.meetings.testing import cast_meeting
from ustogether.payments import services
from ustogether.payments.models import Claim, ExpenseKind, Policy, Unit
from ustogether.people.models import Person


def set_policy(cast: Cast, *, days_to_pay: int = 14, between: bool = True) -> Policy:
    """£25 a meeting, £10 an hour between meetings; travel up to £30, meals up to £10, support."""
    services.policy_update(
        organisation=cast.organisation,
        by=cast.finance,
        days_to_pay=days_to_pay,
        pays_on_the_day=False,
        offers_vouchers=True,
        pays_between_meetings=between,
        notes="",
        expenses={
            ExpenseKind.TRAVEL: Decimal("30.00"),
            ExpenseKind.MEALS: Decimal("10.00"),
            ExpenseKind.SUPPORT: None,
        },
    )
    services.rate_set(
        organisation=cast.organisation,
        by=cast.finance,
        activity="",
        role="",
        unit=Unit.SESSION,
        amount="25.00",
    )
    services.rate_set(
        organisation=cast.organisation,
        by=cast.finance,
        activity="preparing",
        role="",
        unit=Unit.HOUR,
        amount="10.00",
    )
    return services.policy_for(cast.organisation)


def make_claim(
    cast: Cast,
    *,
    person: Person | None = None,
    days_ago: int = 3,
    travel: str | None = "12.40",
    submit: bool = True,
) -> Claim:
    person = person or cast.member
    claim = services.claim_start(
        person=person,
        by=person,
        project=cast.project,
        activity_date=timezone.localdate() - dt.timedelta(days=days_ago),
    )
    if travel is not None:
        services.claim_add_expense(
            claim=claim, by=person, expense_kind=ExpenseKind.TRAVEL, amount=travel
        )
    if submit:
        claim = services.claim_submit(claim=claim, by=person)
    claim.refresh_from_db()
    return claim


def photo(name: str = "bus-ticket.jpg", *, with_location: bool = True) -> SimpleUploadedFile:
    """A small JPEG photo of a receipt, with where it was taken hidden in it."""
    image = Image.new("RGB", (40, 30), "white")
    exif = Image.Exif()
    if with_location:
        exif[0x010F] = "PhoneMaker"  # the camera's maker
        exif[0x8825] = {1: "N", 2: (51.0, 30.0, 0.0)}  # GPS: where it was taken
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def pdf(name: str = "train-ticket.pdf") -> SimpleUploadedFile:
    body = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def past_meeting(
    cast: Cast,
    *,
    days_ago: int = 2,
    hours: float = 2,
    attended: dict[Person, str] | None = None,
    **fields: object,
) -> Meeting:
    """A meeting of the cast's project that took place `days_ago`, with everyone invited.
    With `attended`, the lead records who took part, as after the meeting (which, through
    payments' hook, starts their claims)."""
    meeting = cast_meeting(cast, **fields)
    starts = (timezone.localtime() - dt.timedelta(days=days_ago)).replace(
        hour=10, minute=30, second=0, microsecond=0
    )
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=hours),
        status=Meeting.Status.FIXED,
    )
    meeting.refresh_from_db()
    if attended:
        meeting_services.attendance_record(
            meeting=meeting, by=cast.lead, attended={p.pk: how for p, how in attended.items()}
        )
    return meeting
