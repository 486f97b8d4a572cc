"""Writes about fees and expenses. Each checks permission, then works, then audits.

A claim moves only along ALLOWED_MOVES; every move is one audited service.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, models, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ustogether.core import uploads
from ustogether.core.audit import record_event
from ustogether.core.email import send_email, site_url
from ustogether.meetings.models import TOOK_PART, Invitee, Meeting
from ustogether.meetings.services import require_organiser
from ustogether.payments.access import can_set_policy, claim_access, is_co_lead, is_finance
from ustogether.payments.models import (
    ZERO,
    Activity,
    Claim,
    ClaimLine,
    ExpenseKind,
    ExpenseRule,
    PayeeReference,
    PaymentChoice,
    Payout,
    Policy,
    Rate,
    Receipt,
    Unit,
)
from ustogether.payments.queries import tax_year_of
from ustogether.people.models import Organisation, Person
from ustogether.projects.models import Membership, Project

S = Claim.Status
ALLOWED_MOVES: dict[str, frozenset[str]] = {
    S.DRAFT: frozenset({S.SUBMITTED, S.WITHDRAWN}),
    S.SUBMITTED: frozenset({S.APPROVED, S.QUERIED, S.WITHDRAWN}),
    S.QUERIED: frozenset({S.SUBMITTED, S.WITHDRAWN}),
    S.APPROVED: frozenset({S.PAID}),
    S.PAID: frozenset(),
    S.WITHDRAWN: frozenset(),
}
# One line above this is almost surely a typing mistake (an extra 0).
MAX_LINE_AMOUNT = Decimal("2000.00")
MAX_QUANTITY = Decimal("31")
RECEIPT = uploads.FileKind(
    "receipt",
    {"application/pdf": "pdf", **uploads.IMAGE.types},
    "a photo or picture (PNG, JPEG, GIF or WebP) or a PDF",
)
# Kept here, not in core.uploads, so any helper with check_file and FileKind serves.
PDF = uploads.FileKind("pdf", {"application/pdf": "pdf"}, "a PDF")


def _money(value: Decimal | str | int, field: str = "amount") -> Decimal:
    """Pounds and pence, exactly: no more than 2 numbers after the point, not below 0."""
    try:
        amount = Decimal(str(value).strip().lstrip("£").replace(",", ""))
    except InvalidOperation:
        raise ValidationError(
            {field: _("Write the amount in pounds and pence, like 12.50.")}
        ) from None
    if not amount.is_finite() or amount.as_tuple().exponent < -2:  # type: ignore[operator]
        raise ValidationError({field: _("Write the amount in pounds and pence, like 12.50.")})
    if amount <= 0:
        raise ValidationError({field: _("The amount must be more than £0.")})
    if amount > MAX_LINE_AMOUNT:
        raise ValidationError(
            {
                field: _(
                    "£%(amount)s looks too much for one line. Check the amount. If it is "
                    "right, split it into lines of £%(max)s or less, or talk to the finance team."
                )
                % {"amount": f"{amount:,.2f}", "max": f"{MAX_LINE_AMOUNT:,.2f}"}
            }
        )
    return amount.quantize(Decimal("0.01"))


# Policy


def policy_for(organisation: Organisation) -> Policy:
    """The organisation's policy; a new one starts with the defaults (14 days to pay).

    A page that loads the organisation with select_related("involvement_policy")
    asks the database nothing more here."""
    try:
        return organisation.involvement_policy
    except Policy.DoesNotExist:
        policy, _created = Policy.objects.get_or_create(organisation=organisation)
        return policy


@transaction.atomic
def policy_update(
    *,
    organisation: Organisation,
    by: Person,
    days_to_pay: int,
    pays_on_the_day: bool,
    offers_vouchers: bool,
    pays_between_meetings: bool,
    notes: str,
    expenses: Mapping[str, Decimal | None],
) -> Policy:
    """Set what the organisation pays. `expenses` maps each covered kind to its limit (or None)."""
    if not can_set_policy(by, organisation.pk):
        raise PermissionDenied("Only the organisation's admins and finance officers can do this.")
    unknown = set(expenses) - set(ExpenseKind.values)
    if unknown:
        raise ValidationError(f"Unknown kinds of expense: {sorted(unknown)}")
    if not 1 <= days_to_pay <= 90:
        raise ValidationError({"days_to_pay": _("Choose a number of days from 1 to 90.")})
    policy = policy_for(organisation)
    policy.days_to_pay = days_to_pay
    policy.pays_on_the_day = pays_on_the_day
    policy.offers_vouchers = offers_vouchers
    policy.pays_between_meetings = pays_between_meetings
    policy.notes = notes.strip()
    policy.updated_by = by
    policy.save()
    policy.expense_rules.exclude(kind__in=list(expenses)).delete()
    for kind, limit in expenses.items():
        if limit is not None and limit < 0:
            raise ValidationError({f"limit_{kind}": _("A limit cannot be less than £0.")})
        ExpenseRule.objects.update_or_create(policy=policy, kind=kind, defaults={"limit": limit})
    record_event(
        organisation,
        "payments.policy_updated",
        actor=by,
        subject=policy,
        data={"days_to_pay": days_to_pay, "expenses": sorted(expenses)},
    )
    return policy


@transaction.atomic
def rate_set(
    *,
    organisation: Organisation,
    by: Person,
    activity: str,
    role: str,
    unit: str,
    amount: Decimal | str,
) -> Rate:
    """Add a fee to the policy, or change the amount of the same kind of fee."""
    if not can_set_policy(by, organisation.pk):
        raise PermissionDenied("Only the organisation's admins and finance officers can do this.")
    if activity not in Activity.values or role not in Rate.Role.values or unit not in Unit.values:
        raise ValidationError(_("Choose the activity, who it is for and how it is paid."))
    value = _money(amount)
    policy = policy_for(organisation)
    rate, _created = Rate.objects.update_or_create(
        policy=policy, activity=activity, role=role, unit=unit, defaults={"amount": value}
    )
    record_event(
        organisation,
        "payments.rate_set",
        actor=by,
        subject=rate,
        data={"activity": activity, "role": role, "unit": unit, "amount": str(value)},
    )
    return rate


@transaction.atomic
def rate_remove(*, rate: Rate, by: Person) -> None:
    organisation = rate.policy.organisation
    if not can_set_policy(by, organisation.pk):
        raise PermissionDenied("Only the organisation's admins and finance officers can do this.")
    record_event(
        organisation,
        "payments.rate_removed",
        actor=by,
        subject=rate,
        data={"activity": rate.activity, "role": rate.role, "unit": rate.unit},
    )
    # Claims keep their own copy of the rate on each line, so none changes.
    rate.delete()


def rate_for(policy: Policy, *, activity: str, role: str, unit: str) -> Rate | None:
    """The best match: this activity and role, then this activity, then any activity."""
    rates = {(r.activity, r.role): r for r in policy.rates.filter(unit=unit)}
    for key in ((activity, role), (activity, ""), ("", role), ("", "")):
        if key in rates:
            return rates[key]
    return None


# The person's choices


@transaction.atomic
def payment_choice_save(
    *, person: Person, by: Person, fee: str, method: str, benefits: str
) -> PaymentChoice:
    if by.pk != person.pk:
        raise PermissionDenied("Only the person can change how they are paid.")
    choice = PaymentChoice(person=person, fee=fee, method=method, benefits=benefits)
    choice.full_clean(exclude=["person"])
    choice, _created = PaymentChoice.objects.update_or_create(
        person=person, defaults={"fee": fee, "method": method, "benefits": benefits}
    )
    # The values are sensitive, so the log says only that they changed.
    record_event(person, "payments.choice_saved", actor=by, subject=choice)
    return choice


def payment_choice_for_finance(
    *, person: Person, by: Person, organisation: Organisation, claim: Claim
) -> PaymentChoice | None:
    """A finance officer looks at how someone wants paying, to pay one claim.

    Each look is written in the audit log, without the values, so the person and
    the organisation can see who looked and why."""
    if claim.person_id != person.pk or claim.organisation_id != organisation.pk:
        raise PermissionDenied("That claim is not this person's claim to this organisation.")
    if not is_finance(by, organisation.pk) or by.pk == person.pk:
        raise PermissionDenied("Only the organisation's finance officers can see this.")
    choice = PaymentChoice.objects.filter(person=person).first()
    record_event(
        organisation,
        "payments.choice_viewed",
        actor=by,
        subject=claim,
        data={"purpose": "paying a claim", "person": person.pk},
    )
    return choice


@transaction.atomic
def payee_reference_set(
    *, organisation: Organisation, person: Person, by: Person, reference: str
) -> PayeeReference:
    """The person's number in the organisation's finance system. Bank details stay there."""
    if not is_finance(by, organisation.pk):
        raise PermissionDenied("Only the organisation's finance officers can do this.")
    if not Claim.objects.filter(organisation=organisation, person=person).exists():
        raise PermissionDenied("This person has not claimed from the organisation.")
    reference = reference.strip()
    if not reference:
        raise ValidationError(
            {"payee_reference": _("Enter the reference from your finance system.")}
        )
    payee, _created = PayeeReference.objects.update_or_create(
        organisation=organisation, person=person, defaults={"reference": reference}
    )
    record_event(organisation, "payments.payee_reference_set", actor=by, subject=payee)
    return payee


# Claims


def _tell(claim: Claim, subject: str, template: str, **context: object) -> None:
    """Tell the person, by email. People who asked for phone or post are listed for
    a call or a letter on the finance queue (see queries.to_tell_other_ways)."""
    person = claim.person
    if not person.email:
        return
    send_email(
        subject=subject,
        body=render_to_string(
            template,
            {
                "claim": claim,
                "person": person,
                "link": site_url(reverse("payments:claim", args=[claim.pk])),
                **context,
            },
        ),
        to=person.email,
        scope=claim.project,
        about=claim,
    )


def _move(claim: Claim, to: str, by: Person, **data: object) -> None:
    if to not in ALLOWED_MOVES[claim.status]:
        raise ValidationError(
            _("This claim is “%(status)s”, so it cannot be %(to)s now.")
            % {"status": claim.get_status_display(), "to": MOVE_WORDS[to]},
            code="not_allowed",
        )
    before = claim.status
    claim.status = to
    record_event(
        claim.project,
        f"payments.claim_{to}",
        actor=by,
        subject=claim,
        data={"from": before, **data},
    )


MOVE_WORDS: dict[str, str] = {
    S.SUBMITTED: _("sent"),
    S.APPROVED: _("agreed"),
    S.QUERIED: _("asked about"),
    S.PAID: _("paid"),
    S.WITHDRAWN: _("taken back"),
    S.DRAFT: _("started again"),
}


def _locked(claim: Claim) -> Claim:
    """The claim, read again and locked until the end of the transaction, so two
    people acting at once take turns (and the second sees what the first did)."""
    return (
        Claim.objects.select_for_update()
        .select_related("organisation", "project", "person")
        .get(pk=claim.pk)
    )


@transaction.atomic
def claim_start(
    *,
    person: Person,
    by: Person,
    project: Project,
    activity_date: dt.date,
    activity: str = Activity.MEETING,
    kind: str = Claim.Kind.ACTIVITY,
    unit: str = Unit.SESSION,
    quantity: Decimal | str = "1",
    description: str = "",
) -> Claim:
    """Start a claim, with its fee line already filled in from the policy.

    The person makes it, or a co-lead of the project makes it for them."""
    membership = Membership.objects.filter(project=project, person=person).first()
    if membership is None:
        raise ValidationError(_("Only people in the project can claim for its work."))
    if by.pk != person.pk and not is_co_lead(by, project.pk):
        raise PermissionDenied("Only the person, or a co-lead of the project, can claim for them.")
    if activity_date > timezone.localdate():
        raise ValidationError({"activity_date": _("Claim after you have taken part, not before.")})
    if kind == Claim.Kind.ACTIVITY:
        # A meeting that day already has its claim: a second one would pay the fee twice.
        meeting_claim = (
            Claim.objects.filter(
                person=person, project=project, activity_date=activity_date, meeting__isnull=False
            )
            .exclude(status=S.WITHDRAWN)
            .select_related("meeting")
            .first()
        )
        if meeting_claim is not None and meeting_claim.meeting is not None:
            raise _already_claimed(meeting_claim.meeting, meeting_claim, own=by.pk == person.pk)
    policy = policy_for(project.organisation)
    if kind == Claim.Kind.BETWEEN:
        if not policy.pays_between_meetings:
            raise ValidationError(
                _("%(org)s does not pay for work between meetings.")
                % {"org": project.organisation.name}
            )
        activity = Activity.PREPARING
    try:
        quantity = Decimal(str(quantity))
    except InvalidOperation:
        quantity = Decimal("-1")
    if not Decimal("0") < quantity <= MAX_QUANTITY or quantity.as_tuple().exponent < -2:  # type: ignore[operator]
        raise ValidationError({"quantity": _("Enter how many, like 1 or 2.5.")})
    choice = PaymentChoice.objects.filter(person=person).first()
    declined = choice is not None and choice.fee == PaymentChoice.Fee.DECLINE
    rate = rate_for(policy, activity=activity, role=membership.role, unit=unit)
    claim = Claim.objects.create(
        organisation=project.organisation,
        project=project,
        person=person,
        made_by=by,
        kind=kind,
        activity=activity,
        activity_date=activity_date,
        description=description.strip(),
        currency=policy.currency,
        fee_declined=declined,
        no_fee_set=rate is None and not declined,
    )
    if rate is not None and not declined:
        _add_fee_line(
            claim,
            description=str(Activity(activity).label) if activity else "",
            unit=unit,
            quantity=quantity,
            unit_amount=rate.amount,
        )
    record_event(
        project,
        "payments.claim_started",
        actor=by,
        subject=claim,
        data={"for": person.pk, "fee_declined": declined, "no_fee_set": claim.no_fee_set},
    )
    return claim


def _add_fee_line(
    claim: Claim, *, description: str, unit: str, quantity: Decimal, unit_amount: Decimal
) -> ClaimLine:
    """The fee, with how many units at what rate: the claim keeps its own copy of the rate."""
    return ClaimLine.objects.create(
        claim=claim,
        kind=ClaimLine.Kind.FEE,
        description=description,
        unit=unit,
        quantity=quantity,
        unit_amount=unit_amount,
        amount=(unit_amount * quantity).quantize(Decimal("0.01")),
    )


# Claims for meetings

FEE_UNITS: dict[str, str] = {
    Meeting.FeeBasis.PER_HOUR: Unit.HOUR,
    Meeting.FeeBasis.PER_SESSION: Unit.SESSION,
    Meeting.FeeBasis.PER_DAY: Unit.DAY,
}
# Without paid hours agreed, a meeting over some days is paid for at most this many hours a day.
MOST_HOURS_A_DAY = Decimal("8")
HOURS_IN_HALF_DAY = Decimal("4")


@dataclass(frozen=True)
class MeetingFee:
    """The fee for taking part in a meeting: so many units at a rate."""

    unit: str
    quantity: Decimal
    unit_amount: Decimal
    # Where the rate comes from, as the claim's fee line says it.
    description: str

    @property
    def amount(self) -> Decimal:
        return (self.unit_amount * self.quantity).quantize(Decimal("0.01"))


def meeting_day(meeting: Meeting) -> dt.date | None:
    """The day the meeting started, in Europe/London."""
    return timezone.localdate(meeting.starts_at) if meeting.starts_at else None


def _meeting_days(meeting: Meeting) -> Decimal:
    """How many days (in Europe/London) the meeting runs on: 1 for most."""
    if meeting.starts_at is None or meeting.ends_at is None:
        return Decimal("1")
    first = timezone.localdate(meeting.starts_at)
    # A meeting ending at midnight does not run on the next day.
    last = timezone.localdate(meeting.ends_at - dt.timedelta(microseconds=1))
    return Decimal(max(1, (last - first).days + 1))


def _meeting_hours(meeting: Meeting) -> Decimal:
    """The hours agreed, else how long it ran (to the nearest minute), at most 8 a day."""
    if meeting.paid_hours:
        return meeting.paid_hours
    if meeting.starts_at is None or meeting.ends_at is None:
        return Decimal("1")
    minutes = Decimal(round((meeting.ends_at - meeting.starts_at).total_seconds() / 60))
    hours = (minutes / 60).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return min(hours, MOST_HOURS_A_DAY * _meeting_days(meeting))


def _quantity(meeting: Meeting, unit: str) -> Decimal:
    if unit == Unit.HOUR:
        return _meeting_hours(meeting)
    if unit == Unit.DAY:
        return _meeting_days(meeting)
    if unit == Unit.HALF_DAY:
        halves = (_meeting_hours(meeting) / HOURS_IN_HALF_DAY).to_integral_value(ROUND_CEILING)
        return min(max(halves, Decimal("1")), 2 * _meeting_days(meeting))
    return Decimal("1")


def meeting_fee(meeting: Meeting, *, role: str) -> MeetingFee | None:
    """The fee for taking part: the terms agreed for the meeting before anyone was
    invited, else the organisation's rate for this kind of activity and this role
    (the closest match; for the whole meeting before by the hour, half day or day).
    None when neither sets a fee."""
    if meeting.fee_basis in FEE_UNITS and meeting.fee_amount > 0:
        unit = FEE_UNITS[meeting.fee_basis]
        return MeetingFee(
            unit, _quantity(meeting, unit), meeting.fee_amount, _("Agreed for this meeting")
        )
    policy = policy_for(meeting.project.organisation)
    rates = {(r.activity, r.role, r.unit): r for r in policy.rates.all()}
    for activity, for_role in ((meeting.kind, role), (meeting.kind, ""), ("", role), ("", "")):
        for unit in (Unit.SESSION, Unit.HOUR, Unit.HALF_DAY, Unit.DAY):
            rate = rates.get((activity, for_role, unit))
            if rate is not None:
                return MeetingFee(
                    unit,
                    _quantity(meeting, unit),
                    rate.amount,
                    str(Activity(meeting.kind).label) if meeting.kind in Activity.values else "",
                )
    return None


def _existing_meeting_claim(meeting: Meeting, person: Person) -> Claim | None:
    return (
        Claim.objects.filter(meeting=meeting, person=person)
        .exclude(status=S.WITHDRAWN)
        .order_by("id")
        .first()
    )


def _already_claimed(meeting: Meeting, claim: Claim, *, own: bool) -> ValidationError:
    return ValidationError(
        (
            _(
                "You already have a claim for “%(meeting)s”. You cannot make a second one. "
                "Open your claim to check it or add costs."
            )
            if own
            else _(
                "They already have a claim for “%(meeting)s”. You cannot make a second one. "
                "Open their claim to check it or add costs."
            )
        )
        % {"meeting": meeting.title},
        code="already_claimed",
        params={"claim": claim.pk},
    )


def _check_meeting_claim(meeting: Meeting, person: Person, *, own: bool) -> None:
    """Refuse, in plain words, a claim for a meeting the person did not take part in."""
    if meeting.is_cancelled:
        raise ValidationError(
            _("“%(meeting)s” was cancelled, so there is nothing to claim for it.")
            % {"meeting": meeting.title},
            code="cancelled",
        )
    if meeting.starts_at is None or meeting.starts_at > timezone.now():
        raise ValidationError(
            _("You can claim for “%(meeting)s” after it has happened.")
            % {"meeting": meeting.title},
            code="not_yet",
        )
    invitee = Invitee.objects.filter(meeting=meeting, person=person).first()
    if invitee is None or invitee.attended not in TOOK_PART:
        raise ValidationError(
            (
                _(
                    "You cannot claim for “%(meeting)s”. The record says you did not take "
                    "part. If you did, ask a co-lead of the project to change who took part."
                )
                if own
                else _(
                    "You cannot claim for them for “%(meeting)s”. The record says they did "
                    "not take part. If they did, change who took part first."
                )
            )
            % {"meeting": meeting.title},
            code="not_attended",
        )
    existing = _existing_meeting_claim(meeting, person)
    if existing is not None:
        raise _already_claimed(meeting, existing, own=own)


def _open_meeting_claim(
    meeting: Meeting, person: Person, *, by: Person, made_by: Person, role: str
) -> Claim:
    """The claim and its fee line. The caller has checked the person took part."""
    project = meeting.project
    policy = policy_for(project.organisation)
    choice = PaymentChoice.objects.filter(person=person).first()
    declined = choice is not None and choice.fee == PaymentChoice.Fee.DECLINE
    fee = None if declined else meeting_fee(meeting, role=role)
    day = meeting_day(meeting)
    assert day is not None  # checked: the meeting has happened
    claim = Claim.objects.create(
        organisation=project.organisation,
        project=project,
        person=person,
        made_by=made_by,
        meeting=meeting,
        kind=Claim.Kind.ACTIVITY,
        activity=meeting.kind if meeting.kind in Activity.values else Activity.MEETING,
        activity_date=day,
        currency=policy.currency,
        fee_declined=declined,
        no_fee_set=fee is None and not declined,
    )
    if fee is not None:
        _add_fee_line(
            claim,
            description=fee.description,
            unit=fee.unit,
            quantity=fee.quantity,
            unit_amount=fee.unit_amount,
        )
    record_event(
        project,
        "payments.claim_started",
        actor=by,
        subject=claim,
        data={
            "for": person.pk,
            "meeting": meeting.pk,
            "fee_declined": declined,
            "no_fee_set": claim.no_fee_set,
            "fee": str(fee.amount) if fee is not None else None,
        },
    )
    return claim


@transaction.atomic
def claim_start_for_meeting(*, meeting: Meeting, person: Person, by: Person) -> Claim:
    """Start a claim for a meeting the person took part in, its fee filled in from the
    meeting's agreed terms or the organisation's rates. One claim for each meeting.

    The person makes it, or a co-lead of the project makes it for them."""
    own = by.pk == person.pk
    if not own and not is_co_lead(by, meeting.project_id):
        raise PermissionDenied("Only the person, or a co-lead of the project, can claim for them.")
    # Two tries at once take turns here; the second finds the first one's claim.
    Invitee.objects.select_for_update().filter(meeting=meeting, person=person).first()
    _check_meeting_claim(meeting, person, own=own)
    membership = Membership.objects.filter(project_id=meeting.project_id, person=person).first()
    try:
        with transaction.atomic():
            return _open_meeting_claim(
                meeting,
                person,
                by=by,
                made_by=by,
                role=membership.role if membership else "",
            )
    except IntegrityError:
        existing = _existing_meeting_claim(meeting, person)
        if existing is None:
            raise
        raise _already_claimed(meeting, existing, own=own) from None


def claims_after_attendance(*, meeting: Meeting, by: Person) -> str | None:
    """Registered with meetings' attendance hook: the claims, and a sentence for the
    co-lead saying what was done, shown when they save who took part."""
    made, taken_back = _claims_for_attendance(meeting=meeting, by=by)
    said = []
    if made:
        said.append(
            ngettext(
                "A claim for %(count)d person is ready for them to check and send.",
                "Claims for %(count)d people are ready for them to check and send.",
                len(made),
            )
            % {"count": len(made)}
        )
    if taken_back:
        said.append(
            ngettext(
                "%(count)d claim not yet sent was taken back, as the record now says they "
                "did not take part.",
                "%(count)d claims not yet sent were taken back, as the record now says "
                "they did not take part.",
                taken_back,
            )
            % {"count": taken_back}
        )
    return " ".join(said) or None


def claims_for_attendance(*, meeting: Meeting, by: Person) -> list[Claim]:
    """After a co-lead records who took part: a draft claim for each of them, with the
    fee filled in, ready for them to check, add costs and send. Nothing is sent for them.

    Safe to run again: anyone with a claim for the meeting (even one they took back)
    gets no other. Left out: observers, and anyone who turned the fee down when the
    organisation pays back no costs, as their claim could only ever be empty. A draft
    nobody touched, for someone the record now says did not take part, is taken back."""
    return _claims_for_attendance(meeting=meeting, by=by)[0]


@transaction.atomic
def _claims_for_attendance(*, meeting: Meeting, by: Person) -> tuple[list[Claim], int]:
    """The claims made, and how many drafts were taken back."""
    require_organiser(meeting, by)
    if meeting.is_cancelled or meeting.starts_at is None or meeting.starts_at > timezone.now():
        return [], 0
    took_part = set(
        Invitee.objects.filter(meeting=meeting, attended__in=TOOK_PART).values_list(
            "person_id", flat=True
        )
    )
    taken_back = _take_back_untouched_drafts(meeting, took_part=took_part, by=by)
    took_part -= set(
        Claim.objects.filter(meeting=meeting, person_id__in=took_part).values_list(
            "person_id", flat=True
        )
    )
    if not took_part:
        return [], taken_back
    roles = dict(
        Membership.objects.filter(
            project_id=meeting.project_id, person_id__in=took_part, left_at__isnull=True
        ).values_list("person_id", "role")
    )
    pays_costs = ExpenseRule.objects.filter(
        policy__organisation_id=meeting.project.organisation_id
    ).exists()
    declined = set(
        PaymentChoice.objects.filter(
            person_id__in=took_part, fee=PaymentChoice.Fee.DECLINE
        ).values_list("person_id", flat=True)
    )
    made: list[Claim] = []
    for person in Person.objects.filter(pk__in=took_part).order_by("pk"):
        role = roles.get(person.pk, "")
        if role == Membership.Role.OBSERVER or (person.pk in declined and not pays_costs):
            continue
        try:
            with transaction.atomic():
                claim = _open_meeting_claim(meeting, person, by=by, made_by=person, role=role)
        except IntegrityError:
            continue  # someone started one at the same moment: theirs stands
        made.append(claim)
        _tell(claim, _("Your claim is ready to check and send"), "payments/email/ready.txt")
    return made, taken_back


def _take_back_untouched_drafts(meeting: Meeting, *, took_part: set[int], by: Person) -> int:
    """When the record is put right and someone did not take part after all, the draft
    made for them when they were written down as there is taken back (kept, not
    deleted), so they are not left with a claim they can never send. Only a draft
    nobody has touched: still made by the person, no costs added. A draft they have
    worked on stays; sending it explains why it cannot go."""
    drafts = (
        Claim.objects.select_for_update(of=("self",))
        .filter(meeting=meeting, status=S.DRAFT, made_by_id=models.F("person_id"))
        .exclude(person_id__in=took_part)
        .exclude(lines__kind=ClaimLine.Kind.EXPENSE)
    )
    taken_back = 0
    for claim in drafts:
        # Looked at again now the row is locked: a cost added while we waited for the
        # lock makes it their work, which stays.
        if claim.lines.filter(kind=ClaimLine.Kind.EXPENSE).exists():
            continue
        _move(claim, S.WITHDRAWN, by, reason="did_not_take_part")
        claim.closed_at = timezone.now()
        claim.save(update_fields=["status", "closed_at"])
        # They were told it was ready, so they are told it is gone, and why.
        _tell(
            claim, _("The claim we started for you is taken back"), "payments/email/taken_back.txt"
        )
        taken_back += 1
    return taken_back


def meetings_to_claim_for(person: Person) -> list[Meeting]:
    """Meetings the person took part in, in projects they are still in, with no claim
    from them yet (one taken back does not count), newest first."""
    claimed = Claim.objects.filter(person=person, meeting__isnull=False).exclude(status=S.WITHDRAWN)
    return list(
        Meeting.objects.filter(
            invitees__person=person,
            invitees__attended__in=TOOK_PART,
            starts_at__lte=timezone.now(),
            project__memberships__person=person,
            project__memberships__left_at__isnull=True,
        )
        .exclude(status=Meeting.Status.CANCELLED)
        .exclude(pk__in=claimed.values("meeting_id"))
        .select_related("project")
        .order_by("-starts_at", "-id")
        .distinct()
    )


@transaction.atomic
def claim_help(*, claim: Claim, by: Person) -> Claim:
    """A co-lead helps a person with a claim they started, or that was started for them
    when attendance was recorded: from now on the co-lead may add their costs and send it
    for them, as with a claim made for them. So, like one, someone else agrees it."""
    claim = _locked(claim)
    access = claim_access(by, claim)
    if not access.is_co_lead or access.is_claimant:
        raise PermissionDenied("Only a co-lead of the project can help someone with their claim.")
    if claim.made_by_id != claim.person_id:
        raise ValidationError(
            _("Someone is already helping with this claim."), code="already_helped"
        )
    if not claim.can_change_lines:
        raise ValidationError(
            _("This claim is “%(status)s”, so it cannot be changed now.")
            % {"status": claim.get_status_display()}
        )
    claim.made_by = by
    claim.save(update_fields=["made_by"])
    record_event(
        claim.project,
        "payments.claim_helped",
        actor=by,
        subject=claim,
        data={"for": claim.person_id},
    )
    return claim


def _require_change(claim: Claim, by: Person) -> None:
    if not claim_access(by, claim).can_change:
        raise PermissionDenied(
            "Only the person who claims, or a co-lead helping them, can do this."
        )
    if not claim.can_change_lines:
        raise ValidationError(
            _("This claim is “%(status)s”, so it cannot be changed now.")
            % {"status": claim.get_status_display()}
        )


@transaction.atomic
def claim_add_expense(
    *,
    claim: Claim,
    by: Person,
    expense_kind: str,
    amount: Decimal | str,
    description: str = "",
    over_limit_reason: str = "",
    receipt: UploadedFile | None = None,
) -> ClaimLine:
    """Add a cost to be paid back, with a receipt if there is one.

    Above the policy's limit it is allowed with a reason, and flagged for whoever approves."""
    claim = _locked(claim)
    _require_change(claim, by)
    rule = ExpenseRule.objects.filter(
        policy__organisation=claim.organisation, kind=expense_kind
    ).first()
    if rule is None:
        covered = ", ".join(
            str(ExpenseKind(k).label).split(":")[0].lower()
            for k in ExpenseRule.objects.filter(
                policy__organisation=claim.organisation
            ).values_list("kind", flat=True)
        )
        raise ValidationError(
            {
                "expense_kind": _("%(org)s does not pay this back. It pays for: %(covered)s.")
                % {"org": claim.organisation.name, "covered": covered or _("nothing yet")}
            }
        )
    value = _money(amount)
    over = rule.limit is not None and value > rule.limit
    if over and not over_limit_reason.strip():
        raise ValidationError(
            {
                "over_limit_reason": _(
                    "This is more than the £%(limit)s limit. Say why, and it will be checked."
                )
                % {"limit": f"{rule.limit:,.2f}"}
            }
        )
    checked = _check_receipt(receipt) if receipt is not None else None
    line = ClaimLine.objects.create(
        claim=claim,
        kind=ClaimLine.Kind.EXPENSE,
        expense_kind=expense_kind,
        description=description.strip(),
        amount=value,
        over_limit=over,
        over_limit_reason=over_limit_reason.strip() if over else "",
    )
    if checked is not None:
        _save_receipt(line, checked, by)
    record_event(
        claim.project,
        "payments.expense_added",
        actor=by,
        subject=claim,
        data={"kind": expense_kind, "over_limit": over, "receipt": checked is not None},
    )
    return line


