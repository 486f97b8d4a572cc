"""What fees and expenses hold about a person (see core.personal_data).

A person's payment choices and their number in an organisation's finance system
go when they close their account. Claims, their lines, receipts and payouts are
the organisation's money records, which it must keep for tax and audit (HMRC asks
for six years); they stay with the person shown as "A former member", and what the
person wrote on them (what they did, why a cost was over the limit, what was asked
of them, the name of a receipt's file) is blanked by payments.erasure.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q

from ustogether.core.personal_data import data_kind, example, exporter, kept_after_closing
from ustogether.payments.models import (
    Claim,
    ClaimLine,
    PayeeReference,
    PaymentChoice,
    Payout,
    Policy,
    Receipt,
)
from ustogether.people.models import Person

MONEY_RECORD = (
    "A record of money an organisation paid out, which it must keep for tax and money checks "
    "(the tax office (HMRC) asks for six years). The person shows as 'A former member'; what they wrote "
    "on it is blanked."
)
ORGANISATIONS_OWN_WORDS = "The organisation's own words about what it pays, public on its page."


def _claim(c: Claim) -> dict[str, Any]:
    return {
        "claim": c.pk,
        "project": c.project.title,
        "organisation": c.organisation.name,
        "kind": c.get_kind_display(),
        "activity": c.get_activity_display(),
        "meeting": c.meeting.title if c.meeting else "",
        "day_you_took_part": c.activity_date,
        "what_you_did": c.description,
        "currency": c.currency,
        "status": c.get_status_display(),
        "you_did_not_want_a_fee": c.fee_declined,
        "no_fee_was_set": c.no_fee_set,
        "made_for_you_by_someone_else": c.made_by_id != c.person_id,
        "started": c.created_at,
        "sent": c.submitted_at,
        "to_be_paid_by": c.due_on,
        "agreed": c.approved_at,
        "what_we_needed_from_you": c.query,
        "asked": c.queried_at,
        "closed": c.closed_at,
    }


def _line(line: ClaimLine) -> dict[str, Any]:
    return {
        "claim": line.claim_id,
        "kind": line.get_kind_display(),
        "cost": line.get_expense_kind_display(),
        "description": line.description,
        "unit": line.get_unit_display(),
        "how_many": line.quantity,
        "rate": line.unit_amount,
        "amount": line.amount,
        "over_the_limit": line.over_limit,
        "why_over_the_limit": line.over_limit_reason,
        "added": line.created_at,
    }


def _receipt(r: Receipt, person: Person) -> dict[str, Any]:
    return {
        "claim": r.line.claim_id,
        "file_name": r.original_name,
        "file_type": r.content_type,
        "size_in_bytes": r.size,
        "uploaded": r.uploaded_at,
        "uploaded_by_you": r.uploaded_by_id == person.pk,
    }


def _payout(p: Payout) -> dict[str, Any]:
    return {
        "claim": p.claim_id,
        "amount": p.amount,
        "currency": p.currency,
        "paid_on": p.paid_on,
        "how": p.get_method_display(),
        "payment_reference": p.reference,
        "recorded": p.recorded_at,
    }


@exporter(
    "payments",
    "Fees and expenses: how you want to be paid, your claims and payments",
    PaymentChoice,
    PayeeReference,
    Claim,
    Receipt,
    Payout,
    Policy,
    leaves_out={
        "notes": ORGANISATIONS_OWN_WORDS,
    },
)
def payments(person: Person) -> dict[str, Any]:
    theirs = Claim.objects.filter(person=person).select_related(
        "project", "organisation", "meeting"
    )
    choice = PaymentChoice.objects.filter(person=person).first()
    others = Claim.objects.filter(
        Q(made_by=person) | Q(approved_by=person) | Q(payout__paid_by=person)
    ).exclude(person=person)
    return {
        "how_you_want_to_be_paid": [
            {
                "your_fee": choice.get_fee_display(),
                "how": choice.get_method_display(),
                "a_fee_may_affect_your_benefits": choice.get_benefits_display(),
                "changed": choice.updated_at,
            }
        ]
        if choice is not None
        else [],
        "your_number_in_finance_systems": [
            {"organisation": p.organisation.name, "reference": p.reference, "set": p.updated_at}
            for p in PayeeReference.objects.filter(person=person).select_related("organisation")
        ],
        "your_claims": [_claim(c) for c in theirs],
        "lines_on_your_claims": [
            _line(line) for line in ClaimLine.objects.filter(claim__person=person)
        ],
        "receipts": [
            _receipt(r, person)
            for r in Receipt.objects.filter(
                Q(line__claim__person=person) | Q(uploaded_by=person)
            ).select_related("line__claim")
        ],
        "payments_to_you": [_payout(p) for p in Payout.objects.filter(claim__person=person)],
        # What the person did on other people's claims, as a co-lead or finance officer.
        "claims_you_made_agreed_or_paid_for_others": [
            {
                "claim": c.pk,
                "project": c.project.title,
                "you_made_it": c.made_by_id == person.pk,
                "you_agreed_it": c.approved_by_id == person.pk,
                "status": c.get_status_display(),
                "what_they_did": c.description,
                "what_you_asked": c.query,
            }
            for c in others.select_related("project")
        ],
        "payments_you_recorded": [
            _payout(p) for p in Payout.objects.filter(paid_by=person).exclude(claim__person=person)
        ],
        "involvement_policies_you_changed": [
            {"organisation": p.organisation.name, "when": p.updated_at}
            for p in Policy.objects.filter(updated_by=person).select_related("organisation")
        ],
    }


kept_after_closing(
    Claim,
    reason=MONEY_RECORD,
    keeps_text={
        "description": "On claims of other people the person made or agreed: the claimant's "
        "words, which go when the claimant closes their account. Their own are blanked.",
        "query": "On claims of other people the person agreed or queried: asked of the "
        "claimant, part of that claim's record. On their own claims it is blanked.",
    },
)
kept_after_closing(
    Receipt,
    reason=MONEY_RECORD
    + " The receipt is the proof of the cost; its file name is replaced by 'receipt'.",
    keeps_text={"content_type": "The type of file, such as image/jpeg."},
)
kept_after_closing(
    Payout,
    reason=MONEY_RECORD,
    keeps_text={
        "reference": "The organisation's own payment reference, matching its bank records, "
        "kept for its accounts.",
    },
)
kept_after_closing(
    Policy,
    reason="An organisation's involvement policy belongs to the organisation; who last "
    "changed it is taken off.",
    keeps_text={"notes": ORGANISATIONS_OWN_WORDS},
)


@example(PaymentChoice, PayeeReference, Claim, Receipt, Payout, Policy)
def _fees_and_expenses(person: Person, cast: Any) -> None:
    from django.utils import timezone

    from ustogether.core.testing import add_member, make_organisation, make_project
    from ustogether.payments import services
    from ustogether.payments.models import ExpenseKind
    from ustogether.payments.testing import photo, set_policy
    from ustogether.people.models import OrganisationMembership

    # The person is also a finance officer of another organisation: they change its
    # policy, and agree and pay someone else's claim there.
    elsewhere = make_organisation()
    OrganisationMembership.objects.create(
        organisation=elsewhere, person=person, role=OrganisationMembership.Role.FINANCE
    )
    services.policy_update(
        organisation=elsewhere,
        by=person,
        days_to_pay=14,
        pays_on_the_day=False,
        offers_vouchers=True,
        pays_between_meetings=True,
        notes="We pay within two weeks.",
        expenses={ExpenseKind.TRAVEL: None},
    )
    project = make_project(lead=cast.lead, organisation=elsewhere, title="Elsewhere")
    add_member(project, cast.member)
    other = services.claim_start(
        person=cast.member,
        by=cast.member,
        project=project,
        activity_date=timezone.localdate() - dt.timedelta(days=1),
    )
    services.claim_add_expense(
        claim=other, by=cast.member, expense_kind=ExpenseKind.TRAVEL, amount="4.00"
    )
    services.claim_submit(claim=other, by=cast.member)
    services.claim_query(claim=other, by=person, text="Which bus was it?")
    services.claim_submit(claim=other, by=cast.member)
    services.claim_approve(claim=other, by=person)
    services.claim_pay(claim=other, by=person, paid_on=timezone.localdate(), method="cheque")

    set_policy(cast)
    services.payment_choice_save(
        person=person,
        by=person,
        fee="take",
        method="bank",
        benefits="yes",
    )
    claim = services.claim_start(
        person=person,
        by=person,
        project=cast.project,
        activity_date=timezone.localdate() - dt.timedelta(days=2),
        description="Spoke at the workshop.",
    )
    line = services.claim_add_expense(
        claim=claim,
        by=person,
        expense_kind=ExpenseKind.TRAVEL,
        amount="18.00",
        description="Taxi to the hall.",
        receipt=photo("taxi.jpg"),
    )
    services.claim_add_expense(
        claim=claim,
        by=person,
        expense_kind=ExpenseKind.MEALS,
        amount="12.50",
        over_limit_reason="The only cafe open was dear.",
    )
    services.claim_add_receipt(line=line, by=person, receipt=photo("taxi-back.jpg"))
    services.claim_submit(claim=claim, by=person)
    services.claim_query(claim=claim, by=cast.finance, text="Which hall was it?")
    services.claim_submit(claim=claim, by=person)
    services.claim_approve(claim=claim, by=cast.finance)
    services.payee_reference_set(
        organisation=cast.organisation, person=person, by=cast.finance, reference="P-1001"
    )
    services.claim_pay(
        claim=claim, by=cast.finance, paid_on=timezone.localdate(), method="bank", reference="B1"
    )


data_kind(
    name="Involvement policies: what organisations pay",
    models=("payments.Policy", "payments.Rate", "payments.ExpenseRule"),
    what="What each organisation pays people who take part. Its fees. The costs it "
    "pays back, and up to how much. Within how many days it pays.",
    why="So people know before they take part what they will be paid, and when.",
    how_long="As long as the organisation uses the site. If the person who last changed it"
    " closes their account, their name is taken off.",
    who_sees="Anyone. It is public. Only the organisation's admins and finance officers change it.",
    protection="Only the organisation's admins and finance officers can change it. Each "
    "change is in the record of what happened.",
    get_or_erase="It is public, and says nothing about a person. The copy of all we keep says "
    "which policies a person changed.",
)
data_kind(
    name="How a person wants to be paid",
    models=("payments.PaymentChoice", "payments.PayeeReference"),
    what="Whether a person wants a fee, vouchers or only their costs. How they want to "
    "be paid. Whether a fee may affect their benefits. Their number in an "
    "organisation's finance system. No bank details are ever kept here.",
    why="To pay people the way they choose, without putting their benefits at risk.",
    how_long="Until the person changes it or closes their account. Then it is deleted.",
    who_sees="The person. Also finance officers of an organisation they have claimed from,"
    " to pay them. Each look by a finance officer is in the record of what "
    "happened.",
    protection="Only those people can reach it, through one guarded way. The record of what "
    "happened notes each look. It never notes the values.",
    get_or_erase="The copy of all we keep includes it. Closing the account deletes it.",
    sensitive=True,
)
data_kind(
    name="Claims, receipts and payments",
    models=(
        "payments.Claim",
        "payments.ClaimLine",
        "payments.Receipt",
        "payments.Payout",
    ),
    what="Each claim for a fee or costs. The project, the meeting it is for, the day "
    "and the amounts. What the person did, and photos or files of receipts. "
    "Questions asked, who agreed it, and when and how it was paid. Finance "
    "officers can download approved claims as a file for their finance system. "
    "Each download is in the record of what happened.",
    why="To pay people fairly and on time, and for the organisation's accounts.",
    how_long="As long as the organisation must keep money records for tax and money "
    "checks. The tax office (HMRC) asks for six years after the tax year ends. "
    "Then they are deleted, receipts too. If a person closes their account, the "
    "records stay. Their name is taken off. What they wrote on them is blanked.",
    who_sees="The person. Co-leads of the project. The organisation's finance officers.",
    protection="Receipts are checked by their content. Pictures are saved without hidden "
    "data, such as where they were taken. A claim is paid only once.",
    get_or_erase="The copy of all we keep lists a person's claims, lines, receipts and "
    "payments. Closing the account takes their name and words off them.",
)
