"""What projects hold of a person's identity, removed when they close their account."""

from __future__ import annotations

from ustogether.people.erasure import Identity, email_q, eraser
from ustogether.projects.models import Invitation


@eraser
def invitations_to_them(identity: Identity) -> None:
    """Invitations sent to their address keep their place in the list, without the address."""
    Invitation.objects.filter(email_q("email", identity.emails)).update(email="")