def _check_receipt(upload: UploadedFile) -> uploads.CheckedFile:
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return uploads.check_file(upload, PDF, field="receipt")
    try:
        return uploads.check_image(upload, field="receipt")
    except ValidationError as error:
        codes = {e.code for errors in error.error_dict.values() for e in errors}
        if "wrong_type" not in codes:
            raise
        raise ValidationError(
            {
                "receipt": _("We cannot use this file. Choose %(kinds)s.")
                % {"kinds": RECEIPT.described}
            }
        ) from None


def _save_receipt(line: ClaimLine, checked: uploads.CheckedFile, by: Person) -> Receipt:
    name = uploads.store(checked, "receipts")
    return Receipt.objects.create(
        line=line,
        file=name,
        content_type=checked.content_type,
        size=checked.size,
        original_name=checked.original_name,
        uploaded_by=by,
    )


@transaction.atomic
def claim_add_receipt(*, line: ClaimLine, by: Person, receipt: UploadedFile) -> Receipt:
    claim = _locked(line.claim)
    _require_change(claim, by)
    stored = _save_receipt(line, _check_receipt(receipt), by)
    record_event(claim.project, "payments.receipt_added", actor=by, subject=claim)
    return stored


@transaction.atomic
def claim_remove_line(*, line: ClaimLine, by: Person) -> None:
    """Take a line off a claim not yet sent (or sent back with a question)."""
    claim = _locked(line.claim)
    _require_change(claim, by)
    record_event(
        claim.project,
        "payments.line_removed",
        actor=by,
        subject=claim,
        data={"kind": line.kind, "amount": str(line.amount)},
    )
    for receipt in line.receipts.all():
        receipt.file.delete(save=False)
    line.delete()


