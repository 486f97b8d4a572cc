"""What projects hold of a person's identity, removed when they close their account."""

from __future__ import annotations

from ustogether.people.erasure import Identity, email_q, eraser
from ustogether.projects.models import Invitation, Membership


@eraser
def invitations_to_them(identity: Identity) -> None:
    """Invitations sent to their address keep their place in the list, without the address."""
    Invitation.objects.filter(email_q("email", identity.emails)).update(email="")


@eraser
def reasons_they_were_removed(identity: Identity) -> None:
    """Why a co-lead removed them was written about them, to them: it goes. The record
    that a co-lead removed them, and when, stays."""
    Membership.objects.filter(person_id=identity.person_id).exclude(removal_reason="").update(
        removal_reason=""
    )
