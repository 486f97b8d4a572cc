"""Claims for meetings: after a meeting, each person who took part has a claim ready,
its fee filled in from the meeting's agreed terms or the organisation's rates."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from ustogether.core.audit import events_for
from ustogether.core.testing import Cast, make_cast
from ustogether.meetings import services as meeting_services
from ustogether.meetings.models import Meeting
from ustogether.payments import services
from ustogether.payments.models import Claim, ClaimLine, ExpenseKind, PaymentChoice, Unit
from ustogether.payments.testing import past_meeting, set_policy

pytestmark = pytest.mark.django_db
S = Claim.Status


def _decline_fee(person: object) -> None:
    services.payment_choice_save(
        person=person,  # type: ignore[arg-type]
        by=person,  # type: ignore[arg-type]
        fee=PaymentChoice.Fee.DECLINE,
        method=PaymentChoice.Method.BANK,
        benefits=PaymentChoice.Benefits.YES,
    )


def test_recording_attendance_starts_a_draft_claim_with_the_agreed_fee(cast: Cast) -> None:
    meeting = past_meeting(
        cast,
        days_ago=3,
        hours=3,
        fee_basis=Meeting.FeeBasis.PER_HOUR,
        fee_amount=Decimal("20.00"),
        paid_hours=Decimal("2.5"),
        attended={cast.member: "in_person", cast.carer: "absent"},
    )
    claim = Claim.objects.get(meeting=meeting)
    assert claim.person == cast.member
    assert claim.status == S.DRAFT, "nothing is sent for them: they check it first"
    assert claim.made_by == cast.member, "their own claim, so a co-lead may agree it"
    assert claim.activity_date == timezone.localdate(meeting.starts_at)
    assert claim.activity == Meeting.Kind.MEETING
    fee = claim.lines.get()
    assert fee.kind == ClaimLine.Kind.FEE
    assert (fee.unit, fee.quantity, fee.unit_amount) == (Unit.HOUR, Decimal("2.5"), Decimal("20"))
    assert fee.amount == Decimal("50.00") and isinstance(fee.amount, Decimal)
    assert fee.description == "Agreed for this meeting"
    event = events_for(cast.project).get(verb="payments.claim_started")
    assert event.actor == cast.lead
    assert event.data["meeting"] == meeting.pk and event.data["fee"] == "50.00"
    # They are told it is ready; nobody who stayed away is.
    told = [m for m in mail.outbox if m.subject == "Your claim is ready to check and send"]
    assert [m.to for m in told] == [[cast.member.email]]
    assert "Thank you for taking part in" in told[0].body
    assert f"/payments/claims/{claim.pk}/" in told[0].body


def test_without_agreed_terms_the_fee_comes_from_the_policy(cast: Cast) -> None:
    meeting = past_meeting(cast, attended={cast.member: "online"})
    fee = Claim.objects.get(meeting=meeting).lines.get()
    assert (fee.unit, fee.quantity, fee.amount) == (Unit.SESSION, Decimal("1"), Decimal("25.00"))
    assert fee.description == "Meeting"


def test_an_hourly_fee_without_agreed_hours_pays_for_how_long_it_ran(cast: Cast) -> None:
    meeting = past_meeting(
        cast,
        hours=1 + 40 / 60,
        fee_basis=Meeting.FeeBasis.PER_HOUR,
        fee_amount=Decimal("20.00"),
        attended={cast.member: "phone"},
    )
    fee = Claim.objects.get(meeting=meeting).lines.get()
    assert fee.quantity == Decimal("1.67")
    assert fee.amount == Decimal("33.40")


def test_a_rate_for_the_kind_of_activity_comes_before_a_general_one(cast: Cast) -> None:
    services.rate_set(
        organisation=cast.organisation,
        by=cast.finance,
        activity="workshop",
        role="",
        unit=Unit.HALF_DAY,
        amount="45.00",
    )
    meeting = past_meeting(
        cast, hours=5, kind=Meeting.Kind.WORKSHOP, attended={cast.member: "in_person"}
    )
    fee = Claim.objects.get(meeting=meeting).lines.get()
    # Five hours is two half days.
    assert (fee.unit, fee.quantity, fee.amount) == (Unit.HALF_DAY, Decimal("2"), Decimal("90.00"))


def test_no_fee_anywhere_shows_as_no_fee_set(cast: Cast) -> None:
    for rate in services.policy_for(cast.organisation).rates.all():
        services.rate_remove(rate=rate, by=cast.finance)
    meeting = past_meeting(cast, attended={cast.member: "in_person"})
    claim = Claim.objects.get(meeting=meeting)
    assert claim.no_fee_set and not claim.lines.exists()


def test_a_person_who_turned_the_fee_down_gets_a_claim_for_costs_with_no_fee(cast: Cast) -> None:
    _decline_fee(cast.member)
    meeting = past_meeting(
        cast,
        fee_basis=Meeting.FeeBasis.PER_SESSION,
        fee_amount=Decimal("30.00"),
        attended={cast.member: "in_person"},
    )
    claim = Claim.objects.get(meeting=meeting)
    assert claim.fee_declined and not claim.no_fee_set
    assert not claim.lines.filter(kind=ClaimLine.Kind.FEE).exists()
    # Their costs are still paid back.
    services.claim_add_expense(
        claim=claim, by=cast.member, expense_kind=ExpenseKind.TRAVEL, amount="6.80"
    )
    assert services.claim_submit(claim=claim, by=cast.member).status == S.SUBMITTED


def test_no_empty_claim_for_a_person_who_turned_the_fee_down_if_no_costs_are_paid(
    cast: Cast,
) -> None:
    services.policy_update(
        organisation=cast.organisation,
        by=cast.finance,
        days_to_pay=14,
        pays_on_the_day=False,
        offers_vouchers=False,
        pays_between_meetings=False,
        notes="",
        expenses={},
    )
    _decline_fee(cast.member)
    meeting = past_meeting(cast, attended={cast.member: "in_person", cast.carer: "in_person"})
    assert list(Claim.objects.filter(meeting=meeting).values_list("person", flat=True)) == [
        cast.carer.pk
    ]


def test_recording_attendance_again_makes_no_second_claim(cast: Cast) -> None:
    meeting = past_meeting(cast, attended={cast.member: "in_person"})
    for attended in ({cast.member.pk: "in_person"}, {cast.member.pk: "online"}):
        meeting_services.attendance_record(meeting=meeting, by=cast.lead, attended=attended)
    assert Claim.objects.filter(meeting=meeting).count() == 1
    # Someone added later gets theirs, and the first is left alone.
    meeting_services.attendance_record(
        meeting=meeting, by=cast.lead, attended={cast.carer.pk: "sent"}
    )
    assert set(Claim.objects.filter(meeting=meeting).values_list("person", flat=True)) == {
        cast.member.pk,
        cast.carer.pk,
    }
    started = events_for(cast.project).filter(verb="payments.claim_started")
    assert started.count() == 2


def test_a_claim_taken_back_is_not_made_again_but_the_person_may_start_one(cast: Cast) -> None:
    meeting = past_meeting(cast, attended={cast.member: "in_person"})
    first = Claim.objects.get(meeting=meeting)
    services.claim_withdraw(claim=first, by=cast.member)
    meeting_services.attendance_record(
        meeting=meeting, by=cast.lead, attended={cast.member.pk: "in_person"}
    )
    assert Claim.objects.filter(meeting=meeting).count() == 1
    again = services.claim_start_for_meeting(meeting=meeting, person=cast.member, by=cast.member)
    assert again.pk != first.pk and again.lines.get().amount == Decimal("25.00")


def test_observers_and_people_who_did_not_take_part_get_no_claim(cast: Cast) -> None:
    meeting = past_meeting(
        cast,
        attended={cast.observer: "in_person", cast.carer: "absent", cast.member: "in_person"},
    )
    assert list(Claim.objects.filter(meeting=meeting).values_list("person", flat=True)) == [
        cast.member.pk
    ]


def test_a_claim_for_a_meeting_the_person_did_not_attend_is_refused(cast: Cast) -> None:
    meeting = past_meeting(cast, attended={cast.carer: "absent"})
    for who in (cast.carer, cast.member):  # absent; nothing recorded
        with pytest.raises(ValidationError) as refused:
            services.claim_start_for_meeting(meeting=meeting, person=who, by=who)
        assert refused.value.code == "not_attended"
        assert (
            "You cannot claim for “Short breaks: what works”. The record says you did not "
            "take part. If you did, ask a co-lead of the project to change who took part."
        ) in refused.value.messages
    assert not Claim.objects.filter(meeting=meeting).exists()


def test_a_person_not_invited_cannot_claim_for_the_meeting(cast: Cast) -> None:
    meeting = past_meeting(cast)
    with pytest.raises(ValidationError) as refused:
        services.claim_start_for_meeting(meeting=meeting, person=cast.outsider, by=cast.outsider)
    assert refused.value.code == "not_attended"


def test_a_second_claim_for_the_same_meeting_is_refused_pointing_to_the_first(
    cast: Cast,
) -> None:
    meeting = past_meeting(cast, attended={cast.member: "in_person"})
    first = Claim.objects.get(meeting=meeting)
    with pytest.raises(ValidationError) as refused:
        services.claim_start_for_meeting(meeting=meeting, person=cast.member, by=cast.member)
    assert refused.value.code == "already_claimed"
    assert refused.value.params == {"claim": first.pk}
    assert "You already have a claim for “Short breaks: what works”" in refused.value.messages[0]
    assert Claim.objects.filter(meeting=meeting).count() == 1


def test_the_database_refuses_a_second_claim_for_the_same_meeting(cast: Cast) -> None:
    meeting = past_meeting(cast, attended={cast.member: "in_person"})
    first = Claim.objects.get(meeting=meeting)
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.create(
            organisation=cast.organisation,
            project=cast.project,
            person=cast.member,
            made_by=cast.member,
            meeting=meeting,
            activity_date=first.activity_date,
        )


def test_a_co_lead_may_start_a_meeting_claim_for_a_member_and_nobody_else_may(
    cast: Cast,
) -> None:
    meeting = past_meeting(cast)
    meeting.invitees.filter(person=cast.carer).update(attended="in_person")
    for who in (cast.member, cast.outsider, cast.finance):
        with pytest.raises(PermissionDenied):
            services.claim_start_for_meeting(meeting=meeting, person=cast.carer, by=who)
    claim = services.claim_start_for_meeting(meeting=meeting, person=cast.carer, by=cast.lead)
    assert claim.made_by == cast.lead and claim.person == cast.carer


def test_a_cancelled_or_future_meeting_cannot_be_claimed_for(cast: Cast) -> None:
    meeting = past_meeting(cast)
    meeting.invitees.filter(person=cast.member).update(attended="in_person")
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.CANCELLED)
    meeting.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        services.claim_start_for_meeting(meeting=meeting, person=cast.member, by=cast.member)
    assert refused.value.code == "cancelled"
    Meeting.objects.filter(pk=meeting.pk).update(
        status=Meeting.Status.FIXED, starts_at=timezone.now() + dt.timedelta(days=2), ends_at=None
    )
    meeting.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        services.claim_start_for_meeting(meeting=meeting, person=cast.member, by=cast.member)
    assert refused.value.code == "not_yet"


def test_the_meetings_to_claim_for_are_those_attended_with_no_claim_yet(cast: Cast) -> None:
    claimed = past_meeting(cast, title="Claimed already", attended={cast.member: "in_person"})
    open_one = past_meeting(cast, title="Nothing claimed yet", days_ago=5)
    open_one.invitees.filter(person=cast.member).update(attended="online")
    missed = past_meeting(cast, title="Missed it", attended={cast.member: "absent"})
    assert services.meetings_to_claim_for(cast.member) == [open_one]
    services.claim_withdraw(claim=Claim.objects.get(meeting=claimed), by=cast.member)
    assert services.meetings_to_claim_for(cast.member) == [claimed, open_one]
    assert missed not in services.meetings_to_claim_for(cast.member)


def test_meetings_knows_nothing_of_payments() -> None:
    """Apps depend downward: payments hooks into meetings, never the other way round."""
    folder = Path(services.__file__).parent.parent / "meetings"
    for source in folder.rglob("*.py"):
        if "tests" in source.parts:
            continue
        assert "ustogether.payments" not in source.read_text(), source


@pytest.mark.django_db(transaction=True)
def test_two_people_starting_the_same_meeting_claim_at_once_make_one() -> None:
    """On PostgreSQL: the person starts their claim while the co-lead starts it for them.
    The row lock makes the second wait, then find the first one's claim."""
    import threading

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no row locks; this runs on PostgreSQL (make test-postgres).")
    cast = make_cast()
    set_policy(cast)
    meeting = past_meeting(cast)
    meeting.invitees.filter(person=cast.member).update(attended="in_person")
    barrier = threading.Barrier(2)
    results: list[str] = []

    def start(by: object) -> None:
        try:
            barrier.wait()
            services.claim_start_for_meeting(meeting=meeting, person=cast.member, by=by)  # type: ignore[arg-type]
            results.append("started")
        except ValidationError as error:
            results.append(str(error.code))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=start, args=(p,)) for p in (cast.member, cast.lead)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["already_claimed", "started"]
    assert Claim.objects.filter(meeting=meeting).count() == 1