@transaction.atomic
def claim_submit(*, claim: Claim, by: Person) -> Claim:
    claim = _locked(claim)
    if not claim_access(by, claim).can_change:
        raise PermissionDenied(
            "Only the person who claims, or a co-lead helping them, can send it."
        )
    if not claim.lines.exists():
        raise ValidationError(_("Add at least one cost before you send the claim."))
    if claim.meeting is not None:
        # Who took part may have been put right since the claim was started.
        attended = Invitee.objects.filter(
            meeting=claim.meeting, person=claim.person, attended__in=TOOK_PART
        ).exists()
        if not attended:
            raise ValidationError(
                _(
                    "This claim is for “%(meeting)s”, but the record now says %(who)s not "
                    "take part. If that is wrong, ask a co-lead of the project to put it right."
                )
                % {
                    "meeting": claim.meeting.title,
                    "who": _("you did") if by.pk == claim.person_id else _("they did"),
                },
                code="not_attended",
            )
    _move(claim, S.SUBMITTED, by)
    now = timezone.now()
    if claim.submitted_at is None:
        claim.submitted_at = now
        # The promise starts when the claim is first sent, and does not move after.
        days = policy_for(claim.organisation).days_to_pay
        claim.due_on = timezone.localdate(now) + dt.timedelta(days=days)
    claim.save(update_fields=["status", "submitted_at", "due_on"])
    return claim


