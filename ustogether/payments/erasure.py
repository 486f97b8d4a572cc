"""What fees and expenses hold of a person, removed when they close their account.

Their payment choices and payee references are deleted. Their claims, lines,
receipts and payouts are the organisation's money records and stay (see
payments.personal_data), but what the person wrote on them, and what was written
to them about their claim, is blanked; who last changed a policy is taken off.
"""

from __future__ import annotations

from django.db.models import Q

from ustogether.payments.models import (
    Claim,
    ClaimLine,
    PayeeReference,
    PaymentChoice,
    Policy,
    Receipt,
)
from ustogether.people.erasure import Identity, eraser


@eraser
def payment_choices_and_payee_references(identity: Identity) -> None:
    """How they wanted to be paid, and their number in finance systems: private, gone."""
    PaymentChoice.objects.filter(person_id=identity.person_id).delete()
    PayeeReference.objects.filter(person_id=identity.person_id).delete()


@eraser
def their_words_on_claims(identity: Identity) -> None:
    """Claims stay for the organisation's accounts; the words on them go. Expense lines
    keep their kind and amount; a fee line's description is the activity's name."""
    person_id = identity.person_id
    Claim.objects.filter(person_id=person_id).update(description="", query="")
    ClaimLine.objects.filter(claim__person_id=person_id).update(over_limit_reason="")
    ClaimLine.objects.filter(claim__person_id=person_id, kind=ClaimLine.Kind.EXPENSE).update(
        description=""
    )
    Receipt.objects.filter(
        Q(line__claim__person_id=person_id) | Q(uploaded_by_id=person_id)
    ).update(original_name="receipt")


@eraser
def who_changed_a_policy(identity: Identity) -> None:
    Policy.objects.filter(updated_by_id=identity.person_id).update(updated_by=None)
