"""Claims: filled in from the policy, moved only along allowed steps, each step audited."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from ustogether.core.audit import events_for
from ustogether.core.models import AuditEvent
from ustogether.core.testing import Cast
from ustogether.payments import services
from ustogether.payments.models import (
    Claim,
    ClaimLine,
    ExpenseKind,
    PaymentChoice,
    Payout,
    Unit,
)
from ustogether.payments.services import ALLOWED_MOVES
from ustogether.payments.testing import make_claim, pdf, photo

pytestmark = pytest.mark.django_db
S = Claim.Status


def test_a_claim_starts_with_its_fee_filled_in_from_the_policy(cast: Cast) -> None:
    claim = services.claim_start(
        person=cast.member,
        by=cast.member,
        project=cast.project,
        activity_date=timezone.localdate(),
    )
    fee = claim.lines.get()
    assert fee.kind == ClaimLine.Kind.FEE
    assert fee.amount == Decimal("25.00")
    assert isinstance(fee.amount, Decimal)
    assert claim.status == S.DRAFT
    assert not claim.no_fee_set


def test_work_between_meetings_is_paid_by_the_hour_when_the_policy_allows(cast: Cast) -> None:
    claim = services.claim_start(
        person=cast.member,
        by=cast.member,
        project=cast.project,
        activity_date=timezone.localdate(),
        kind=Claim.Kind.BETWEEN,
        unit=Unit.HOUR,
        quantity="2.5",
    )
    assert claim.lines.get().amount == Decimal("25.00")
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
    with pytest.raises(ValidationError, match="does not pay for work between meetings"):
        services.claim_start(
            person=cast.member,
            by=cast.member,
            project=cast.project,
            activity_date=timezone.localdate(),
            kind=Claim.Kind.BETWEEN,
            unit=Unit.HOUR,
        )


def test_a_claim_with_no_matching_rate_is_marked_no_fee_set(cast: Cast) -> None:
    claim = services.claim_start(
        person=cast.member,
        by=cast.member,
        project=cast.project,
        activity_date=timezone.localdate(),
        unit=Unit.DAY,
    )
    assert claim.no_fee_set
    assert not claim.lines.exists()


def test_someone_who_turns_the_fee_down_gets_only_their_costs(cast: Cast) -> None:
    services.payment_choice_save(
        person=cast.member,
        by=cast.member,
        fee=PaymentChoice.Fee.DECLINE,
        method=PaymentChoice.Method.BANK,
        benefits=PaymentChoice.Benefits.YES,
    )
    claim = make_claim(cast)
    assert claim.fee_declined and not claim.no_fee_set
    assert list(claim.lines.values_list("kind", flat=True)) == [ClaimLine.Kind.EXPENSE]


def test_people_outside_the_project_cannot_claim_for_it(cast: Cast) -> None:
    with pytest.raises(ValidationError, match="Only people in the project"):
        services.claim_start(
            person=cast.outsider,
            by=cast.outsider,
            project=cast.project,
            activity_date=timezone.localdate(),
        )


def test_a_co_lead_can_claim_for_a_member_but_a_member_cannot_claim_for_another(
    cast: Cast,
) -> None:
    claim = services.claim_start(
        person=cast.member, by=cast.lead, project=cast.project, activity_date=timezone.localdate()
    )
    assert claim.made_by == cast.lead and claim.person == cast.member
    with pytest.raises(PermissionDenied):
        services.claim_start(
            person=cast.member,
            by=cast.carer,
            project=cast.project,
            activity_date=timezone.localdate(),
        )


def test_a_claim_cannot_be_for_a_day_still_to_come(cast: Cast) -> None:
    with pytest.raises(ValidationError) as error:
        services.claim_start(
            person=cast.member,
            by=cast.member,
            project=cast.project,
            activity_date=timezone.localdate() + dt.timedelta(days=2),
        )
    assert "activity_date" in error.value.message_dict


@pytest.mark.parametrize(
    ("amount", "says"),
    [
        ("-5", "more than £0"),
        ("0", "more than £0"),
        ("12.345", "pounds and pence"),
        ("twelve", "pounds and pence"),
        ("NaN", "pounds and pence"),
        ("25000", "looks too much"),
    ],
)
def test_a_negative_or_absurd_amount_gets_a_clear_message(
    cast: Cast, amount: str, says: str
) -> None:
    claim = make_claim(cast, travel=None, submit=False)
    with pytest.raises(ValidationError) as error:
        services.claim_add_expense(
            claim=claim, by=cast.member, expense_kind=ExpenseKind.TRAVEL, amount=amount
        )
    assert says in " ".join(error.value.message_dict["amount"])
    assert claim.lines.count() == 1  # only the fee: nothing half-added


def test_an_expense_over_the_limit_needs_a_reason_and_is_flagged(cast: Cast) -> None:
    claim = make_claim(cast, travel=None, submit=False)
    with pytest.raises(ValidationError) as error:
        services.claim_add_expense(
            claim=claim, by=cast.member, expense_kind=ExpenseKind.TRAVEL, amount="45.00"
        )
    assert "£30.00 limit" in error.value.message_dict["over_limit_reason"][0]
    line = services.claim_add_expense(
        claim=claim,
        by=cast.member,
        expense_kind=ExpenseKind.TRAVEL,
        amount="45.00",
        over_limit_reason="The bus was not running, so I took a taxi.",
    )
    assert line.over_limit and line.amount == Decimal("45.00")


def test_a_cost_the_policy_does_not_cover_is_refused_saying_what_is(cast: Cast) -> None:
    claim = make_claim(cast, travel=None, submit=False)
    with pytest.raises(ValidationError) as error:
        services.claim_add_expense(
            claim=claim, by=cast.member, expense_kind=ExpenseKind.CHILDCARE, amount="20"
        )
    message = error.value.message_dict["expense_kind"][0]
    assert "does not pay this back" in message and "travel" in message


def test_a_receipt_photo_is_kept_without_its_hidden_location(cast: Cast) -> None:
    claim = make_claim(cast, travel=None, submit=False)
    line = services.claim_add_expense(
        claim=claim,
        by=cast.member,
        expense_kind=ExpenseKind.TRAVEL,
        amount="12.40",
        receipt=photo(),
    )
    receipt = line.receipts.get()
    assert receipt.content_type == "image/jpeg"
    assert receipt.original_name == "bus-ticket.jpg"
    with receipt.file.open("rb") as stored, Image.open(stored) as image:
        assert not image.getexif(), "the camera and location must be gone"


def test_a_pdf_receipt_is_accepted(cast: Cast) -> None:
    claim = make_claim(cast, travel=None, submit=False)
    line = services.claim_add_expense(
        claim=claim, by=cast.member, expense_kind=ExpenseKind.MEALS, amount="6", receipt=pdf()
    )
    assert line.receipts.get().content_type == "application/pdf"


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("receipt.jpg", b"<script>alert(1)</script>", content_type="image/jpeg"),
        SimpleUploadedFile("receipt.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"),
        SimpleUploadedFile("receipt.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
        SimpleUploadedFile("empty.png", b"", content_type="image/png"),
    ],
)
def test_a_receipt_that_is_not_a_picture_or_pdf_is_refused_and_nothing_is_added(
    cast: Cast, upload: SimpleUploadedFile
) -> None:
    claim = make_claim(cast, travel=None, submit=False)
    with pytest.raises(ValidationError) as error:
        services.claim_add_expense(
            claim=claim,
            by=cast.member,
            expense_kind=ExpenseKind.TRAVEL,
            amount="5",
            receipt=upload,
        )
    assert "receipt" in error.value.message_dict
    assert not claim.lines.filter(kind=ClaimLine.Kind.EXPENSE).exists()


def test_a_receipt_too_big_is_refused_with_its_size(cast: Cast, settings) -> None:
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, format="PNG")
    big = SimpleUploadedFile("big.png", out.getvalue() + b"\0" * (9 * 1024 * 1024))
    claim = make_claim(cast, travel=None, submit=False)
    with pytest.raises(ValidationError) as error:
        services.claim_add_expense(
            claim=claim, by=cast.member, expense_kind=ExpenseKind.TRAVEL, amount="5", receipt=big
        )
    assert "too big" in error.value.message_dict["receipt"][0]


def test_sending_sets_the_day_it_must_be_paid_by(cast: Cast) -> None:
    claim = make_claim(cast)
    assert claim.status == S.SUBMITTED
    assert claim.due_on == timezone.localdate() + dt.timedelta(days=14)


def test_an_empty_claim_cannot_be_sent(cast: Cast) -> None:
    services.payment_choice_save(
        person=cast.member,
        by=cast.member,
        fee=PaymentChoice.Fee.DECLINE,
        method=PaymentChoice.Method.BANK,
        benefits=PaymentChoice.Benefits.NO,
    )
    claim = make_claim(cast, travel=None, submit=False)
    with pytest.raises(ValidationError, match="Add at least one cost"):
        services.claim_submit(claim=claim, by=cast.member)


def test_the_whole_journey_is_audited_and_the_person_is_told(cast: Cast) -> None:
    claim = make_claim(cast)
    services.claim_query(claim=claim, by=cast.lead, text="Please add the bus ticket.")
    claim.refresh_from_db()
    assert claim.status == S.QUERIED and claim.query == "Please add the bus ticket."
    services.claim_add_receipt(
        line=claim.lines.get(kind="expense"), by=cast.member, receipt=photo()
    )
    services.claim_submit(claim=claim, by=cast.member)
    services.claim_approve(claim=claim, by=cast.lead)
    payout = services.claim_pay(
        claim=claim,
        by=cast.finance,
        paid_on=timezone.localdate(),
        method="bank",
        reference="BACS 991",
    )
    assert payout.amount == Decimal("37.40")
    claim.refresh_from_db()
    assert claim.status == S.PAID
    verbs = list(events_for(cast.project).order_by("id").values_list("verb", flat=True))
    assert [v for v in verbs if v.startswith("payments.claim_")] == [
        "payments.claim_started",
        "payments.claim_submitted",
        "payments.claim_queried",
        "payments.claim_submitted",
        "payments.claim_approved",
        "payments.claim_paid",
    ]
    subjects = [m.subject for m in mail.outbox if cast.member.email in m.to]
    assert subjects == [
        "We need something for your claim",
        "Your claim is agreed",
        "Your claim is paid",
    ]
    assert "BACS 991" in mail.outbox[-1].body and "37.40" in mail.outbox[-1].body


def _claim_in(cast: Cast, status: str) -> Claim:
    claim = make_claim(cast, submit=status != S.DRAFT)
    if status in (S.QUERIED,):
        services.claim_query(claim=claim, by=cast.lead, text="Which bus?")
    if status in (S.APPROVED, S.PAID):
        services.claim_approve(claim=claim, by=cast.lead)
    if status == S.PAID:
        services.claim_pay(
            claim=claim, by=cast.finance, paid_on=timezone.localdate(), method="bank"
        )
    if status == S.WITHDRAWN:
        services.claim_withdraw(claim=claim, by=cast.member)
    claim.refresh_from_db()
    assert claim.status == status
    return claim


def _try(cast: Cast, claim: Claim, to: str) -> None:
    if to == S.SUBMITTED:
        services.claim_submit(claim=claim, by=cast.member)
    elif to == S.APPROVED:
        services.claim_approve(claim=claim, by=cast.finance)
    elif to == S.QUERIED:
        services.claim_query(claim=claim, by=cast.finance, text="Why?")
    elif to == S.PAID:
        services.claim_pay(
            claim=claim, by=cast.finance, paid_on=timezone.localdate(), method="bank"
        )
    elif to == S.WITHDRAWN:
        services.claim_withdraw(claim=claim, by=cast.member)


NOT_ALLOWED = [
    (before, to)
    for before in S.values
    for to in S.values
    if to != S.DRAFT and to not in ALLOWED_MOVES[before]
]


@pytest.mark.parametrize(("before", "to"), NOT_ALLOWED)
def test_every_move_that_is_not_allowed_is_refused(cast: Cast, before: str, to: str) -> None:
    claim = _claim_in(cast, before)
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError):
        _try(cast, claim, to)
    claim.refresh_from_db()
    assert claim.status == before
    assert AuditEvent.objects.count() == events


def test_every_allowed_move_is_tried_somewhere() -> None:
    moves = {(b, t) for b, ts in ALLOWED_MOVES.items() for t in ts}
    assert moves == {
        (S.DRAFT, S.SUBMITTED),
        (S.DRAFT, S.WITHDRAWN),
        (S.SUBMITTED, S.APPROVED),
        (S.SUBMITTED, S.QUERIED),
        (S.SUBMITTED, S.WITHDRAWN),
        (S.QUERIED, S.SUBMITTED),
        (S.QUERIED, S.WITHDRAWN),
        (S.APPROVED, S.PAID),
    }


@pytest.mark.parametrize(
    ("before", "to"), [m for m in sorted({(b, t) for b, ts in ALLOWED_MOVES.items() for t in ts})]
)
def test_every_allowed_move_works_and_is_audited(cast: Cast, before: str, to: str) -> None:
    claim = _claim_in(cast, before)
    _try(cast, claim, to)
    claim.refresh_from_db()
    assert claim.status == to
    assert AuditEvent.objects.filter(verb=f"payments.claim_{to}", subject_id=claim.pk).exists()


@pytest.mark.parametrize("who", ["member", "carer", "observer", "outsider", "org_admin"])
def test_only_co_leads_and_finance_can_approve(cast: Cast, who: str) -> None:
    claim = make_claim(cast)
    with pytest.raises(PermissionDenied):
        services.claim_approve(claim=claim, by=getattr(cast, who))


@pytest.mark.parametrize("who", ["member", "lead", "org_admin", "outsider"])
def test_only_finance_officers_can_pay(cast: Cast, who: str) -> None:
    claim = _claim_in(cast, S.APPROVED)
    with pytest.raises(PermissionDenied):
        services.claim_pay(
            claim=claim, by=getattr(cast, who), paid_on=timezone.localdate(), method="bank"
        )
    assert not Payout.objects.exists()


def test_nobody_approves_their_own_claim(cast: Cast) -> None:
    claim = make_claim(cast, person=cast.lead)
    with pytest.raises(PermissionDenied):
        services.claim_approve(claim=claim, by=cast.lead)


def test_a_query_must_say_what_is_needed(cast: Cast) -> None:
    claim = make_claim(cast)
    with pytest.raises(ValidationError) as error:
        services.claim_query(claim=claim, by=cast.finance, text="  ")
    assert "text" in error.value.message_dict
    claim.refresh_from_db()
    assert claim.status == S.SUBMITTED


def test_paying_twice_says_so_and_pays_once(cast: Cast) -> None:
    claim = _claim_in(cast, S.APPROVED)
    services.claim_pay(claim=claim, by=cast.finance, paid_on=timezone.localdate(), method="bank")
    with pytest.raises(ValidationError, match="already paid"):
        services.claim_pay(
            claim=claim, by=cast.finance, paid_on=timezone.localdate(), method="bank"
        )
    assert Payout.objects.filter(claim=claim).count() == 1


def test_a_payment_cannot_be_dated_in_the_future(cast: Cast) -> None:
    claim = _claim_in(cast, S.APPROVED)
    with pytest.raises(ValidationError) as error:
        services.claim_pay(
            claim=claim,
            by=cast.finance,
            paid_on=timezone.localdate() + dt.timedelta(days=1),
            method="bank",
        )
    assert "paid_on" in error.value.message_dict


def test_lines_can_change_only_before_sending_or_after_a_query(cast: Cast) -> None:
    claim = make_claim(cast)
    with pytest.raises(ValidationError, match="cannot be changed now"):
        services.claim_add_expense(
            claim=claim, by=cast.member, expense_kind=ExpenseKind.MEALS, amount="5"
        )
    services.claim_query(claim=claim, by=cast.finance, text="Add your lunch if you had one.")
    services.claim_add_expense(
        claim=claim, by=cast.member, expense_kind=ExpenseKind.MEALS, amount="5"
    )
    assert claim.lines.count() == 3


def test_a_finance_look_at_payment_choices_is_audited_without_the_values(cast: Cast) -> None:
    services.payment_choice_save(
        person=cast.member,
        by=cast.member,
        fee=PaymentChoice.Fee.TAKE,
        method=PaymentChoice.Method.BANK,
        benefits=PaymentChoice.Benefits.YES,
    )
    claim = make_claim(cast)
    choice = services.payment_choice_for_finance(
        person=cast.member, by=cast.finance, organisation=cast.organisation, claim=claim
    )
    assert choice is not None and choice.benefits == PaymentChoice.Benefits.YES
    event = AuditEvent.objects.get(verb="payments.choice_viewed")
    assert event.actor == cast.finance
    assert "yes" not in str(event.data).lower() and "bank" not in str(event.data).lower()
    with pytest.raises(PermissionDenied):
        services.payment_choice_for_finance(
            person=cast.member, by=cast.lead, organisation=cast.organisation, claim=claim
        )


def test_only_the_person_changes_their_payment_choices(cast: Cast) -> None:
    with pytest.raises(PermissionDenied):
        services.payment_choice_save(
            person=cast.member, by=cast.finance, fee="take", method="bank", benefits="no"
        )


def test_only_admins_and_finance_set_the_policy(cast: Cast) -> None:
    for who in (cast.lead, cast.member, cast.outsider):
        with pytest.raises(PermissionDenied):
            services.rate_set(
                organisation=cast.organisation,
                by=who,
                activity="",
                role="",
                unit="hour",
                amount="5",
            )
    rate = services.rate_set(
        organisation=cast.organisation,
        by=cast.org_admin,
        activity="",
        role="",
        unit="hour",
        amount="12",
    )
    assert rate.amount == Decimal("12.00")
    assert services.policy_for(cast.organisation).days_to_pay == 14


def test_a_co_lead_helps_a_member_claim_but_someone_else_agrees_it(cast: Cast) -> None:
    from django.test import Client
    from django.urls import reverse

    client = Client()
    client.force_login(cast.lead)
    membership = cast.project.memberships.get(person=cast.member)
    response = client.post(
        reverse("payments:project_claims", args=[cast.project.pk]),
        {"person": membership.pk, "activity_date": timezone.localdate().strftime("%d/%m/%Y")},
    )
    claim = Claim.objects.get(person=cast.member)
    assert response.status_code == 302 and claim.made_by == cast.lead
    services.claim_add_expense(
        claim=claim, by=cast.lead, expense_kind=ExpenseKind.TRAVEL, amount="3"
    )
    services.claim_submit(claim=claim, by=cast.lead)
    with pytest.raises(PermissionDenied):
        services.claim_approve(claim=claim, by=cast.lead)
    services.claim_approve(claim=claim, by=cast.finance)
    claim.refresh_from_db()
    assert claim.status == S.APPROVED


def test_a_co_lead_cannot_claim_for_someone_outside_the_project(cast: Cast) -> None:
    from django.test import Client
    from django.urls import reverse

    client = Client()
    client.force_login(cast.lead)
    response = client.post(
        reverse("payments:project_claims", args=[cast.project.pk]),
        {"person": 999999, "activity_date": timezone.localdate().strftime("%d/%m/%Y")},
    )
    assert response.status_code == 422
    assert (
        "Select a valid choice" in response.content.decode()
        or "Choose" in response.content.decode()
    )
    assert not Claim.objects.exists()


@pytest.mark.parametrize("status", list(Claim.Status))
def test_a_claims_status_label_is_the_same_words_as_djangos(status: str) -> None:
    claim = Claim(status=status)
    assert claim.status_label == claim.get_status_display()
    assert claim.status_label  # never empty