@transaction.atomic
def claim_withdraw(*, claim: Claim, by: Person) -> Claim:
    claim = _locked(claim)
    if not claim_access(by, claim).can_change:
        raise PermissionDenied("Only the person who claims can take it back.")
    _move(claim, S.WITHDRAWN, by)
    claim.closed_at = timezone.now()
    claim.save(update_fields=["status", "closed_at"])
    return claim


@transaction.atomic
def claim_approve(*, claim: Claim, by: Person) -> Claim:
    claim = _locked(claim)
    if not claim_access(by, claim).can_approve:
        raise PermissionDenied(
            "Only a co-lead or a finance officer can agree a claim, and not their own."
        )
    _move(claim, S.APPROVED, by)
    claim.approved_at = timezone.now()
    claim.approved_by = by
    claim.save(update_fields=["status", "approved_at", "approved_by"])
    _tell(claim, _("Your claim is agreed"), "payments/email/approved.txt")
    return claim


@transaction.atomic
def claim_query(*, claim: Claim, by: Person, text: str) -> Claim:
    """Ask the person for something. The claim stays open and they can change it."""
    claim = _locked(claim)
    if not claim_access(by, claim).can_approve:
        raise PermissionDenied("Only a co-lead or a finance officer can ask about a claim.")
    if not text.strip():
        raise ValidationError({"text": _("Say what you need from them, so they can put it right.")})
    _move(claim, S.QUERIED, by)
    claim.query = text.strip()
    claim.queried_at = timezone.now()
    claim.save(update_fields=["status", "query", "queried_at"])
    _tell(claim, _("We need something for your claim"), "payments/email/queried.txt")
    return claim