def test_a_co_lead_may_help_with_a_claim_started_at_the_meeting(cast: Cast) -> None:
    meeting = past_meeting(cast, attended={cast.member: "in_person"})
    claim = Claim.objects.get(meeting=meeting)
    for who in (cast.member, cast.finance, cast.carer, cast.outsider):
        with pytest.raises(PermissionDenied):
            services.claim_help(claim=claim, by=who)
    helped = services.claim_help(claim=claim, by=cast.lead)
    assert helped.made_by == cast.lead
    event = events_for(cast.project).get(verb="payments.claim_helped")
    assert event.actor == cast.lead and event.data == {"for": cast.member.pk}
    with pytest.raises(ValidationError) as refused:
        services.claim_help(claim=claim, by=cast.lead)
    assert refused.value.code == "already_helped"


def test_a_sent_claim_cannot_be_taken_over_to_help(cast: Cast) -> None:
    meeting = past_meeting(cast, attended={cast.member: "in_person"})
    claim = services.claim_submit(claim=Claim.objects.get(meeting=meeting), by=cast.member)
    with pytest.raises(ValidationError):
        services.claim_help(claim=claim, by=cast.lead)
    claim.refresh_from_db()
    assert claim.made_by == cast.member


def test_putting_the_record_right_takes_back_an_untouched_draft(cast: Cast) -> None:
    """Written down as there by mistake: the draft made for them is taken back, not
    deleted; one they have added costs to stays, for them to see."""
    meeting = past_meeting(cast, attended={cast.member: "in_person", cast.carer: "online"})
    member_claim = Claim.objects.get(meeting=meeting, person=cast.member)
    carer_claim = Claim.objects.get(meeting=meeting, person=cast.carer)
    services.claim_add_expense(
        claim=carer_claim, by=cast.carer, expense_kind=ExpenseKind.TRAVEL, amount="4.50"
    )
    mail.outbox.clear()
    meeting_services.attendance_record(
        meeting=meeting, by=cast.lead, attended={cast.member.pk: "absent", cast.carer.pk: "absent"}
    )
    [told] = mail.outbox
    assert told.to == [cast.member.email]
    assert told.subject == "The claim we started for you is taken back"
    assert "it now says you did not take part" in told.body
    member_claim.refresh_from_db()
    carer_claim.refresh_from_db()
    assert member_claim.status == S.WITHDRAWN and member_claim.closed_at is not None
    assert carer_claim.status == S.DRAFT, "they added a cost: their work is left alone"
    event = events_for(cast.project).get(verb="payments.claim_withdrawn")
    assert event.subject_id == member_claim.pk and event.actor == cast.lead
    assert event.data == {"from": S.DRAFT, "reason": "did_not_take_part"}
    assert services.meetings_to_claim_for(cast.member) == []
    # Back on the record as there: no second draft is pushed at them, but the meeting
    # is offered to claim for again.
    meeting_services.attendance_record(
        meeting=meeting, by=cast.lead, attended={cast.member.pk: "in_person"}
    )
    assert Claim.objects.filter(meeting=meeting, person=cast.member).count() == 1
    assert services.meetings_to_claim_for(cast.member) == [meeting]


def test_a_draft_a_co_lead_started_for_them_is_not_taken_back(cast: Cast) -> None:
    """Someone is helping with it, so it is theirs to sort out, not the record's."""
    meeting = past_meeting(cast, attended={cast.member: "in_person"})
    claim = Claim.objects.get(meeting=meeting, person=cast.member)
    services.claim_help(claim=claim, by=cast.lead)
    meeting_services.attendance_record(
        meeting=meeting, by=cast.lead, attended={cast.member.pk: "absent"}
    )
    claim.refresh_from_db()
    assert claim.status == S.DRAFT and claim.made_by == cast.lead
