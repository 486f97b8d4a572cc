"""What contributions hold of a person's identity, removed when they close their account."""

from __future__ import annotations

from ustogether.contributions.models import Contribution
from ustogether.people.erasure import Identity, eraser


@eraser
def names_of_their_files(identity: Identity) -> None:
    """What they said stays with the project, without their name; the name their file
    had on their own device can name them, so it goes (the file keeps its stored name)."""
    Contribution.objects.filter(author_id=identity.person_id).exclude(file_name="").update(
        file_name=""
    )