@transaction.atomic
def claim_pay(
    *,
    claim: Claim,
    by: Person,
    paid_on: dt.date,
    method: str,
    reference: str = "",
) -> Payout:
    """Record that the claim was paid. A claim is paid once: the row lock makes a
    second finance officer wait, then see it paid; the one-to-one payout backs it up."""
    claim = _locked(claim)
    if not claim_access(by, claim).can_pay:
        raise PermissionDenied("Only the organisation's finance officers can pay a claim.")
    if claim.status == S.PAID:
        raise ValidationError(_("This claim is already paid. Nothing was paid twice."), code="paid")
    if method not in Payout.Method.values:
        raise ValidationError({"method": _("Choose how it was paid.")})
    if paid_on > timezone.localdate():
        raise ValidationError({"paid_on": _("The day it was paid cannot be in the future.")})
    if claim.submitted_at is not None and paid_on < timezone.localtime(claim.submitted_at).date():
        raise ValidationError(
            {"paid_on": _("The day it was paid cannot be before the claim was sent.")}
        )
    _move(claim, S.PAID, by, method=method)
    total = claim.lines.aggregate(total=models.Sum("amount"))["total"] or ZERO
    try:
        with transaction.atomic():
            payout = Payout.objects.create(
                claim=claim,
                amount=total,
                currency=claim.currency,
                paid_on=paid_on,
                method=method,
                reference=reference.strip(),
                paid_by=by,
            )
    except IntegrityError:
        raise ValidationError(
            _("This claim is already paid. Nothing was paid twice."), code="paid"
        ) from None
    claim.closed_at = timezone.now()
    claim.save(update_fields=["status", "closed_at"])
    _tell(claim, _("Your claim is paid"), "payments/email/paid.txt", payout=payout)
    return payout


def record_export(*, organisation: Organisation, by: Person, start: dt.date, end: dt.date) -> None:
    """An export holds names and money: who took one, and for when, is written down."""
    if not is_finance(by, organisation.pk):
        raise PermissionDenied("Only the organisation's finance officers can export claims.")
    record_event(
        organisation,
        "payments.exported",
        actor=by,
        data={"start": start.isoformat(), "end": end.isoformat()},
    )


def _delete_files(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)


# HMRC asks for money records to be kept six years after the end of the tax year they
# belong to; after that we keep nothing we do not need.
MONEY_RECORDS_KEPT_TAX_YEARS = 6


def money_records_kept_until(today: dt.date) -> dt.date:
    """The last day of the newest tax year whose six years are over on `today`: claims
    last touched on or before it may go (a tax year ends on 5 April)."""
    return dt.date(tax_year_of(today) - MONEY_RECORDS_KEPT_TAX_YEARS, 4, 5)


@transaction.atomic
def money_records_clear_old(*, today: dt.date | None = None) -> int:
    """Delete claims whose keeping time is over, with their lines, receipts (files too)
    and payments: paid ones by the day they were paid, and ones never paid (taken back,
    or never sent) by the day they were started. Claims still waiting to be agreed or
    paid are never cleared: money may still be owed. One entry in each organisation's
    record of what happened says how many went. Returns how many claims went."""
    up_to = money_records_kept_until(today or timezone.localdate())
    paid = models.Q(status=Claim.Status.PAID, payout__paid_on__lte=up_to)
    never_paid = models.Q(
        status__in=[Claim.Status.WITHDRAWN, Claim.Status.DRAFT], created_at__date__lte=up_to
    )
    old = list(
        Claim.objects.filter(paid | never_paid)
        .select_for_update(of=("self",))  # not the payout, on the outer join's empty side
        .values_list("pk", "organisation_id")
    )
    if not old:
        return 0
    ids = [pk for pk, _organisation in old]
    by_organisation = Counter(organisation_id for _pk, organisation_id in old)
    files = list(Receipt.objects.filter(line__claim__in=ids).values_list("file", flat=True))
    Payout.objects.filter(claim__in=ids).delete()
    Claim.objects.filter(pk__in=ids).delete()  # lines and receipts go with their claim
    # The files go only once the rows are sure to be gone.
    transaction.on_commit(lambda: _delete_files(files))
    for organisation in Organisation.objects.filter(pk__in=by_organisation):
        record_event(
            organisation,
            "payments.old_records_cleared",
            actor=None,
            data={"claims": by_organisation[organisation.pk], "up_to": up_to.isoformat()},
        )
    return len(ids)
